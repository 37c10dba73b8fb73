/**
 * Ranking metrics over article ids, as STARD defines them (SOURCE.md, "Evaluating retrieval"); used by
 * `npm run learn` for its cross-validated figures and by the STARD benchmark (eval/benchmarks/):
 * Recall@k = |gold ∩ top-k| / |gold| and Hit@k = any gold in the top k, MRR@k = 1 / rank of the
 * first gold id (0 beyond k); each macro-averaged over questions.
 */

export const RECALL_DEPTHS = [1, 5, 10, 20, 100] as const;
export const RANK_DEPTH = 100;

export interface RankingFigures {
  questions: number;
  recall: Record<(typeof RECALL_DEPTHS)[number], number>;
  hit10: number;
  mrr100: number;
}

/**
 * Ranked retrieval units (chunks) → ranked corpus ids: several chunks of one long article count
 * once, at the best rank; units with no id (undefined) are dropped.
 */
export function dedupeIds<T>(ids: readonly (T | undefined)[], depth = RANK_DEPTH): T[] {
  const seen = new Set<T>();
  const out: T[] = [];
  for (const id of ids) {
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    if (out.length >= depth) break;
  }
  return out;
}

export function recallAt<T>(ranked: readonly T[], gold: readonly T[], k: number): number {
  if (gold.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return new Set(gold.filter((g) => top.has(g))).size / new Set(gold).size;
}

/** 1-based rank of the first gold id, or null when none is ranked. */
export function firstGoldRank<T>(ranked: readonly T[], gold: readonly T[]): number | null {
  const g = new Set(gold);
  const i = ranked.findIndex((id) => g.has(id));
  return i < 0 ? null : i + 1;
}

export function rankingFigures<T>(runs: readonly { ranked: readonly T[]; gold: readonly T[] }[]): RankingFigures {
  const n = runs.length || 1;
  const recall = Object.fromEntries(RECALL_DEPTHS.map((k) => [k, runs.reduce((s, r) => s + recallAt(r.ranked, r.gold, k), 0) / n])) as RankingFigures['recall'];
  let hit10 = 0;
  let mrr = 0;
  for (const r of runs) {
    const rank = firstGoldRank(r.ranked, r.gold);
    if (rank !== null && rank <= 10) hit10++;
    if (rank !== null && rank <= RANK_DEPTH) mrr += 1 / rank;
  }
  return { questions: runs.length, recall, hit10: hit10 / n, mrr100: mrr / n };
}

export function formatFiguresTable(rows: readonly { name: string; figures: RankingFigures; note?: string }[]): string {
  const width = Math.max(24, ...rows.map((r) => r.name.length + 2));
  const head = `  ${'method'.padEnd(width)}${RECALL_DEPTHS.map((k) => `R@${k}`.padStart(8)).join('')}${'Hit@10'.padStart(8)}${'MRR@100'.padStart(9)}`;
  const lines = rows.map(
    ({ name, figures: f, note }) =>
      `  ${name.padEnd(width)}${RECALL_DEPTHS.map((k) => f.recall[k].toFixed(3).padStart(8)).join('')}${f.hit10.toFixed(3).padStart(8)}${f.mrr100.toFixed(3).padStart(9)}${note ? `  ${note}` : ''}`,
  );
  return [head, ...lines].join('\n');
}
