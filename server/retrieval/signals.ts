/**
 * The signals a search leaves for the answer's confidence (server/answer/refusal.ts), read off the
 * candidate lists the search made anyway, so the answerer never searches again to get them:
 *  - similarity: the dense list's best cosine similarity, which credits paraphrases that share few
 *    words with the article;
 *  - agreement: the share of the lexical top 5 (distinct texts) whose document is also in the dense
 *    top 5. Two unrelated rankers settle on the same documents when the corpus has them; for a question
 *    it cannot answer each ranks its own near misses (dev.jsonl: 3.4 of 5 for answerable items, 1.6
 *    for unanswerable ones).
 */
import type { RetrievalSignals, SearchHit } from '../types.js';
import type { RankState } from './rank-state.js';

/** How many of each list's best distinct texts the agreement compares. */
export const AGREEMENT_DEPTH = 5;

export function readSignals(s: Pick<RankState, 'ctx' | 'lists'>): RetrievalSignals {
  const lexical = s.lists.get('lexical');
  const dense = s.lists.get('dense');
  const out: RetrievalSignals = {};
  if (dense) out.similarity = dense[0]?.score ?? 0;
  if (lexical && dense) out.agreement = retrieverAgreement(s.ctx.toHits(lexical, AGREEMENT_DEPTH), s.ctx.toHits(dense, AGREEMENT_DEPTH));
  return out;
}

/** Share of the lexical top hits whose document is also among the dense top hits. */
export function retrieverAgreement(lexical: readonly SearchHit[], dense: readonly SearchHit[]): number {
  const denseDocs = new Set(dense.slice(0, AGREEMENT_DEPTH).map((h) => h.doc.id));
  return lexical.slice(0, AGREEMENT_DEPTH).filter((h) => denseDocs.has(h.doc.id)).length / AGREEMENT_DEPTH;
}
