/**
 * 第N条: the chunk with that label in the documents the question is about, in proportion to how much
 * it is about each (its best candidate's score against the best overall), so the right regulation's
 * 第N条 wins over 第N条 of every other one. Weight 0 by default: the §N article token already ranks the
 * named article first, and a boost on top only promoted 第N条 of the wrong regulation where the
 * splitter had misplaced the right one (docs/design.md).
 */
import type { RankStage, RankState } from '../rank-state.js';

export function articleStage(o: { articleBoost: number }): RankStage {
  return {
    name: 'article',
    run(s: RankState) {
      if (s.q.articles.length === 0) return;
      const wanted = new Set(s.q.articles);
      const docScore = new Map<number, number>();
      for (const [c, score] of s.scores) {
        const d = s.ctx.index.chunkDoc[c];
        if (score > (docScore.get(d) ?? 0)) docScore.set(d, score);
      }
      const best = Math.max(...docScore.values(), 0) || 1;
      for (const [d, score] of docScore) {
        const share = score / best;
        if (share < 0.5) continue;
        for (const c of s.ctx.docChunks[d]) {
          if (wanted.has(s.ctx.chunkArticle[c]) && (!s.filter || s.filter.allows(c))) {
            s.scores.set(c, (s.scores.get(c) ?? 0) + o.articleBoost * share * share * s.unit);
          }
        }
      }
    },
  };
}
