/**
 * Runs the kernels of dense-kernels.ts over slices of their output on worker threads, one slice per
 * thread, on typed arrays in shared memory; with no threads, in this thread. Training the local embedder
 * on the STARD corpus (58,723 chunks) spends most of its time in these products, which are independent
 * per output row: two threads took its ingest from 121 s to 66–91 s on this two-core machine (docs/design.md).
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { KERNELS, type KernelArgs, type KernelName } from './dense-kernels.js';
import { spawnWorker } from './spawn-worker.js';

/** The worker module, as the server bundle names it and as its source file. */
export const KERNEL_WORKER = { name: 'kernel-worker', source: 'embeddings/kernel-worker.ts' } as const;

function spawnKernelWorker(): Worker {
  return spawnWorker(KERNEL_WORKER.name, KERNEL_WORKER.source, null);
}

/** At most this many threads: the products are memory-bound beyond a few. */
const MAX_THREADS = 4;

interface Pending {
  resolve: () => void;
  reject: (e: Error) => void;
}

export class KernelPool {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: { id?: number; error?: string }) => {
        if (m.id === undefined) return;
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error === undefined) p?.resolve();
        else p?.reject(new Error(`kernel worker: ${m.error}`));
      });
      w.on('error', (e) => this.failAll(e));
      w.on('exit', (code) => {
        if (code !== 0) this.failAll(new Error(`a kernel worker exited with code ${code}`));
      });
    }
  }

  /**
   * A pool of `threads` workers (default: the machine's cores, at most 4); 0 or 1 runs everything in this
   * thread, and so does a pool whose threads cannot start (with a warning): the results are the same, only slower.
   */
  static async open(threads = Math.min(os.availableParallelism(), MAX_THREADS), spawn: () => Worker = spawnKernelWorker): Promise<KernelPool> {
    if (threads <= 1) return new KernelPool([]);
    const workers: Worker[] = [];
    try {
      for (let i = 0; i < threads; i++) workers.push(spawn());
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.once('message', () => resolve());
              w.once('error', reject);
              w.once('exit', (code) => reject(new Error(`exited with code ${code} before it was ready`)));
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      process.emitWarning(`The index build runs on one thread: a kernel worker did not start (${(e as Error).message}).`);
      return new KernelPool([]);
    }
    return new KernelPool(workers);
  }

  /** How many slices a product is cut into. */
  get threads(): number {
    return Math.max(1, this.workers.length);
  }

  /**
   * Runs `kernel` over [0, size) cut into one slice per thread; `cost(i)` is the relative work of
   * output row i when it is not the same for all (a triangle's rows).
   */
  async run<K extends KernelName>(kernel: K, args: KernelArgs<K>, size: number, cost?: (i: number) => number): Promise<void> {
    const slices = cutInto(size, this.threads, cost);
    if (this.workers.length === 0) {
      for (const [from, to] of slices) (KERNELS[kernel] as (...a: unknown[]) => void)(...args, from, to);
      return;
    }
    await Promise.all(
      slices.map(
        ([from, to], k) =>
          new Promise<void>((resolve, reject) => {
            const id = this.nextId++;
            this.pending.set(id, { resolve, reject });
            this.workers[k].postMessage({ id, kernel, args, from, to });
          }),
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

type SharedCtor<T> = { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };

/** A typed array the pool's threads can all write into (zero-filled). */
export function sharedArray<T extends Float64Array | Float32Array | Uint32Array>(Ctor: SharedCtor<T>, length: number): T {
  return new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT));
}

/** A copy of `a` in shared memory, as `Ctor`'s elements (Float32Array: the model's precision). */
export function sharedCopy<T extends Float64Array | Float32Array | Uint32Array>(Ctor: SharedCtor<T>, a: ArrayLike<number>): T {
  const copy = sharedArray(Ctor, a.length);
  copy.set(a);
  return copy;
}

/**
 * A shared array of at least `length` elements, for data sent to the threads step after step: `current`
 * when it is long enough, else a new one twice as long. (A buffer sent to a worker thread lives until that
 * thread collects garbage, which it seldom does: a fresh one per step would all stay in memory.)
 */
export function sharedAtLeast<T extends Float64Array | Uint32Array>(current: T | undefined, length: number, Ctor: SharedCtor<T>): T {
  if (current && current.length >= length) return current;
  return sharedArray(Ctor, Math.max(length, 2 * (current?.length ?? 0)));
}

/** [0, size) cut into `parts` contiguous slices of about equal cost. */
export function cutInto(size: number, parts: number, cost: (i: number) => number = () => 1): [number, number][] {
  let total = 0;
  for (let i = 0; i < size; i++) total += cost(i);
  const slices: [number, number][] = [];
  let from = 0;
  let acc = 0;
  for (let k = 1; k <= parts; k++) {
    let to = from;
    const goal = (total * k) / parts;
    while (to < size && (k === parts || acc + cost(to) / 2 < goal)) acc += cost(to++);
    slices.push([from, to]);
    from = to;
  }
  return slices.filter(([a, b]) => b > a);
}
