/**
 * Retrieval on STARD: every question through each method, ranked corpus ids, the benchmark's figures.
 * Methods return chunks; chunks are mapped back to corpus row ids and de-duplicated keeping each id's
 * best rank (a long article split in two counts once), as SOURCE.md asks.
 */
import type { Retriever } from '../../server/types.js';
import { percentile } from '../bench-retrieval.js';
import { dedupeIds, rankingFigures, RANK_DEPTH, type RankingFigures } from './ranking-metrics.js';
import type { StardQuery } from './stard-data.js';

/** Ranked corpus ids for a question (at most RANK_DEPTH). */
export type Ranker = (question: string) => Promise<number[]> | number[];

/** Chunks asked from a retriever: more than RANK_DEPTH, since several chunks can share one id. */
export const CHUNK_DEPTH = 150;

export function retrieverRanker(r: Retriever, chunkIdOf: (chunkId: string) => number | undefined): Ranker {
  return async (q) => dedupeIds((await r.search(q, CHUNK_DEPTH)).map((h) => chunkIdOf(h.chunk.id)), RANK_DEPTH);
}

export interface MethodResult {
  name: string;
  figures: RankingFigures;
  /** Per question, in order: ranked ids. */
  ranked: number[][];
  latencyMs: { p50: number; p95: number };
}

export async function runRankers(
  queries: readonly StardQuery[],
  rankers: Record<string, Ranker>,
  onQuestion?: (done: number, total: number) => void,
): Promise<MethodResult[]> {
  const names = Object.keys(rankers);
  const ranked: Record<string, number[][]> = Object.fromEntries(names.map((n) => [n, []]));
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < queries.length; i++) {
    for (const name of names) {
      const t0 = performance.now();
      ranked[name].push(await rankers[name](queries[i].question));
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
