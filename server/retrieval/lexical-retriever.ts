/**
 * BM25 over jieba words, character bigrams and article-number tokens (embeddings/text/tokenize.ts).
 * Words weigh 1, bigrams less: they are there for recall when the segmenter cuts a question and the
 * text differently, not to outvote whole-word matches.
 */
import type { Bm25Params, WeightedTerm } from '../../embeddings/lexical-index.js';
import { isBigram, tokenize } from '../../embeddings/text/tokenize.js';
import type { Retriever, SearchFilter, SearchHit } from '../types.js';
import { compileFilter, type ChunkFilter } from './filters.js';
import type { AnalysedQuery } from './query-normalise.js';
import type { RetrievalContext, Scored } from './retrieval-context.js';

export interface LexicalOptions {
  bm25: Bm25Params;
  bigramWeight: number;
  /** Weight of expansion terms relative to the question's own. */
  expansionWeight: number;
}

/** Tuned on eval/sets/dev.jsonl (see docs/retrieval.md). */
export const DEFAULT_LEXICAL: LexicalOptions = { bm25: { k1: 0.5, b: 0.8 }, bigramWeight: 0.3, expansionWeight: 0.5 };

export class LexicalRetriever implements Retriever {
  readonly name = 'lexical';

  constructor(
    private readonly ctx: RetrievalContext,
    private readonly opts: LexicalOptions = DEFAULT_LEXICAL,
  ) {}

  /** Weighted query terms: each distinct token once. */
  terms(q: AnalysedQuery): WeightedTerm[] {
    const weights = new Map<string, number>();
    for (const t of tokenize(q.content)) weights.set(t, isBigram(t) ? this.opts.bigramWeight : 1);
    for (const t of q.expansions.flatMap((e) => tokenize(e))) {
      if (!weights.has(t)) weights.set(t, (isBigram(t) ? this.opts.bigramWeight : 1) * this.opts.expansionWeight);
    }
    return [...weights].map(([term, weight]) => ({ term, weight }));
  }

  /** The n best chunks for an analysed query, optionally restricted. */
  candidates(q: AnalysedQuery, n: number, filter?: ChunkFilter): Scored[] {
    if (filter?.empty) return [];
    return this.ctx.index.lexical
      .search(this.terms(q), n, this.opts.bm25, filter ? filter.allows : undefined)
      .map((s) => ({ chunk: s.doc, score: s.score }));
  }

  async search(query: string, k: number, filter?: SearchFilter): Promise<SearchHit[]> {
    const f = compileFilter(this.ctx, filter);
    // Ask for more than k: duplicates of one text are dropped after ranking.
    return this.ctx.toHits(this.candidates(this.ctx.analyse(query), k * 2 + 10, f), k);
  }
}
