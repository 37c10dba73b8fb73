/**
 * Rerank of the best ordered candidates: the idf-weighted share of the question's words the chunk
 * covers (with its title, and by its own text alone, which tells apart chunks of one document), and
 * whether it holds the kind of answer asked for (a period for 多久, a date for 什么时候, a number for
 * 多少, the body in charge for 由谁).
 */
import { nfkcLower } from '../../../embeddings/text/normalize.js';
import { answerTypeStrength, hasAnswerType } from '../../../embeddings/text/question-kind.js';
import { isBigram, tokenize } from '../../../embeddings/text/tokenize.js';
import { byScore, type RankStage, type RankState } from '../rank-state.js';

export interface RerankOptions {
  /** Weight of idf-weighted question-word coverage by title + text. */
  coverageWeight: number;
  /** Weight of holding the expected answer type. */
  answerTypeWeight: number;
  /** Weight of idf-weighted question-word coverage by the chunk's own text (title left out). */
  bodyCoverageWeight: number;
  /** How many of the best ordered candidates are reranked. */
  rerankDepth: number;
}

export function rerankStage(o: RerankOptions): RankStage {
  return {
    name: 'rerank',
    run(s: RankState) {
      if (!s.order || (o.coverageWeight <= 0 && o.answerTypeWeight <= 0)) return;
      const { ctx, q } = s;
      const head = s.order.slice(0, o.rerankDepth);
      const words = [...new Set(tokenize(q.content).filter((t) => !isBigram(t) && t.length >= 2))];
      const idf = words.map((w) => ctx.index.lexical.idf(w));
      const total = idf.reduce((a, b) => a + b, 0) || 1;
      const type = q.expected;
      const reranked = head.map((c) => {
        const chunk = ctx.index.chunks[c.chunk];
        const body = nfkcLower(chunk.text);
        const text = `${nfkcLower(ctx.metas[ctx.index.chunkDoc[c.chunk]].title)}\n${body}`;
        let covered = 0;
        let inBody = 0;
        words.forEach((w, i) => {
          if (text.includes(w)) covered += idf[i];
          if (body.includes(w)) inBody += idf[i];
        });
        const bonus =
          o.coverageWeight * (covered / total) + o.bodyCoverageWeight * (inBody / total) + (type && hasAnswerType(chunk.text, type) ? o.answerTypeWeight * answerTypeStrength(type) : 0);
        return { chunk: c.chunk, score: c.score + bonus * s.unit };
      });
      reranked.sort(byScore);
      s.order = [...reranked, ...s.order.slice(o.rerankDepth)];
    },
  };
}
