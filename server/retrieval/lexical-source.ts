/**
 * The lexical candidate source: BM25 over jieba words, character bigrams and article-number tokens
 * (embeddings/text/tokenize.ts). Words weigh 1, bigrams less: they are there for recall when the
 * segmenter cuts a question and the text differently, not to outvote whole-word matches.
 */
import type { Bm25Params, WeightedTerm } from '../../embeddings/lexical-index.js';
import { isBigram, tokenize } from '../../embeddings/text/tokenize.js';
import type { ChunkFilter } from './filters.js';
import type { AnalyzedQuestion } from '../../embeddings/text/analyze-question.js';
import type { CandidateSource, RankState } from './rank-state.js';
import type { RetrievalContext, Scored } from './retrieval-context.js';

export interface LexicalOptions {
  bm25: Bm25Params;
  bigramWeight: number;
  /** Weight of expansion terms relative to the question's own. */
  expansionWeight: number;
}

/** Tuned on eval/sets/dev.jsonl (see docs/design.md). */
export const DEFAULT_LEXICAL: LexicalOptions = { bm25: { k1: 0.5, b: 0.8 }, bigramWeight: 0.3, expansionWeight: 0.5 };

export class LexicalSource implements CandidateSource {
  readonly name = 'lexical';

  constructor(
    private readonly ctx: RetrievalContext,
    readonly weight = 1,
    private readonly opts: LexicalOptions = DEFAULT_LEXICAL,
  ) {}

  /** Weighted query terms: each distinct token once. */
  terms(q: AnalyzedQuestion): WeightedTerm[] {
    const weights = new Map<string, number>();
    for (const t of tokenize(q.content)) weights.set(t, isBigram(t) ? this.opts.bigramWeight : 1);
    for (const t of q.expansions.flatMap((e) => tokenize(e))) {
      if (!weights.has(t)) weights.set(t, (isBigram(t) ? this.opts.bigramWeight : 1) * this.opts.expansionWeight);
    }
    return [...weights].map(([term, weight]) => ({ term, weight }));
  }

  /** The n best chunks for an analysed query, optionally restricted. */
  async candidates(s: Pick<RankState, 'q'>, n: number, filter?: ChunkFilter): Promise<Scored[]> {
    if (filter?.empty) return [];
    return this.ctx.index.lexical.search(this.terms(s.q), n, this.opts.bm25, this.ctx.liveOnly(filter?.allows)).map((d) => ({ chunk: d.doc, score: d.score }));
  }
}
