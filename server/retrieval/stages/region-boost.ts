/**
 * A province the question names (江苏的…) ranks that province's documents up (embeddings/text/region.ts), since their
 * words often never say 江苏 (苏政规〔2023〕6号, issuer 省政府); a question naming none ranks provincial
 * documents slightly down: a national question wants the national text.
 */
import type { RankStage, RankState } from '../rank-state.js';

export function regionStage(o: { regionBoost: number; regionPenalty: number }): RankStage {
  return {
    name: 'region',
    run(s: RankState) {
      if (o.regionBoost <= 0 && o.regionPenalty <= 0) return;
      const wanted = s.q.regions;
      for (const [c, score] of s.scores) {
        const r = s.ctx.docRegion[s.ctx.index.chunkDoc[c]];
        if (!r) continue;
        if (wanted.length === 0) s.scores.set(c, score - o.regionPenalty * s.unit);
        else if (wanted.includes(r)) s.scores.set(c, score + o.regionBoost * s.unit);
      }
    },
  };
}
