/**
 * Headless Debian Chromium driven by playwright-core, set up for an offline machine running as root:
 * no sandbox, no GPU, and none of the background services that keep calling outside hosts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Where the browser tests keep their screenshots (made by the global setup). */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '..', 'output', 'e2e');
export const hasChromium = existsSync(CHROMIUM_PATH);

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(opts: { viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'cewen-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: opts.viewport ?? { width: 1360, height: 860 },
    locale: 'zh-CN',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Collects uncaught page errors, and console errors that `counts` accepts, into the returned list,
 * so a test can assert at the end that the page raised none.
 */
export function collectPageErrors(page: Page, counts: (consoleText: string) => boolean = () => true): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && counts(m.text())) errors.push(m.text());
  });
  return errors;
}
