/**
 * Truncated SVD of a large sparse matrix by randomized range finding (Halko, Martinsson & Tropp 2011),
 * in plain typed arrays: a few sparse × dense products plus eigen-decompositions of small l×l matrices.
 * That is all the local embedder needs, and it avoids a native linear-algebra dependency. The products
 * run on the pool's threads (dense-kernels.ts); the eigen-decompositions are small and stay here.
 */
import type { SparseRows } from './dense-kernels.js';
import { type KernelPool, sharedArray, sharedCopy } from './kernel-pool.js';
import { seededRandom } from './seeded-random.js';

export type { SparseRows };

/**
 * Eigen-decomposition of a symmetric l×l matrix: Householder reduction to tridiagonal form, then the
 * implicit QL algorithm (tred2/tql2, as in EISPACK and JAMA), O(l³). Returns eigenvalues in descending
 * order and eigenvectors as the columns of a row-major l×l matrix.
 */
export function symmetricEigen(input: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const V = Float64Array.from(input);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(V, d, e, n);
  tql2(V, d, e, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[y] - d[x] || x - y);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = V[k * n + src];
  });
  return { values, vectors };
}

function tred2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j * n + i] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j] * d[k];
          e[k] += V[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1] * V[k * n + j];
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j];
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

function tql2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 100) break;
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            const o = k * n;
            h = V[o + i + 1];
            V[o + i + 1] = s * V[o + i] + c * h;
            V[o + i] = c * V[o + i] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

// The products write into buffers the caller owns and reuses: a buffer once sent to a worker thread
// lives until that thread collects garbage, which it seldom does, so fresh buffers per product would all
// stay in memory until the pool closes (1.8 GB instead of 1.2 GB at the peak of the STARD ingest).

/** `into` = an orthonormal basis of Y's column space: Y W Λ^(-1/2) from the eigen-decomposition of YᵀY. */
async function orthonormalise(pool: KernelPool, y: Float64Array, n: number, l: number, into: Float64Array): Promise<Float64Array> {
  const { values, vectors } = symmetricEigen(await gram(pool, y, n, l), l);
  const max = values[0] || 1;
  const w = sharedArray(Float64Array, l * l);
  for (let c = 0; c < l; c++) {
    // Directions with (numerically) no energy are dropped: their column stays zero.
    if (values[c] <= max * 1e-12) continue;
    const inv = 1 / Math.sqrt(values[c]);
    for (let a = 0; a < l; a++) w[a * l + c] = vectors[a * l + c] * inv;
  }
  await pool.run('mulSmall', [y, l, w, l, into.fill(0)], n);
  return into;
}

/** `into` (rows×l) = A · M. */
async function mulDense(pool: KernelPool, a: SparseRows, m: Float64Array, l: number, into: Float64Array): Promise<Float64Array> {
  await pool.run('mulDense', [a, m, l, into.fill(0)], a.rows);
  return into;
}

/** `into` (cols×l) = Aᵀ · Q. */
async function mulTransposeDense(pool: KernelPool, a: SparseRows, q: Float64Array, l: number, colCounts: Uint32Array, into: Float64Array): Promise<Float64Array> {
  // A column costs its entries (the most frequent features come first); every slice also reads all of A.
  await pool.run('mulTransposeDense', [a, q, l, into.fill(0)], a.cols, (c) => colCounts[c]);
  return into;
}

/** G (l×l) = Yᵀ Y, the upper triangle by the kernel (row a costs l − a), mirrored here. */
async function gram(pool: KernelPool, y: Float64Array, n: number, l: number): Promise<Float64Array> {
  const g = sharedArray(Float64Array, l * l);
  await pool.run('gram', [y, n, l, g], l, (a) => l - a);
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) g[a * l + b] = g[b * l + a];
  return g;
}

/** Xᵀ Y (l×l), symmetrised (Qᵀ A Aᵀ Q is symmetric up to rounding). */
async function crossGram(pool: KernelPool, x: Float64Array, y: Float64Array, n: number, l: number): Promise<Float64Array> {
  const g = sharedArray(Float64Array, l * l);
  await pool.run('crossGram', [x, y, n, l, g], l);
  for (let a = 0; a < l; a++) {
    for (let b = 0; b < a; b++) {
      const m = (g[a * l + b] + g[b * l + a]) / 2;
      g[a * l + b] = m;
      g[b * l + a] = m;
    }
  }
  return g;
}

