/**
 * The local embedder: its linear algebra against exact answers, determinism, and a saved model that
 * embeds exactly as the trained one (queries after a restart land where the chunks were put).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../embeddings/corpus/load-corpus.js';
import { KernelPool } from '../../embeddings/kernel-pool.js';
import { LocalEmbeddings } from '../../embeddings/local-embedder.js';
import { randomizedSvd, symmetricEigen } from '../../embeddings/randomized-svd.js';
import { seededGaussian, seededRandom } from '../../embeddings/seeded-random.js';
import { tokenize } from '../../embeddings/text/tokenize.js';
import { FIXTURE_CORPUS } from '../support/test-index.js';

describe('linear algebra', () => {
  it('eigen-decomposes a symmetric matrix: A v = λ v, orthonormal vectors, descending values', () => {
    const n = 40;
    const g = seededGaussian(1);
    const b = Array.from({ length: n * n }, g);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] += b[i * n + k] * b[j * n + k];
    const { values, vectors } = symmetricEigen(a, n);
    for (let c = 1; c < n; c++) expect(values[c - 1]).toBeGreaterThanOrEqual(values[c]);
    for (let c = 0; c < n; c++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[k * n + c];
        expect(av).toBeCloseTo(values[c] * vectors[i * n + c], 8);
      }
      let norm = 0;
      for (let k = 0; k < n; k++) norm += vectors[k * n + c] ** 2;
      expect(norm).toBeCloseTo(1, 10);
    }
  });

  it('finds the top singular values of a sparse matrix of low rank plus noise', async () => {
    // A = 3 strong directions + small noise; exact singular values from the eigenvalues of AᵀA.
    const rows = 200;
    const cols = 60;
    const rnd = seededRandom(5);
    const g = seededGaussian(6);
    const u = Array.from({ length: 3 }, () => Array.from({ length: rows }, g));
    const v = Array.from({ length: 3 }, () => Array.from({ length: cols }, g));
    const scale = [10, 5, 2];
    const dense = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => scale.reduce((s, w, k) => s + w * u[k][i] * v[k][j], 0) + 0.01 * (rnd() - 0.5)));
    const rowPtr = new Uint32Array(rows + 1);
    const colIdx: number[] = [];
    const vals: number[] = [];
    dense.forEach((row, i) => {
      row.forEach((x, j) => {
        colIdx.push(j);
        vals.push(x);
      });
      rowPtr[i + 1] = colIdx.length;
    });
    const ata = new Float64Array(cols * cols);
    for (const row of dense) for (let a = 0; a < cols; a++) for (let b = 0; b < cols; b++) ata[a * cols + b] += row[a] * row[b];
    const exact = symmetricEigen(ata, cols).values.slice(0, 3).map(Math.sqrt);
    const svd = await randomizedSvd(
      { rows, cols, rowPtr, colIdx: Uint32Array.from(colIdx), vals: Float32Array.from(vals) },
      { rank: 3, oversample: 5, powerIterations: 2 },
      await KernelPool.open(1),
    );
    for (let k = 0; k < 3; k++) expect(svd.singular[k] / exact[k]).toBeCloseTo(1, 4);
  });
});

describe('LocalEmbeddings', () => {
  it('is deterministic, and a saved model embeds exactly as the trained one', async () => {
    const corpus = await loadCorpus(FIXTURE_CORPUS);
    const lists = corpus.chunks.map((c) => tokenize(c.text));
    const a = await LocalEmbeddings.train(lists, { dims: 32 });
    const b = await LocalEmbeddings.train(lists, { dims: 32 });
    expect(b.vectors).toEqual(a.vectors);
    // On worker threads the products are cut into slices; every number comes out the same.
    const threaded = await LocalEmbeddings.train(lists, { dims: 32 }, undefined, 3);
    expect(threaded.vectors).toEqual(a.vectors);
    expect(await threaded.embeddings.embedQuery('外商投资研发中心')).toEqual(await a.embeddings.embedQuery('外商投资研发中心'));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cewen-embedder-')), 'embedder.bin');
    try {
      a.embeddings.save(file);
      const loaded = LocalEmbeddings.load(file);
      const q = '外商投资研发中心可以享受哪些支持';
      expect(await loaded.embedQuery(q)).toEqual(await a.embeddings.embedQuery(q));
      // Chunks embedded at training time are where the loaded model puts their text.
      const i = corpus.chunks.findIndex((c) => c.label === '第八条');
      expect(Array.from(loaded.embed(corpus.chunks[i].text))).toEqual(Array.from(a.vectors[i]));
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('puts a question nearer the article about it than articles about other things', async () => {
    const corpus = await loadCorpus(FIXTURE_CORPUS);
    const { embeddings, vectors } = await LocalEmbeddings.train(
      corpus.chunks.map((c) => tokenize(c.text)),
      { dims: 48 },
    );
    const q = embeddings.embed('网约配送员的劳动报酬和休息权益');
    const cos = (v: Float32Array) => v.reduce((s, x, j) => s + x * q[j], 0);
    const about = corpus.chunks.map((c, i) => ({ c, s: cos(vectors[i]) })).sort((x, y) => y.s - x.s);
    expect(about[0].c.text).toMatch(/配送员/);
    const unrelated = corpus.chunks.findIndex((c) => c.text.includes('字号应当由两个以上汉字组成'));
    expect(cos(vectors[unrelated])).toBeLessThan(about[0].s);
  });
});
