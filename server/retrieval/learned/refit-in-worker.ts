/**
 * Fits the learned ranking's weights in a worker thread (refit-worker.ts), so the fit — a search per
 * labelled question, the translation model, the weight fit: 17 s with the STARD labels — runs beside the
 * server's thread instead of on it. From the bundle (dist/server.mjs) the worker is dist/refit-worker.mjs;
 * from the sources it is the TypeScript file, run through tsx.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config.js';
import type { Weights } from './learned-ranker.js';

export function fitInWorker(config: Config, labelsFile: string): Promise<Weights> {
  const bundled = import.meta.url.endsWith('.mjs');
  const workerData = { config, labelsFile };
  let worker: Worker;
  if (bundled) {
    worker = new Worker(new URL('./refit-worker.mjs', import.meta.url), { workerData });
  } else {
    // From the sources: the worker registers tsx's loader first (a worker does not take --import), then loads the TypeScript.
    const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
    const source = new URL('./refit-worker.ts', import.meta.url).href;
    worker = new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); });`, { eval: true, workerData });
  }
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { weights?: Weights; error?: string }) => {
      if (m.weights) resolve(m.weights);
      else reject(new Error(m.error ?? 'the refit worker sent no weights'));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the refit worker exited with code ${code}`));
    });
  });
}
