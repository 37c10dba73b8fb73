/**
 * Truncated SVD of a large sparse matrix by randomized range finding (Halko, Martinsson & Tropp 2011),
 * in plain typed arrays: a few sparse × dense products plus eigen-decompositions of small l×l matrices.
 * That is all the local embedder needs, and it avoids a native linear-algebra dependency.
 */
import { seededRandom } from './seeded-random.js';

/** Compressed sparse rows: row i holds cols[rowPtr[i]..rowPtr[i+1]) with values vals[…]. */
export interface SparseRows {
  rows: number;
  cols: number;
  rowPtr: Uint32Array;
  colIdx: Uint32Array;
  vals: Float32Array;
}

/** Y (rows×l) = A · M, with M (cols×l) row-major. */
function mulDense(a: SparseRows, m: Float64Array, l: number): Float64Array {
  const y = new Float64Array(a.rows * l);
  for (let i = 0; i < a.rows; i++) {
    const yo = i * l;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const v = a.vals[p];
      const mo = a.colIdx[p] * l;
      for (let c = 0; c < l; c++) y[yo + c] += v * m[mo + c];
    }
  }
  return y;
}

/** Z (cols×l) = Aᵀ · Q, with Q (rows×l) row-major. */
function mulTransposeDense(a: SparseRows, q: Float64Array, l: number): Float64Array {
  const z = new Float64Array(a.cols * l);
  for (let i = 0; i < a.rows; i++) {
    const qo = i * l;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const v = a.vals[p];
      const zo = a.colIdx[p] * l;
      for (let c = 0; c < l; c++) z[zo + c] += v * q[qo + c];
    }
  }
  return z;
}

/** G (l×l) = Yᵀ Y for Y (n×l) row-major. */
function gram(y: Float64Array, n: number, l: number): Float64Array {
  const g = new Float64Array(l * l);
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let a = 0; a < l; a++) {
      const ya = y[o + a];
      if (ya === 0) continue;
      const go = a * l;
      for (let b = a; b < l; b++) g[go + b] += ya * y[o + b];
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) g[a * l + b] = g[b * l + a];
  return g;
}

/** Xᵀ Y (l×l) for X, Y (n×l) row-major, symmetrised (Qᵀ A Aᵀ Q is symmetric up to rounding). */
function crossGram(x: Float64Array, y: Float64Array, n: number, l: number): Float64Array {
  const g = new Float64Array(l * l);
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let a = 0; a < l; a++) {
      const xa = x[o + a];
      if (xa === 0) continue;
      const go = a * l;
      for (let b = 0; b < l; b++) g[go + b] += xa * y[o + b];
    }
  }
  for (let a = 0; a < l; a++) {
    for (let b = 0; b < a; b++) {
      const m = (g[a * l + b] + g[b * l + a]) / 2;
      g[a * l + b] = m;
      g[b * l + a] = m;
    }
  }
  return g;
}

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

/** Y · W for Y (n×l) and W (l×m), both row-major. */
function mulSmall(y: Float64Array, n: number, l: number, w: Float64Array, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const yo = i * l;
    const oo = i * m;
    for (let a = 0; a < l; a++) {
      const ya = y[yo + a];
      if (ya === 0) continue;
      const wo = a * m;
      for (let c = 0; c < m; c++) out[oo + c] += ya * w[wo + c];
    }
  }
  return out;
}

/** An orthonormal basis of Y's column space: Y W Λ^(-1/2) from the eigen-decomposition of YᵀY. */
function orthonormalise(y: Float64Array, n: number, l: number): Float64Array {
  const { values, vectors } = symmetricEigen(gram(y, n, l), l);
  const max = values[0] || 1;
  const w = new Float64Array(l * l);
  for (let c = 0; c < l; c++) {
    // Directions with (numerically) no energy are dropped: their column stays zero.
    if (values[c] <= max * 1e-12) continue;
    const inv = 1 / Math.sqrt(values[c]);
    for (let a = 0; a < l; a++) w[a * l + c] = vectors[a * l + c] * inv;
  }
  return mulSmall(y, n, l, w, l);
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
export function randomizedSvd(a: SparseRows, opts: SvdOptions): { basis: Float64Array; rotation: Float64Array; l: number; singular: Float64Array; rank: number } {
  const rank = Math.min(opts.rank, a.rows, a.cols);
  const l = Math.min(rank + (opts.oversample ?? 16), a.rows, a.cols);
  const iters = opts.powerIterations ?? 1;
  const total = 4 + 2 * iters; // one per tick() below
  let step = 0;
  const tick = () => opts.onStep?.(++step, total);

  // Rademacher (±1) test matrix: as good as Gaussian for range finding, and cheap to draw.
  const rnd = seededRandom(opts.seed ?? 42);
  const omega = new Float64Array(a.cols * l);
  for (let i = 0; i < omega.length; i++) omega[i] = rnd() < 0.5 ? -1 : 1;
  let q = orthonormalise(mulDense(a, omega, l), a.rows, l);
  tick();
  for (let it = 0; it < iters; it++) {
    // Only the row side is re-orthonormalised: with float64 and few iterations the subspace stays
    // well conditioned, and the feature side (tens of thousands of rows) is the expensive one.
    const z = mulTransposeDense(a, q, l);
    tick();
    q = orthonormalise(mulDense(a, z, l), a.rows, l);
    tick();
  }
  // B = Qᵀ A (l×cols); we hold Bᵀ (cols×l). B Bᵀ = W Σ² Wᵀ, and V = Bᵀ W Σ⁻¹.
  const basis = mulTransposeDense(a, q, l);
  tick();
  // B Bᵀ either directly (cols·l²/2) or as Qᵀ (A Bᵀ) (nnz·l + rows·l²), whichever is cheaper:
  // the first for a large corpus, the second for a small one with a large vocabulary.
  const nnz = a.rowPtr[a.rows];
  const bbt = (a.cols * l) / 2 <= nnz + a.rows * l ? gram(basis, a.cols, l) : crossGram(q, mulDense(a, basis, l), a.rows, l);
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
