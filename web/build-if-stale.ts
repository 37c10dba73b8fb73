/**
 * Builds the chat UI into web/dist when it is missing or older than its sources.
 * Runs before `npm start` (the `prestart` script) and before the browser tests; a fresh bundle costs nothing.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_DIR = fileURLToPath(new URL('.', import.meta.url));
const DIST_INDEX = path.join(WEB_DIR, 'dist', 'index.html');

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!existsSync(DIST_INDEX)) return true;
  const sources = ['index.html', 'vite.config.ts', 'src'].map((f) => path.join(WEB_DIR, f)).filter((f) => existsSync(f));
  return Math.max(...sources.map(newestMtime)) > statSync(DIST_INDEX).mtimeMs;
}

/** Returns true when it built. Throws if the build itself fails. */
export async function ensureWebBuild(log: (line: string) => void = console.log): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new Error('Cannot build the web UI: the "vite" package is not installed. Run `npm install` (with dev dependencies), then `npm run build:web`.');
  }
  log(existsSync(DIST_INDEX) ? 'Web UI sources changed; rebuilding web/dist …' : 'Building the web UI into web/dist …');
  // Vite keeps an inherited NODE_ENV (vitest sets "test"), which would bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: path.join(WEB_DIR, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  log('Web UI built.');
  return true;
}