export interface SvdOptions {
  rank: number;
  oversample?: number;
  powerIterations?: number;
  seed?: number;
  onStep?: (step: number, total: number) => void;
}

/**
 * The top `rank` right singular vectors of A, in factored form V = basis · rotation with
 * basis = Aᵀ Q (cols×l) and rotation = W Σ⁻¹ (l×rank). Multiplying the two out would cost
 * cols·l·rank operations (billions for a large vocabulary); a vector x is projected as (x·basis)·rotation instead.
 */
export async function randomizedSvd(
  input: SparseRows,
  opts: SvdOptions,
  pool: KernelPool,
): Promise<{ basis: Float64Array; rotation: Float64Array; l: number; singular: Float64Array; rank: number }> {
  const a: SparseRows = {
    rows: input.rows,
    cols: input.cols,
    rowPtr: sharedCopy(Uint32Array, input.rowPtr),
    colIdx: sharedCopy(Uint32Array, input.colIdx),
    vals: sharedCopy(Float32Array, input.vals),
  };
  const rank = Math.min(opts.rank, a.rows, a.cols);
  const l = Math.min(rank + (opts.oversample ?? 16), a.rows, a.cols);
  const iters = opts.powerIterations ?? 1;
  const total = 4 + 2 * iters; // one per tick() below
  let step = 0;
  const tick = () => opts.onStep?.(++step, total);

  // Rademacher (±1) test matrix: as good as Gaussian for range finding, and cheap to draw.
  const rnd = seededRandom(opts.seed ?? 42);
  const colCounts = new Uint32Array(a.cols);
  for (let p = 0; p < a.colIdx.length; p++) colCounts[a.colIdx[p]]++;
  // Three buffers: `wide` holds Ω, then Aᵀ Q, then the basis; `product` holds A · M and `q` its orthonormal basis.
  const wide = sharedArray(Float64Array, a.cols * l);
  const product = sharedArray(Float64Array, a.rows * l);
  const q = sharedArray(Float64Array, a.rows * l);
  for (let i = 0; i < wide.length; i++) wide[i] = rnd() < 0.5 ? -1 : 1;
  await orthonormalise(pool, await mulDense(pool, a, wide, l, product), a.rows, l, q);
  tick();
  for (let it = 0; it < iters; it++) {
    // Only the row side is re-orthonormalised: with float64 and few iterations the subspace stays
    // well conditioned, and the feature side (tens of thousands of rows) is the expensive one.
    const z = await mulTransposeDense(pool, a, q, l, colCounts, wide);
    tick();
    await orthonormalise(pool, await mulDense(pool, a, z, l, product), a.rows, l, q);
    tick();
  }
  // B = Qᵀ A (l×cols); we hold Bᵀ (cols×l). B Bᵀ = W Σ² Wᵀ, and V = Bᵀ W Σ⁻¹.
  const basis = await mulTransposeDense(pool, a, q, l, colCounts, wide);
  tick();
  // B Bᵀ either directly (cols·l²/2) or as Qᵀ (A Bᵀ) (nnz·l + rows·l²), whichever is cheaper:
  // the first for a large corpus, the second for a small one with a large vocabulary.
  const nnz = a.rowPtr[a.rows];
  const bbt = (a.cols * l) / 2 <= nnz + a.rows * l ? await gram(pool, basis, a.cols, l) : await crossGram(pool, q, await mulDense(pool, a, basis, l, product), a.rows, l);
  const { values, vectors } = symmetricEigen(bbt, l);
  tick();
  const singular = new Float64Array(rank);
  const rotation = new Float64Array(l * rank);
  for (let c = 0; c < rank; c++) {
    const s = Math.sqrt(Math.max(values[c], 0));
    singular[c] = s;
    if (s <= 0) continue;
    for (let r = 0; r < l; r++) rotation[r * rank + c] = vectors[r * l + c] / s;
  }
  tick();
  return { basis, rotation, l, singular, rank };
}
