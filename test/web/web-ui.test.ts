/**
 * The chat UI in a real headless Chromium, against the scripted chat server (the real web bundle,
 * scripted answers), for the states the real pipeline cannot be made to show on demand: a fallback
 * notice, a stopped answer, an error response, an unreachable server, a very long answer, a phone
 * screen, reloads. test/e2e-chat.test.ts runs the main flow against the real server.
 * Screenshots of each state go to test/output/e2e/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, collectPageErrors, hasChromium, launchBrowser, type Browser, SCREENSHOT_DIR } from '../support/browser';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-chat-server';

if (!hasChromium) console.warn(`Skipping the UI browser tests: ${CHROMIUM_PATH} is missing (apt-get install -y chromium).`);

describe.skipIf(!hasChromium)('chat UI in Chromium (scripted answers)', () => {
  let server: ScriptedServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startScriptedServer();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    pageErrors = collectPageErrors(page, (text) => /Content Security Policy|Refused to/.test(text));
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const shot = (name: string, p: Page = page) => p.screenshot({ path: path.join(SCREENSHOT_DIR, `ui-${name}.png`) });
  const assistants = (p: Page = page) => p.locator('article.msg-assistant');

  /** Types a question, sends it with Enter, and waits until the answer has finished. */
  async function ask(question: string, p: Page = page) {
    const before = await assistants(p).count();
    const input = p.getByRole('textbox', { name: '输入问题' });
    await input.fill(question);
    await input.press('Enter');
    await p.waitForFunction((n) => document.querySelectorAll('article.msg-assistant').length > n && !document.querySelector('[aria-busy="true"]'), before);
    return assistants(p).last();
  }

  it('shows example questions, and keeps Shift+Enter as a new line', async () => {
    await page.getByRole('heading', { name: '查政策，问出处' }).waitFor();
    await expect(page.locator('.example').count()).resolves.toBe(4);
    const input = page.getByRole('textbox', { name: '输入问题' });
    await input.fill('第一行');
    await input.press('Shift+Enter');
    await input.pressSequentially('第二行');
    await expect(input.inputValue()).resolves.toBe('第一行\n第二行');
    await expect(assistants().count()).resolves.toBe(0);
    await input.fill('');
    await shot('01-empty');
  });

  it('streams a cited answer; a chip names its source on hover and opens the highlighted article', async () => {
    await page.getByRole('button', { name: '企业名称登记管理规定对企业名称有哪些要求？' }).click();
    // While it streams, the answer is marked busy for assistive technology.
    await page.locator('article.msg-assistant[aria-busy="true"]').waitFor();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    const answer = assistants().last();
    await expect(answer.locator('.cite-chip').count()).resolves.toBe(4);
    await expect(answer.locator('.sources li').count()).resolves.toBe(4);
    await expect(answer.locator('strong').first().textContent()).resolves.toBe('使用规范汉字');

    const chip = answer.getByRole('button', { name: '引用 3：《企业名称登记管理规定》第八条', exact: true });
    await chip.hover();
    const tip = answer.locator('.cite:hover [role="tooltip"]');
    await tip.waitFor({ state: 'visible' });
    await expect(tip.textContent()).resolves.toContain('《企业名称登记管理规定》第八条');
    await page.waitForTimeout(200); // let the tooltip finish fading in for the screenshot
    await shot('02-answer-hover');

    await chip.click();
    const mark = page.locator('aside.panel mark.cited');
    await mark.waitFor();
    await expect(mark.textContent()).resolves.toBe('企业名称中的字号应当由两个以上汉字组成');
    await expect(page.locator('aside.panel').textContent()).resolves.toContain('国务院令第734号');
    await expect(mark.isVisible()).resolves.toBe(true);
    await shot('03-panel');

    await page.getByRole('button', { name: '阅读全文' }).click();
    await page.locator('aside.panel .article-whole mark.cited').waitFor();
    await expect(page.locator('aside.panel .article-whole').textContent()).resolves.toContain('第一条 为了规范企业名称登记管理');
    await shot('04-document');

    await page.keyboard.press('Escape');
    await page.locator('aside.panel').waitFor({ state: 'detached' });
    // Focus goes back to the chip that opened the panel (in the next animation frame after the panel closes).
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-cite') === '3', null, { timeout: 5000 });
  });

  it('keeps the conversation across a reload, citations included', async () => {
    await page.reload();
    await page.locator('.cite-chip').first().waitFor();
    await expect(page.getByRole('navigation', { name: '历史对话' }).textContent()).resolves.toContain('企业名称登记管理规定对企业名称');
    await expect(assistants().last().locator('.cite-chip').count()).resolves.toBe(4);
  });

  it('shows the rewritten follow-up question and the fallback notice', async () => {
    const answer = await ask('模型故障时字号有什么要求？');
    await expect(answer.locator('.msg-rewrite').textContent()).resolves.toContain('企业名称登记管理规定对企业名称有哪些要求？');
    await expect(answer.getByRole('status').textContent()).resolves.toContain('语言模型暂时不可用');
    await answer.scrollIntoViewIfNeeded();
    await shot('05-notice');
  });

  it('regenerates the latest answer', async () => {
    const asked = server.questions.length;
    await assistants().last().getByRole('button', { name: '重新生成这个回答' }).click();
    await expect.poll(() => server.questions.length).toBe(asked + 1);
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    await assistants().last().getByRole('button', { name: '重新生成这个回答' }).waitFor();
    expect(server.questions.at(-1)).toBe('模型故障时字号有什么要求？');
  });

  it('stops a running answer and says it is unfinished', async () => {
    await page.getByRole('button', { name: '开始新对话' }).first().click();
    const input = page.getByRole('textbox', { name: '输入问题' });
    await input.fill('请慢一点说明企业名称的要求');
    await input.press('Enter');
    await page.locator('article.msg-assistant .markdown').waitFor();
    await page.getByRole('button', { name: '停止生成' }).click();
    await page.getByText('回答未完成').waitFor();
    await expect(page.getByRole('button', { name: '发送问题' }).isVisible()).resolves.toBe(true);
    await shot('06-stopped');
  });

  it('shows markup in questions, answers and documents as text, and runs none of it', async () => {
    await page.getByRole('button', { name: '开始新对话' }).first().click();
    const question = '<img src=x onerror="window.__xss=5"><script>window.__xss=6</script>这段标记会怎样？';
    const answer = await ask(question);
    await expect(page.locator('.msg-user-bubble').last().textContent()).resolves.toBe(question);
    await expect(answer.locator('.markdown').textContent()).resolves.toContain('<script>window.__xss = 3</script>');
    await expect(page.locator('.messages img, .messages script').count()).resolves.toBe(0);

    const refusal = await ask('火星移民签证怎么办理？');
    await refusal.getByRole('button', { name: /标记测试文件/ }).click();
    await page.locator('aside.panel .article-text').waitFor();
    await expect(page.locator('aside.panel .doc-title').textContent()).resolves.toBe('《标记测试文件<script>alert(1)</script>》');
    await expect(page.locator('aside.panel .article-text').textContent()).resolves.toContain('<img src=x onerror="window.__xss = 2">');
    await expect(page.locator('aside.panel').textContent()).resolves.toContain('已过有效期');
    await expect(page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).resolves.toBeUndefined();
    await shot('07-markup-as-text');
    await page.keyboard.press('Escape');
  });

  it('reports a server error with a retry', async () => {
    const asked = server.questions.length;
    const input = page.getByRole('textbox', { name: '输入问题' });
    await input.fill('这个问题会报错');
    await input.press('Enter');
    const alert = page.locator('.chat-error[role="alert"]');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('语言模型暂不可用');
    await alert.getByRole('button', { name: '重试' }).click();
    await expect.poll(() => server.questions.length).toBe(asked + 2);
    await alert.waitFor();
    await shot('08-server-error');
  });

  it('tells the user when the server cannot be reached, and recovers', async () => {
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: '开始新对话' }).first().click();
    const input = page.getByRole('textbox', { name: '输入问题' });
    await input.fill('小微企业所得税有什么优惠？');
    await input.press('Enter');
    await page.locator('.banner[role="alert"]').waitFor();
    await expect(page.locator('.chat-error').textContent()).resolves.toContain('无法连接到策问服务器');
    await shot('09-unreachable');
    await page.unroute('**/api/**');
    await page.getByRole('button', { name: '重试连接' }).click();
    await page.locator('.banner').waitFor({ state: 'detached' });
  });

  it('shows the query in policy words that a rewritten question was searched with', async () => {
    const answer = await ask('口语问法：店名能起几个字？');
    await expect(answer.locator('.msg-search').textContent()).resolves.toBe('检索用语：企业名称 字号 汉字');
    const plain = await ask('字号有什么要求？');
    await expect(plain.locator('.msg-search').count()).resolves.toBe(0);
  });

  it('lays out a very long answer with the composer still in reach', async () => {
    await page.getByRole('button', { name: '开始新对话' }).first().click();
    const answer = await ask('请详细说明企业名称的各项要求');
    await expect(answer.locator('.markdown li').count()).resolves.toBe(40);
    // The view followed the answer to its end, and nothing overflows sideways.
    await expect(answer.locator('.msg-actions').isVisible()).resolves.toBe(true);
    const overflow = await page.evaluate(() => {
      const el = document.querySelector('.chat-scroll')!;
      return { sideways: el.scrollWidth > el.clientWidth, atBottom: el.scrollHeight - el.scrollTop - el.clientHeight < 4 };
    });
    expect(overflow).toEqual({ sideways: false, atBottom: true });
    await expect(page.getByRole('textbox', { name: '输入问题' }).isVisible()).resolves.toBe(true);
    await shot('10-long-answer');
  });

  it('gives every control an accessible name', async () => {
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button, textarea, input, a[href]')]
        .filter((el) => !(el.getAttribute('aria-label') || el.textContent?.trim()))
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
  });

  it('works on a phone: the drawer holds the conversations, the panel is a full-screen sheet', async () => {
    const p = await browser.context.newPage();
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto(server.url);
    await p.getByRole('button', { name: '开始新对话' }).last().click();
    await shot('11-phone-empty', p);
    const answer = await ask('企业名称登记管理规定对企业名称有哪些要求？', p);
    await shot('12-phone-answer', p);
    await answer.locator('.cite-chip').first().click();
    await p.locator('aside.panel mark.cited').waitFor();
    const box = await p.locator('aside.panel').boundingBox();
    expect(box && { x: box.x, width: box.width }).toEqual({ x: 0, width: 390 });
    await shot('13-phone-panel', p);
    await p.getByRole('button', { name: '关闭原文面板（Esc）' }).click();
    await p.getByRole('button', { name: '打开历史对话' }).click();
    await p.getByRole('navigation', { name: '历史对话' }).waitFor({ state: 'visible' });
    // Opening the drawer moves focus into it.
    await expect(p.evaluate(() => document.activeElement?.closest('.sidebar') !== null)).resolves.toBe(true);
    await p.waitForTimeout(300); // the drawer slides in
    await shot('14-phone-drawer', p);
    await p.close();
  });

  it('raised no script errors and no content-security-policy violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
