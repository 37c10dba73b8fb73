/**
 * A national law ranks up a little (embeddings/text/titles.ts isNationalLaw). A question asked in everyday
 * words is most often answered by the general law, while its words match the many detailed rules, judicial
 * interpretations and procedures that repeat them. On STARD's train split (1,234 lay questions over 58,530
 * articles of 1,345 laws, regulations and interpretations), with the law-questions memory, hybrid R@10 /
 * Hit@10 go 0.480 / 0.586 at 0 → 0.507 / 0.618 at 0.05, 0.516 / 0.626 at 0.1, 0.518 / 0.631 at 0.125,
 * 0.517 / 0.630 at 0.15, 0.507 / 0.624 at 0.2, 0.492 / 0.609 at 0.25; half as much again for 条例 and 细则
 * added nothing. The bundled policy corpus holds no national law, so its figures do not move.
 */
import { lexicalTopShare, type RankStage, type RankState } from '../rank-state.js';

/**
 * Share of the question's tokens in the lexical list's best chunk from which it is taken to quote that text.
 * A question in the very words of 个体工商户条例第二条 went to 民法典第五十四条, which says the same in its own
 * words (test/e2e/ingest-own-corpus.test.ts). On STARD's train split 0.8 costs nothing (R@10 / Hit@10 / MRR@100
 * .519 / .636 / .455 either way); 0.4, the question memory's "worded like the texts", cost .503 / .619 / .439.
 */
const QUOTES = 0.8;

export function lawStage(o: { lawBoost: number }): RankStage {
  return {
    name: 'law',
    run(s: RankState) {
      // A question quoting a text has found its article; the prior is for questions that have not.
      if (o.lawBoost <= 0 || lexicalTopShare(s) >= QUOTES) return;
      for (const [c, score] of s.scores) {
        if (s.ctx.docIsLaw[s.ctx.index.chunkDoc[c]]) s.scores.set(c, score + o.lawBoost * s.unit);
      }
    },
  };
}
