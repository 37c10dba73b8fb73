/**
 * End to end: confirming from the chat window that a cited article answers the question. The real
 * server (cli/serve.ts) over the 25 STARD articles of test/fixtures/jsonl/stard-sample.jsonl, with
 * LABELS_FILE in a temporary folder, driven in headless Chromium: ask, open a citation, press
 * "此条回答了我的问题", see it recorded (also after reopening the panel) and find the line in the file;
 * for a follow-up the server rewrote, the line holds the standalone question.
 * With LABELS_FROM_UI=off the button is not offered. Screenshots go to test/output/e2e/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueryParts } from '../../server/runtime.js';
import { CHROMIUM_PATH, collectPageErrors, hasChromium, launchBrowser, type Browser, SCREENSHOT_DIR } from '../support/browser';
import { startRealServer, type RealServer } from '../support/real-server';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SAMPLE = path.join(ROOT, 'test/fixtures/jsonl/stard-sample.jsonl');
const QUESTION = '夫妻一方经营个体工商户所欠的债务，由谁偿还？';
const CONFIRM = '此条回答了我的问题';
const RECORDED = '已记录：今后类似问题会优先参考此条';
const strip = (s: string | null) => (s ?? '').replace(/\s+/g, '');

if (!hasChromium) console.warn(`Skipping the confirmation browser test: ${CHROMIUM_PATH} is missing (apt-get install -y chromium).`);

/** Asks `question` in a fresh page and waits for the whole answer. */
async function ask(page: Page, question: string) {
  const input = page.getByRole('textbox', { name: '输入问题' });
  await input.fill(question);
  await input.press('Enter');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !!document.querySelector('article.msg-assistant .msg-actions'));
  return page.locator('article.msg-assistant').last();
}

describe.skipIf(!hasChromium)('confirming a cited article from the chat window (real server, Chromium)', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cewen-e2e-labels-'));
    corpusDir = path.join(dir, 'corpus');
    indexDir = path.join(dir, 'index');
    mkdirSync(corpusDir);
    writeFileSync(path.join(corpusDir, 'articles.jsonl'), readFileSync(SAMPLE));
    await openQueryParts({ corpusDir, indexDir, embeddings: { kind: 'local' } });
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('LABELS_FROM_UI on', () => {
    let server: RealServer;
    let page: Page;
    let pageErrors: string[];
    let labelsFile: string;

    beforeAll(async () => {
      labelsFile = path.join(dir, 'labels.jsonl');
      server = await startRealServer({ env: { INDEX_DIR: indexDir, CORPUS_DIR: corpusDir, LABELS_FILE: labelsFile, LABELS_FROM_UI: 'on' } });
      page = await browser.context.newPage();
      // The refusal below is simulated, and Chromium logs the failed request as a console error.
      pageErrors = collectPageErrors(page, (text) => !/status of 403/.test(text));
      await page.goto(server.url);
    }, 180_000);

    afterAll(async () => {
      await page?.close();
      await server?.close();
    });

    it('records the question and the cited article; says so, shows the server’s refusal with a retry, and stays recorded on reopening', async () => {
      const answer = await ask(page, QUESTION);
      const source = answer.locator('.sources .source-item').first();
      await source.waitFor();
      // 打开引用 1：《标题》第X条
      const cited = (await source.getAttribute('aria-label'))!.replace(/^打开引用 \d+：/, '');
      const articleName = cited.replace(/[《》\s]/g, '');

      await source.click();
      const panel = page.locator('aside.panel');
      await panel.locator('mark.cited').waitFor();
      const button = panel.getByRole('button', { name: CONFIRM });
      await button.waitFor();
      expect(await panel.locator('.confirm-question').textContent()).toContain(QUESTION);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-labels-01-confirm.png') });

      // First the server refuses (as one with LABELS_FROM_UI=off would): its message and a retry are shown.
      await page.route('**/api/labels', (route) =>
        route.fulfill({
          status: 403,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'forbidden', message: 'This server does not record confirmations (LABELS_FROM_UI=off).' } }),
        }),
      );
      // By keyboard: the button is reachable and pressed with Enter.
      await button.focus();
      await page.keyboard.press('Enter');
      const alert = panel.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('This server does not record confirmations');
      expect(existsSync(labelsFile)).toBe(false);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-labels-02-refused.png') });
      await page.unroute('**/api/labels');

      const retry = panel.getByRole('button', { name: /重试/ });
      await retry.click();
      const done = panel.getByRole('button', { name: RECORDED });
      await done.waitFor();
      expect(await done.getAttribute('aria-disabled')).toBe('true');
      expect(await panel.getByRole('alert').count()).toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-labels-03-recorded.png') });

      const lines = readFileSync(labelsFile, 'utf8').split('\n').filter(Boolean);
      expect(lines.map((l) => JSON.parse(l))).toEqual([{ question: QUESTION, articles: [articleName] }]);

      // The keyboard focus stayed on the button through sending, and pressing it again records nothing more.
      expect(await done.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      expect(readFileSync(labelsFile, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);

      // Closed and reopened in the same page: still recorded, not offered again.
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
      await source.click();
      await panel.locator('mark.cited').waitFor();
      await panel.getByRole('button', { name: RECORDED }).waitFor();
      expect(await panel.getByRole('button', { name: CONFIRM, exact: true }).count()).toBe(0);
    });

    it('for a rewritten follow-up, records the standalone question the server searched with', async () => {
      await page.keyboard.press('Escape');
      const answer = await ask(page, '那农村承包经营户呢？');
      const rewritten = strip(await answer.locator('.msg-rewrite').textContent()).replace(/^按完整问题检索：/, '');
      expect(rewritten).toContain('农村承包经营户');
      expect(rewritten.length).toBeGreaterThan('那农村承包经营户呢？'.length);
      const source = answer.locator('.sources .source-item').first();
      const articleName = (await source.getAttribute('aria-label'))!.replace(/^打开引用 \d+：/, '').replace(/[《》\s]/g, '');
      await source.click();
      const panel = page.locator('aside.panel');
      await panel.locator('mark.cited').waitFor();
      await panel.getByRole('button', { name: CONFIRM, exact: true }).click();
      await panel.getByRole('button', { name: RECORDED }).waitFor();
      const lines = readFileSync(labelsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { question: string; articles: string[] });
      expect(lines).toHaveLength(2);
      expect(strip(lines[1].question)).toBe(rewritten);
      expect(lines[1].articles).toEqual([articleName]);
    });

    it('raised no script errors', () => {
      expect(pageErrors).toEqual([]);
    });
  });

  describe('LABELS_FROM_UI=off', () => {
    let server: RealServer;
    let page: Page;

    beforeAll(async () => {
      server = await startRealServer({ env: { INDEX_DIR: indexDir, CORPUS_DIR: corpusDir, LABELS_FILE: path.join(dir, 'off.jsonl'), LABELS_FROM_UI: 'off' } });
      page = await browser.context.newPage();
      await page.goto(server.url);
    }, 180_000);

    afterAll(async () => {
      await page?.close();
      await server?.close();
    });

    it('does not offer the confirm button', async () => {
      const answer = await ask(page, QUESTION);
      await answer.locator('.sources .source-item').first().click();
      const panel = page.locator('aside.panel');
      await panel.locator('mark.cited').waitFor();
      // The panel has finished rendering (its other action is there), without the confirm button.
      await panel.getByRole('button', { name: '阅读全文' }).waitFor();
      expect(await panel.getByRole('button', { name: CONFIRM }).count()).toBe(0);
      expect(await panel.locator('.confirm').count()).toBe(0);
    });
  });
});
