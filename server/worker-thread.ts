/**
 * Work that would stall the server's thread, run in a worker thread: a learned ranking's refit, a full index
 * rebuild. From the bundle (dist/server.mjs) a worker is `dist/<name>.mjs`, built beside it
 * (build-if-stale.ts); from the sources it is the TypeScript file, loaded through tsx's loader, which a
 * worker does not take from `--import`. A worker posts one message: `{result}` or `{error}`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The workers the server bundle ships, by name: their sources, for a run from the sources. */
export const WORKERS = {
  'refit-worker': 'server/retrieval/learned/refit-worker.ts',
  'rebuild-worker': 'server/library/rebuild-worker.ts',
} as const;

export type WorkerName = keyof typeof WORKERS;

export function runInWorker<T>(name: WorkerName, workerData: unknown): Promise<T> {
  const bundled = import.meta.url.endsWith('.mjs');
  let worker: Worker;
  if (bundled) {
    worker = new Worker(new URL(`./${name}.mjs`, import.meta.url), { workerData });
  } else {
    const source = new URL(`../${WORKERS[name]}`, import.meta.url).href;
    const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
    worker = new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); });`, { eval: true, workerData });
  }
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { result?: T; error?: string }) => {
      if (m.error === undefined) resolve(m.result as T);
      else reject(new Error(m.error));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the ${name} worker exited with code ${code}`));
    });
  });
}
