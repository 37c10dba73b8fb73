/**
 * The 资料库 and 评测 pages in real Chromium against the real server (its own uploads and reports
 * folders): enter the administrative token, upload a Chromium-printed PDF on the library page, watch it
 * arrive, find it in the list, and ask the chat about it — the answer cites it; then run a small
 * evaluation set on the evaluation page, read its figures and open the full report; a bad set is refused
 * with its lines. Screenshots go to test/output/e2e/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, hasChromium, launchBrowser, type Browser, SCREENSHOT_DIR } from '../support/browser.js';
import { startRealServer, type RealServer } from '../support/real-server.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/uploads');
const TOKEN = 'browser-test-admin-token-42';

describe.skipIf(!hasChromium)('library and evaluation pages: real server, Chromium', () => {
  let server: RealServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cewen-pages-'));
    server = await startRealServer({ env: { ADMIN_TOKEN: TOKEN, UPLOADS_DIR: path.join(dir, 'uploads'), EVAL_REPORTS_DIR: path.join(dir, 'reports') } });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    pageErrors = collectPageErrors(page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `pages-${name}.png`), fullPage: true });

  it('uploads a PDF on the library page, then the chat answers from it', async () => {
    await page.goto(`${server.url}/#library`);
    await page.locator('.page-sub', { hasText: '份文件' }).waitFor();
    const total = Number((await page.locator('.page-sub').first().textContent())?.match(/共 (\d+) 份文件/)?.[1]);
    expect(total).toBeGreaterThan(400);
    await page.getByLabel('管理口令').fill(TOKEN);
    await page.locator('.token-form').getByRole('button', { name: '确定' }).click();
    await page.getByTestId('upload-input').setInputFiles(path.join(FIXTURES, 'elderly-care-stations.pdf'));
    const row = page.locator('.upload-row').first();
    await row.locator('.upload-state', { hasText: '已加入' }).waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('已加入《关于支持社区养老驿站建设的若干措施》');
    await page.locator('.page-sub', { hasText: `共 ${total + 1} 份文件` }).waitFor();
    await page.getByLabel('按标题或文号查找').fill('养老驿站');
    const found = page.locator('.doc-table tbody tr');
    await found.first().waitFor();
    expect(await found.count()).toBe(1);
    expect(await found.first().textContent()).toContain('上传：elderly-care-stations.pdf');
    await shot('01-library-uploaded');

    await page.getByRole('button', { name: '对话', exact: true }).click();
    const input = page.getByRole('textbox', { name: '输入问题' });
    await input.fill('社区养老驿站每张护理床位能拿多少建设补贴？');
    await input.press('Enter');
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !!document.querySelector('article.msg-assistant .msg-actions'));
    const answer = page.locator('article.msg-assistant').last();
    expect(await answer.locator('.markdown').textContent()).toContain('3000元');
    expect(await answer.locator('.sources').textContent()).toContain('关于支持社区养老驿站建设的若干措施');
    await shot('02-chat-answers-from-upload');
  });

  it('runs an evaluation set on the evaluation page and opens its report; a bad set is refused by line', async () => {
    const set = path.join(dir, 'mini-set.jsonl');
    const items = [
      {
        id: 'u1',
        question: '社区养老驿站每张护理床位的建设补贴是多少？',
        answer: '3000元',
        evidence: ['按每张护理床位一次性给予3000元建设补贴'],
        doc: '关于支持社区养老驿站建设的若干措施',
        type: 'number',
        keywords: ['3000元'],
      },
      {
        id: 'u2',
        question: '企业名称中的字号应当由几个汉字组成？',
        answer: '两个以上汉字',
        evidence: ['企业名称中的字号应当由两个以上汉字组成'],
        doc: '企业名称登记管理规定',
        type: 'number',
        keywords: ['两个以上'],
      },
      { id: 'u3', question: '火星殖民地的土地怎么申请？', answer: '', evidence: [], doc: '', type: 'unanswerable', keywords: [] },
    ];
    writeFileSync(set, `${items.map((i) => JSON.stringify(i)).join('\n')}\n`);
    await page.goto(`${server.url}/#evaluation`);
    await page.getByRole('heading', { name: '评测', level: 2 }).waitFor();
    await page.getByTestId('eval-input').setInputFiles(set);
    const figures = page.locator('.eval-figures');
    await figures.waitFor({ timeout: 60_000 });
    expect(await figures.textContent()).toContain('hit@1');
    expect(await page.locator('.eval-items > li').count()).toBe(3);
    await shot('03-evaluation-done');
    const href = await page.getByRole('link', { name: /查看完整报告/ }).getAttribute('href');
    const report = await page.context().newPage();
    await report.goto(`${server.url}${href}`);
    expect(await report.locator('h1').textContent()).toBe('Cewen evaluation');
    expect(await report.locator('script').count()).toBe(0);
    await report.screenshot({ path: path.join(SCREENSHOT_DIR, 'pages-04-evaluation-report.png'), fullPage: true });
    await report.close();

    const bad = path.join(dir, 'bad-set.jsonl');
    writeFileSync(bad, `${JSON.stringify(items[0])}\n{"id":"x","question":""}\nnot json\n`);
    await page.getByTestId('eval-input').setInputFiles(bad);
    const alert = page.getByRole('alert').filter({ hasText: '评测集有误' });
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('第 2 行');
    expect(text).toContain('第 3 行');
    await shot('05-evaluation-bad-set');
  });

  it('raised no script errors and no content-security-policy violations', () => {
    // The bad set's 400 is the one failed request the test asked for; the browser logs it as an error.
    const unexpected = pageErrors.filter((e) => !/status of 400 \(Bad Request\)/.test(e));
    expect(unexpected, unexpected.join('\n')).toEqual([]);
    expect(pageErrors.length - unexpected.length).toBe(1);
  });
});
