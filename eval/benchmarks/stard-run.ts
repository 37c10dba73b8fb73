/**
 * Retrieval on STARD: every question through each method, ranked corpus ids, the benchmark's figures.
 * Methods return chunks; chunks are mapped back to corpus row ids and de-duplicated keeping each id's
 * best rank (a long article split in two counts once), as SOURCE.md asks.
 */
import type { Retriever } from '../../server/types.js';
import { percentile } from '../bench-retrieval.js';
import { dedupeIds, rankingFigures, RANK_DEPTH, type RankingFigures } from '../../server/retrieval/learned/ranking-metrics.js';
import type { StardQuery } from './stard-data.js';

/** Ranked corpus ids for a question (at most RANK_DEPTH). */
export type Ranker = (query: StardQuery) => Promise<number[]> | number[];

/** Chunks asked from a retriever: more than RANK_DEPTH, since several chunks can share one id. */
export const CHUNK_DEPTH = 150;

export function retrieverRanker(r: Retriever, chunkIdOf: (chunkId: string) => number | undefined): Ranker {
  return async (q) =>
    dedupeIds(
      (await r.search(q.question, CHUNK_DEPTH)).hits.map((h) => chunkIdOf(h.chunk.id)),
      RANK_DEPTH,
    );
}

/** Ranked corpus ids with the retriever's score of each id's best chunk. */
export async function scoredIds(r: Retriever, q: string, chunkIdOf: (chunkId: string) => number | undefined): Promise<{ id: number; score: number }[]> {
  const seen = new Set<number>();
  const out: { id: number; score: number }[] = [];
  for (const h of (await r.search(q, CHUNK_DEPTH)).hits) {
    const id = chunkIdOf(h.chunk.id);
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    out.push({ id, score: h.score });
  }
  return out;
}

export interface MethodResult {
  name: string;
  figures: RankingFigures;
  /** Per question, in order: ranked ids. */
  ranked: number[][];
  latencyMs: { p50: number; p95: number };
}

export async function runRankers(queries: readonly StardQuery[], rankers: Record<string, Ranker>, onQuestion?: (done: number, total: number) => void): Promise<MethodResult[]> {
  const names = Object.keys(rankers);
  const ranked: Record<string, number[][]> = Object.fromEntries(names.map((n) => [n, []]));
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < queries.length; i++) {
    for (const name of names) {
      const t0 = performance.now();
      ranked[name].push(await rankers[name](queries[i]));
      times[name].push(performance.now() - t0);
    }
    onQuestion?.(i + 1, queries.length);
  }
  return names.map((name) => {
    const sorted = [...times[name]].sort((a, b) => a - b);
    return {
      name,
      figures: rankingFigures(queries.map((q, i) => ({ ranked: ranked[name][i], gold: q.goldIds }))),
      ranked: ranked[name],
      latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95) },
    };
  });
}
