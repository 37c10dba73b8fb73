/**
 * Work that would stall the server's thread, run in a worker thread: a learned ranking's refit, a full index
 * rebuild. A worker posts one message: `{result}` or `{error}`.
 */
import { KERNEL_WORKER } from '../embeddings/kernel-pool.js';
import { spawnWorker } from '../embeddings/spawn-worker.js';

/** The workers the server runs, by name: their sources, for a run from the sources. */
export const WORKERS = {
  'refit-worker': 'server/retrieval/learned/refit-worker.ts',
  'rebuild-worker': 'server/library/rebuild-worker.ts',
} as const;

/** Every worker module the server bundle ships beside it (the index build's kernel threads too). */
export const BUNDLED_WORKERS: Record<string, string> = { ...WORKERS, [KERNEL_WORKER.name]: KERNEL_WORKER.source };

export type WorkerName = keyof typeof WORKERS;

export function runInWorker<T>(name: WorkerName, workerData: unknown): Promise<T> {
  const worker = spawnWorker(name, WORKERS[name], workerData);
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
