/**
 * The vector index (embeddings/vector-index.ts: HNSW over hnswlib-node, cosine) must agree with an exact cosine search
 * on the same vectors: recall@10 at the search breadth the dense retriever uses.
 */
import { FakeEmbeddings } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { seededGaussian } from '../../embeddings/seeded-random.js';
import { VectorIndex } from '../../embeddings/vector-index.js';
import { DEFAULT_DENSE } from '../../server/retrieval/dense-source.js';
import { fixtureIndex } from '../support/test-index.js';

function exactTop(vectors: number[][], q: number[], k: number): number[] {
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  const qn = norm(q);
  return vectors
    .map((v, i) => ({ i, s: v.reduce((s, x, j) => s + x * q[j], 0) / (norm(v) * qn) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, k)
    .map((x) => x.i);
}

async function recallAt10(vectors: number[][], queries: number[][]): Promise<number> {
  const store = VectorIndex.create(new FakeEmbeddings(), vectors[0].length);
  await store.add(
    0,
    vectors,
    vectors.map((_, i) => String(i)),
  );
  store.setSearchBreadth(DEFAULT_DENSE.efSearch);
  let found = 0;
  for (const q of queries) {
    const want = new Set(exactTop(vectors, q, 10));
    const got = await store.nearest(q, 10);
    found += got.filter((g) => want.has(g.label)).length;
  }
  return found / (queries.length * 10);
}

describe('HNSW recall@10 against brute-force cosine', () => {
  it('on clustered random vectors (5,000 × 64)', async () => {
    const g = seededGaussian(7);
    // Clusters make near neighbours hard to tell apart, as chunks of one document are.
    const centres = Array.from({ length: 50 }, () => Array.from({ length: 64 }, g));
    const vectors = Array.from({ length: 5000 }, (_, i) => centres[i % 50].map((c) => c + 0.5 * g()));
    const queries = Array.from({ length: 100 }, (_, i) => centres[i % 50].map((c) => c + 0.5 * g()));
    expect(await recallAt10(vectors, queries)).toBeGreaterThanOrEqual(0.98);
  });

  it('on the chunk vectors of a real index, queried with its own chunks and questions', async () => {
    const { index } = await fixtureIndex();
    const n = index.vectors.size;
    const vectors = Array.from({ length: n }, (_, i) => index.vectors.vector(i));
    const questions = ['企业名称中的字号应当由几个汉字组成', '网约配送员的劳动报酬', '外商投资设立研发中心的支持措施'];
    const queries = [...vectors.filter((_, i) => i % 5 === 0), ...(await index.embeddings.embedDocuments(questions))];
    expect(await recallAt10(vectors, queries)).toBeGreaterThanOrEqual(0.98);
  });
});
