/**
 * The kernel pool: slices that cover the output once, products on worker threads equal to the same
 * products in this thread bit for bit, and a kernel's error reaching the caller.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cutInto, KernelPool, sharedArray } from '../../embeddings/kernel-pool.js';
import { seededGaussian } from '../../embeddings/seeded-random.js';

describe('cutInto', () => {
  it('cuts [0, size) into contiguous slices of about equal cost', () => {
    expect(cutInto(10, 3)).toEqual([
      [0, 3],
      [3, 7],
      [7, 10],
    ]);
    // A triangle's rows: the first rows cost most, so the first slice is the shortest.
    const tri = cutInto(100, 2, (i) => 100 - i);
    expect(tri[0][0]).toBe(0);
    expect(tri[0][1]).toBe(tri[1][0]);
    expect(tri[1][1]).toBe(100);
    expect(tri[0][1]).toBeLessThan(40);
    // More parts than rows: no empty slice.
    expect(cutInto(2, 4)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});

describe('KernelPool', () => {
  const pools: KernelPool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('gives on two threads exactly what one thread gives', async () => {
    const n = 300;
    const l = 24;
    const g = seededGaussian(3);
    const y = sharedArray(Float64Array, n * l);
    for (let i = 0; i < y.length; i++) y[i] = i % 7 === 0 ? 0 : g();
    const inline = await KernelPool.open(1);
    const threaded = await KernelPool.open(2);
    pools.push(inline, threaded);
    expect(threaded.threads).toBe(2);
    const one = sharedArray(Float64Array, l * l);
    const two = sharedArray(Float64Array, l * l);
    await inline.run('gram', [y, n, l, one], l, (a) => l - a);
    await threaded.run('gram', [y, n, l, two], l, (a) => l - a);
    expect(Array.from(two)).toEqual(Array.from(one));
    expect(one.some((x) => x !== 0)).toBe(true);
    const w = sharedArray(Float64Array, l * l);
    for (let i = 0; i < w.length; i++) w[i] = g();
    const a = sharedArray(Float64Array, n * l);
    const b = sharedArray(Float64Array, n * l);
    await inline.run('mulSmall', [y, l, w, l, a], n);
    await threaded.run('mulSmall', [y, l, w, l, b], n);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it("rejects with a kernel's error and keeps working", async () => {
    const pool = await KernelPool.open(2);
    pools.push(pool);
    const l = 4;
    const g = sharedArray(Float64Array, l * l);
    // A matrix that is not there: the kernel throws in the worker.
    await expect(pool.run('gram', [null as unknown as Float64Array, 2, l, g], l)).rejects.toThrow(/kernel worker/);
    const y = sharedArray(Float64Array, 2 * l).fill(1);
    await pool.run('gram', [y, 2, l, g], l);
    expect(g[0]).toBe(2);
  });

  it('runs in this thread, with a warning, when its threads cannot start', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const pool = await KernelPool.open(2, () => new Worker('throw new Error("no loader here")', { eval: true }));
      pools.push(pool);
      expect(pool.threads).toBe(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/one thread.*no loader here/);
      const y = sharedArray(Float64Array, 3 * 2).fill(2);
      const g = sharedArray(Float64Array, 4);
      await pool.run('gram', [y, 3, 2, g], 2);
      expect(g[0]).toBe(12);
    } finally {
      warn.mockRestore();
    }
  });
});
