/**
 * The products that dominate training the local embedder (randomized-svd.ts) and projecting the chunks
 * (local-embedder.ts), each over a slice [from, to) of its output, so that kernel-pool.ts can run the
 * slices on several threads. Every output element is summed by one slice in the same order as a single
 * pass would sum it, so the result is bit-identical whatever the number of threads.
 */

/** Compressed sparse rows: row i holds cols[rowPtr[i]..rowPtr[i+1]) with values vals[…]. */
export interface SparseRows {
  rows: number;
  cols: number;
  rowPtr: Uint32Array;
  colIdx: Uint32Array;
  vals: Float32Array;
}

/** Rows [from, to) of Y (rows×l) = A · M, with M (cols×l) row-major. */
function mulDense(a: SparseRows, m: Float64Array, l: number, y: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const yo = i * l;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const v = a.vals[p];
      const mo = a.colIdx[p] * l;
      for (let c = 0; c < l; c++) y[yo + c] += v * m[mo + c];
    }
  }
}

/** Rows [from, to) of Z (cols×l) = Aᵀ · Q, with Q (rows×l) row-major: every row of A is read, only columns in the slice are summed. */
function mulTransposeDense(a: SparseRows, q: Float64Array, l: number, z: Float64Array, from: number, to: number): void {
  for (let i = 0; i < a.rows; i++) {
    const qo = i * l;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const col = a.colIdx[p];
      if (col < from || col >= to) continue;
      const v = a.vals[p];
      const zo = col * l;
      for (let c = 0; c < l; c++) z[zo + c] += v * q[qo + c];
    }
  }
}

/** Rows [from, to) of Xᵀ Y (l×l) for X, Y (n×l) row-major; with `upper`, only the upper triangle (b ≥ a). */
function crossProduct(x: Float64Array, y: Float64Array, n: number, l: number, g: Float64Array, upper: boolean, from: number, to: number): void {
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let a = from; a < to; a++) {
      const xa = x[o + a];
      if (xa === 0) continue;
      const go = a * l;
      for (let b = upper ? a : 0; b < l; b++) g[go + b] += xa * y[o + b];
    }
  }
}

/** Rows [from, to) of the upper triangle of G (l×l) = Yᵀ Y for Y (n×l) row-major. */
function gram(y: Float64Array, n: number, l: number, g: Float64Array, from: number, to: number): void {
  crossProduct(y, y, n, l, g, true, from, to);
}

/** Rows [from, to) of Xᵀ Y (l×l) for X, Y (n×l) row-major. */
function crossGram(x: Float64Array, y: Float64Array, n: number, l: number, g: Float64Array, from: number, to: number): void {
  crossProduct(x, y, n, l, g, false, from, to);
}

/** Rows [from, to) of Y · W for Y (n×l) and W (l×m), both row-major. */
function mulSmall(y: Float64Array, l: number, w: Float64Array, m: number, out: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const yo = i * l;
    const oo = i * m;
    for (let a = 0; a < l; a++) {
      const ya = y[yo + a];
      if (ya === 0) continue;
      const wo = a * m;
      for (let c = 0; c < m; c++) out[oo + c] += ya * w[wo + c];
    }
  }
}

/**
 * Texts [from, to) embedded: each text's weighted features (ids, weights in the order the text first
 * uses them) summed over rows of `basis` (features×l), times `rotation` (l×d), scaled to unit length
 * (all zeros when the text has no known feature) into out (texts×d).
 */
function project(
  rowPtr: Uint32Array,
  ids: Uint32Array,
  weights: Float64Array,
  basis: Float32Array,
  rotation: Float32Array,
  l: number,
  d: number,
  out: Float32Array,
  from: number,
  to: number,
): void {
  const h = new Float64Array(l);
  const acc = new Float64Array(d);
  for (let i = from; i < to; i++) {
    h.fill(0);
    acc.fill(0);
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const w = weights[p];
      const o = ids[p] * l;
      for (let c = 0; c < l; c++) h[c] += w * basis[o + c];
    }
    for (let r = 0; r < l; r++) {
      const x = h[r];
      if (x === 0) continue;
      const o = r * d;
      for (let c = 0; c < d; c++) acc[c] += x * rotation[o + c];
    }
    let norm = 0;
    for (let c = 0; c < d; c++) norm += acc[c] * acc[c];
    norm = Math.sqrt(norm);
    const oo = i * d;
    if (norm > 0) for (let c = 0; c < d; c++) out[oo + c] = acc[c] / norm;
  }
}

/** The kernels by name: what a worker thread is asked to run (kernel-worker.ts). */
export const KERNELS = { mulDense, mulTransposeDense, gram, crossGram, mulSmall, project } as const;

export type KernelName = keyof typeof KERNELS;

/** A kernel's arguments before its slice: what crosses to a worker (numbers and shared typed arrays). */
export type KernelArgs<K extends KernelName> = (typeof KERNELS)[K] extends (...args: [...infer A, number, number]) => void ? A : never;
