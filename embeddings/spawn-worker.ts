/**
 * Starts a worker thread from one of the project's modules. From the server bundle (dist/server.mjs and
 * the workers beside it) a worker is `dist/<name>.mjs`, built beside it (server/build-if-stale.ts); from
 * the sources it is the TypeScript file, loaded through tsx's loader, which a worker does not take from
 * `--import`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** `name`: the bundled module's name; `source`: its TypeScript file, relative to the project root. */
export function spawnWorker(name: string, source: string, workerData: unknown): Worker {
  if (import.meta.url.endsWith('.mjs')) return new Worker(new URL(`./${name}.mjs`, import.meta.url), { workerData });
  const sourceUrl = new URL(`../${source}`, import.meta.url).href;
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(sourceUrl)}); });`, { eval: true, workerData });
}
