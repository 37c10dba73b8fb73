/**
 * Compiles the server (cli/serve.ts and everything it imports from server/, embeddings/ and, for the
 * evaluation page's runner, eval/) into one ES module, dist/server.mjs, when it is missing or older than
 * its sources. `npm start` runs the bundle
 * with plain Node: no TypeScript loader hooks, no per-file transpiling, no source-map bookkeeping at
 * start-up. Packages stay in node_modules (external), so the bundle is only our own code (~200 kB).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED_WORKERS } from './worker-thread.js';
import { PROJECT_ROOT } from '../embeddings/project-root.js';

export const SERVER_BUNDLE = path.join(PROJECT_ROOT, 'dist', 'server.mjs');
/** What the bundle is made of: a change to any of these makes it stale. */
const SOURCES = ['cli', 'server', 'embeddings', 'eval', 'package.json', 'tsconfig.json'];

function newestSourceMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return /\.(ts|json)$/.test(p) ? st.mtimeMs : 0;
  let newest = 0;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestSourceMtime(path.join(p, name)));
  return newest;
}

export function serverBundleIsStale(outfile = SERVER_BUNDLE): boolean {
  if (!existsSync(outfile) || Object.keys(BUNDLED_WORKERS).some((w) => !existsSync(path.join(path.dirname(outfile), `${w}.mjs`)))) return true;
  const sources = SOURCES.map((f) => path.join(PROJECT_ROOT, f)).filter((f) => existsSync(f));
  return Math.max(...sources.map(newestSourceMtime)) > statSync(outfile).mtimeMs;
}

/** Returns true when it built. Throws (with esbuild's messages) if the sources do not compile. */
export async function ensureServerBundle(outfile = SERVER_BUNDLE, log: (line: string) => void = console.log): Promise<boolean> {
  if (!serverBundleIsStale(outfile)) return false;
  const { build } = await import('esbuild');
  const started = performance.now();
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', sourcemap: 'linked', logLevel: 'warning' } as const;
  await build({ ...common, entryPoints: [path.join(PROJECT_ROOT, 'cli', 'serve.ts')], outfile });
  // The worker threads' modules (server/worker-thread.ts), beside the server bundle.
  for (const [name, source] of Object.entries(BUNDLED_WORKERS)) {
    await build({ ...common, entryPoints: [path.join(PROJECT_ROOT, source)], outfile: path.join(path.dirname(outfile), `${name}.mjs`) });
  }
  log(`Server compiled into ${path.relative(process.cwd(), outfile) || outfile} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
