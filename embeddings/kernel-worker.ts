/**
 * A worker thread of kernel-pool.ts: runs the slices of dense-kernels.ts it is sent, on typed arrays in
 * shared memory, and answers each with its id (or the error).
 */
import { parentPort } from 'node:worker_threads';
import { KERNELS, type KernelName } from './dense-kernels.js';

interface Job {
  id: number;
  kernel: KernelName;
  args: unknown[];
  from: number;
  to: number;
}

parentPort?.on('message', (job: Job) => {
  try {
    (KERNELS[job.kernel] as (...a: unknown[]) => void)(...job.args, job.from, job.to);
    parentPort?.postMessage({ id: job.id });
  } catch (e) {
    parentPort?.postMessage({ id: job.id, error: (e as Error).message });
  }
});
parentPort?.postMessage({ ready: true });
