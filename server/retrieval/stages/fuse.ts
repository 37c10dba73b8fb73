/**
 * Fusion: the candidate lists become one score per chunk — a weighted sum of scores normalised by each
 * list's best, or reciprocal rank fusion (Σ w / (k + rank)); both measured on eval/sets/dev.jsonl
 * (docs/design.md). Sets the score unit every later bonus is measured in.
 */
import type { Scored } from '../retrieval-context.js';
import type { CandidateSource, RankStage, RankState } from '../rank-state.js';

export interface FusionOptions {
  fusion: 'rrf' | 'weighted';
  rrfK: number;
}

export interface WeightedList {
  items: Scored[];
  weight: number;
}

export function fuseLists(lists: readonly WeightedList[], o: FusionOptions): Map<number, number> {
  const out = new Map<number, number>();
  for (const { items, weight } of lists) {
    if (items.length === 0) continue;
    const best = items[0].score || 1;
    items.forEach((s, rank) => {
      const add = o.fusion === 'rrf' ? weight / (o.rrfK + rank + 1) : (weight * s.score) / best;
      out.set(s.chunk, (out.get(s.chunk) ?? 0) + add);
    });
  }
  return out;
}

/** The best fused score a chunk can get: first on every list. */
export function scoreUnit(sources: readonly CandidateSource[], o: FusionOptions): number {
  const total = sources.reduce((a, s) => a + s.weight, 0);
  return o.fusion === 'rrf' ? total / (o.rrfK + 1) : total;
}

export function fuseStage(sources: readonly CandidateSource[], o: FusionOptions): RankStage {
  return {
    name: 'fusion',
    run(s: RankState) {
      s.scores = fuseLists(
        sources.flatMap((src) => (s.lists.has(src.name) ? [{ items: s.lists.get(src.name)!, weight: src.weight * (s.strength?.get(src.name) ?? 1) }] : [])),
        o,
      );
      s.unit = scoreUnit(sources, o);
    },
  };
}
