/**
 * End to end: the real server (cli/serve.ts on a free port, the bundled corpus, the real index,
 * extractive answers) driven through the chat UI in headless Chromium. A question from the corpus
 * streams in with citations; a chip opens the cited article with the passage highlighted; an
 * unanswerable question is refused with the closest documents; markup in a question stays text.
 * Screenshots of each state go to test/output/e2e/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, collectPageErrors, hasChromium, launchBrowser, type Browser, SCREENSHOT_DIR } from '../support/browser';
import { freePort, startRealServer, type RealServer } from '../support/real-server';

const strip = (s: string | null) => (s ?? '').replace(/\s+/g, '');

if (!hasChromium) console.warn(`Skipping the end-to-end browser test: ${CHROMIUM_PATH} is missing (apt-get install -y chromium).`);

describe.skipIf(!hasChromium)('chat end to end: real server, real index, Chromium', () => {
  let server: RealServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startRealServer();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    pageErrors = collectPageErrors(page);
    await page.goto(server.url);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `e2e-${name}.png`) });
  const lastAnswer = () => page.locator('article.msg-assistant').last();

  /** Watches the answer arrive: was it ever marked busy (streaming), and how many text updates were seen. */
  async function watchStreaming() {
    await page.evaluate(() => {
      const w = window as unknown as { __seen: { busy: boolean; lengths: Set<number> } };
      w.__seen = { busy: false, lengths: new Set() };
      new MutationObserver(() => {
        const busy = document.querySelector('article.msg-assistant[aria-busy="true"]');
        if (busy) {
          w.__seen.busy = true;
          w.__seen.lengths.add(busy.querySelector('.markdown')?.textContent?.length ?? 0);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    return async () => {
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !!document.querySelector('article.msg-assistant .msg-actions'));
      return page.evaluate(() => {
        const s = (window as unknown as { __seen: { busy: boolean; lengths: Set<number> } }).__seen;
        return { busy: s.busy, updates: s.lengths.size };
      });
    };
  }

  it('answers a question from the corpus with a streamed, cited answer', async () => {
    await page.getByRole('heading', { name: '查政策，问出处' }).waitFor();
    await shot('01-empty');
    const done = await watchStreaming();
    await page.getByRole('button', { name: '企业名称登记管理规定对企业名称有哪些要求？' }).click();
    const seen = await done();
    expect(seen.busy).toBe(true);

    const answer = lastAnswer();
    const text = strip(await answer.locator('.markdown').textContent());
    expect(text).toContain('企业名称');
    const chips = answer.locator('.cite-chip');
    expect(await chips.count()).toBeGreaterThan(0);
    expect(await chips.first().getAttribute('aria-label')).toMatch(/^引用 \d+：《[^》]+》/);
    // Every chip is listed among the sources under the answer.
    const sources = await answer.locator('.sources .source-n').allTextContents();
    for (const n of await chips.evaluateAll((els) => els.map((e) => e.textContent))) expect(sources).toContain(n);
    await shot('02-answer');
  });

  it('shows where a citation comes from, and opens the article with the cited passage highlighted', async () => {
    const chip = lastAnswer().locator('.cite-chip').first();
    // 引用 1：《标题》第X条 (a title may itself contain 《》)
    const label = (await chip.getAttribute('aria-label'))!.replace(/^引用 \d+：/, '');
    await chip.hover();
    const tip = lastAnswer().locator('.cite:hover [role="tooltip"]');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.locator('.cite-tip-title').textContent()).toBe(label);
    const quote = strip(await tip.locator('.cite-tip-quote').textContent()).replace(/…$/, '');
    await page.waitForTimeout(200); // tooltip fade-in
    // The tooltip is not cut off by the edges of the conversation.
    const fits = await tip.evaluate((el) => {
      const t = el.getBoundingClientRect();
      const box = el.closest('.chat-scroll')!.getBoundingClientRect();
      return t.top >= box.top && t.bottom <= box.bottom && t.left >= box.left && t.right <= box.right;
    });
    expect(fits).toBe(true);
    await shot('03-citation-tooltip');

    await chip.click();
    const panel = page.locator('aside.panel');
    const mark = panel.locator('mark.cited');
    await mark.waitFor();
    const docTitle = strip(await panel.locator('.doc-title').textContent());
    expect(docTitle.length).toBeGreaterThan(2);
    expect(strip(label).startsWith(docTitle)).toBe(true);
    const marked = strip(await mark.textContent());
    expect(marked.length).toBeGreaterThan(4);
    // The highlighted passage is the citation's quote, and it is scrolled into view.
    expect(marked.startsWith(quote)).toBe(true);
    const inView = await mark.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const p = el.closest('.panel-body')!.getBoundingClientRect();
      return r.top >= p.top && r.top < p.bottom;
    });
    expect(inView).toBe(true);
    await shot('04-source-panel');

    await panel.getByRole('button', { name: '阅读全文' }).click();
    await panel.locator('.article-whole mark.cited').waitFor();
    expect(strip(await panel.locator('.article-whole mark.cited').textContent())).toBe(marked);
    await shot('05-whole-document');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('shows the closest provisions as such when it is not confident: marked, cited, not an answer', async () => {
    await page.getByRole('button', { name: '开始新对话' }).first().click();
    const done = await watchStreaming();
    const input = page.getByRole('textbox', { name: '输入问题' });
    await input.fill('开个奶茶店要办什么证？');
    await input.press('Enter');
    await done();
    const answer = lastAnswer();
    await answer.locator('.closest-badge').waitFor();
    expect(await answer.getAttribute('class')).toContain('msg-closest');
    expect(strip(await answer.locator('.markdown').textContent())).toMatch(/^没有找到直接回答的条文，以下规定最接近：/);
    const chips = await answer.locator('.cite-chip').count();
    expect(chips).toBeGreaterThan(0);
    expect(await answer.locator('.sources .sources-title').textContent()).toBe('最接近的规定');
    expect(await answer.locator('.sources .source-item').count()).toBe(chips);
    await shot('06-closest');
  });

  it('says not found for a question nothing in the corpus relates to, and offers the closest documents', async () => {
    await page.getByRole('button', { name: '开始新对话' }).first().click();
    const done = await watchStreaming();
    const input = page.getByRole('textbox', { name: '输入问题' });
    await input.fill('猫咪绝育后多久能洗澡？');
    await input.press('Enter');
    await done();
    const answer = lastAnswer();
    await answer.locator('.refusal').waitFor();
    expect(await answer.locator('.refusal-text').textContent()).toContain('资料库中未找到');
    expect(await answer.locator('.cite-chip').count()).toBe(0);
    const closest = answer.locator('.refusal .doc-link');
    if ((await closest.count()) > 0) {
      await closest.first().click();
      await page.locator('aside.panel .article-whole').waitFor();
      await shot('07-refusal-closest-document');
      await page.keyboard.press('Escape');
    }
    await shot('07-refusal');
  });

  it('shows markup typed into a question as text and runs none of it', async () => {
    await page.getByRole('button', { name: '开始新对话' }).first().click();
    const question = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>企业名称有哪些要求？';
    const done = await watchStreaming();
    const input = page.getByRole('textbox', { name: '输入问题' });
    await input.fill(question);
    await input.press('Enter');
    await done();
    expect(await page.locator('.msg-user-bubble').last().textContent()).toBe(question);
    expect(await page.locator('.messages img, .messages script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await shot('08-markup-as-text');
  });

  it('keeps the conversations after a reload', async () => {
    await page.reload();
    await page.locator('article.msg-assistant').first().waitFor();
    const titles = await page.locator('.convos-list .convo').allTextContents();
    expect(titles.some((t) => t.includes('企业名称登记管理规定对企业名称'))).toBe(true);
    expect(titles.some((t) => t.includes('猫咪绝育后'))).toBe(true);
    expect(titles.some((t) => t.includes('开个奶茶店'))).toBe(true);
  });

  it('raised no script errors and no content-security-policy violations', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('chat end to end: the configured LLM is down', () => {
  let server: RealServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // An OpenAI-compatible endpoint on a port nothing listens on: every LLM call is refused.
    const dead = await freePort();
    server = await startRealServer({
      env: { LLM: 'openai', LLM_BASE_URL: `http://127.0.0.1:${dead}/v1`, LLM_MODEL: 'qwen2.5:7b', LLM_TIMEOUT_MS: '5000' },
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(server.url);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('answers from the corpus anyway and says why, above the answer', async () => {
    await page.getByRole('button', { name: '小微企业所得税按什么税率交？' }).click();
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !!document.querySelector('article.msg-assistant .msg-actions'));
    const answer = page.locator('article.msg-assistant').last();
    const notice = answer.getByRole('status');
    expect(strip(await notice.textContent()).length).toBeGreaterThan(4);
    expect(await answer.locator('.cite-chip').count()).toBeGreaterThan(0);
    await answer.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-08-llm-down-fallback.png') });
  });
});
