/**
 * Once before any test file: the web bundle, built when stale (test files run two at a time, and two builds
 * at once would empty web/dist under a page another file is loading), and the screenshots' folder.
 */
import { mkdirSync } from 'node:fs';
import { ensureWebBuild } from '../../web/build-if-stale';
import { SCREENSHOT_DIR } from './browser';

export default async function setup(): Promise<void> {
  await ensureWebBuild(() => {});
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
}
