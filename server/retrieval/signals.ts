/**
 * The signals a search leaves for the answer's confidence (server/answer/refusal.ts), read off the
 * candidate lists the search made anyway, so the answerer never searches again to get them:
 *  - similarity: the dense list's best cosine similarity, which credits paraphrases that share few
 *    words with the article;
 *  - agreement: the share of the lexical top 5 (distinct texts) whose document is also in the dense
 *    top 5. Two unrelated rankers settle on the same documents when the corpus has them; for a question
 *    it cannot answer each ranks its own near misses (dev.jsonl: 3.4 of 5 for answerable items, 1.6
 *    for unanswerable ones).
 *  - topAgreement: the share of the candidate lists (lexical, dense, question memory) that have the
 *    final top hit's document among their first TOP_DEPTH documents. An answer quotes the top hits; when
 *    every source puts the winner near its top, the winner is rarely a near miss (the status decision
 *    reads it: on everyday questions a wrong answer is one whose evidence is not the top hit).
 */
import type { RetrievalSignals, SearchHit } from '../types.js';
import type { RankState } from './rank-state.js';

/** How many of each list's best distinct texts the agreement compares. */
export const AGREEMENT_DEPTH = 5;

/** How many of a list's best distinct documents topAgreement looks at. */
export const TOP_DEPTH = 3;

export function readSignals(s: Pick<RankState, 'ctx' | 'lists' | 'order'>): RetrievalSignals {
  const lexical = s.lists.get('lexical');
  const dense = s.lists.get('dense');
  const out: RetrievalSignals = {};
  if (dense) out.similarity = dense[0]?.score ?? 0;
  if (lexical && dense) out.agreement = retrieverAgreement(s.ctx.toHits(lexical, AGREEMENT_DEPTH), s.ctx.toHits(dense, AGREEMENT_DEPTH));
  const top = s.order?.length ? s.ctx.toHits(s.order, 1)[0] : undefined;
  if (top && s.lists.size > 1) {
    let agreeing = 0;
    for (const list of s.lists.values()) if (topDocuments(s.ctx.toHits(list, TOP_DEPTH * 3)).includes(top.doc.id)) agreeing++;
    out.topAgreement = agreeing / s.lists.size;
  }
  return out;
}

/** The first TOP_DEPTH distinct documents of a list of hits. */
function topDocuments(hits: readonly SearchHit[]): string[] {
  const out: string[] = [];
  for (const h of hits) {
    if (!out.includes(h.doc.id)) out.push(h.doc.id);
    if (out.length >= TOP_DEPTH) break;
  }
  return out;
}

/** Share of the lexical top hits whose document is also among the dense top hits. */
export function retrieverAgreement(lexical: readonly SearchHit[], dense: readonly SearchHit[]): number {
  const denseDocs = new Set(dense.slice(0, AGREEMENT_DEPTH).map((h) => h.doc.id));
  return lexical.slice(0, AGREEMENT_DEPTH).filter((h) => denseDocs.has(h.doc.id)).length / AGREEMENT_DEPTH;
}
