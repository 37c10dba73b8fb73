/**
 * Once before any test file: the web bundle, built when stale. Test files run two at a time, and two builds
 * at once would empty web/dist under a page another file is loading.
 */
import { ensureWebBuild } from '../../web/build-if-stale';

export default async function setup(): Promise<void> {
  await ensureWebBuild(() => {});
}
