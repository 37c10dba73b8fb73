/**
 * Hybrid retrieval: the lexical and dense candidate lists fused, plus what the query names.
 *
 * - Fusion: reciprocal rank fusion (Σ w / (k + rank)) or a weighted sum of scores normalised by each
 *   list's best; both are measured on eval/sets/dev.jsonl in `npm run bench` (docs/retrieval.md).
 * - A 文号 in the question (any spelling) pulls in that document's best chunks and boosts them.
 * - 第N条 in the question pulls in the best chunks labelled 第N条 and boosts them.
 */
import type { Retriever, SearchFilter, SearchHit } from '../types.js';
import type { DenseRetriever } from './dense-retriever.js';
import { compileFilter, type ChunkFilter } from './filters.js';
import type { LexicalRetriever } from './lexical-retriever.js';
import { analyseQuery } from './query-normalise.js';
import type { RetrievalContext, Scored } from './retrieval-context.js';

export interface HybridOptions {
  fusion: 'rrf' | 'weighted';
  /** Candidates taken from each side. */
  candidates: number;
  rrfK: number;
  lexicalWeight: number;
  denseWeight: number;
  /** Added (in fused-score units, relative to a rank-1 hit on both sides) for a chunk of a document the question names by 文号. */
  docNoBoost: number;
  /** The same for a chunk labelled with an article number the question names. */
  articleBoost: number;
}

/** Tuned on eval/sets/dev.jsonl (see docs/retrieval.md). */
export const DEFAULT_HYBRID: HybridOptions = {
  fusion: 'rrf',
  candidates: 50,
  rrfK: 60,
  lexicalWeight: 1,
  denseWeight: 1,
  docNoBoost: 0.5,
  articleBoost: 0.3,
};

interface RankedList {
  items: Scored[];
  weight: number;
}

export class HybridRetriever implements Retriever {
  readonly name = 'hybrid';

  constructor(
    private readonly ctx: RetrievalContext,
    private readonly lexical: LexicalRetriever,
    private readonly dense: DenseRetriever,
    private readonly opts: HybridOptions = DEFAULT_HYBRID,
  ) {}

  async search(query: string, k: number, filter?: SearchFilter): Promise<SearchHit[]> {
    const f = compileFilter(this.ctx, filter);
    if (f?.empty) return [];
    const q = analyseQuery(query);
    const n = Math.max(this.opts.candidates, k * 2 + 10);
    const vector = await this.dense.embed(q);
    const lists: RankedList[] = [
      { items: this.lexical.candidates(q, n, f), weight: this.opts.lexicalWeight },
      { items: await this.dense.candidates(vector, n, f), weight: this.opts.denseWeight },
    ];
    const bonus = new Map<number, number>();

    const named = this.ctx.docsNamed(q.docNumbers);
    if (named.length) {
      const inDocs = new Set(named.flatMap((d) => this.ctx.docChunks[d]));
      const restrict = restrictTo(inDocs, f);
      lists.push({ items: this.lexical.candidates(q, 10, restrict), weight: this.opts.lexicalWeight });
      lists.push({ items: await this.dense.candidates(vector, 10, restrict), weight: this.opts.denseWeight });
      for (const c of inDocs) bonus.set(c, (bonus.get(c) ?? 0) + this.opts.docNoBoost);
    }
    if (q.articles.length) {
      const wanted = new Set(q.articles);
      const labelled = new Set<number>();
      this.ctx.chunkArticle.forEach((a, i) => {
        if (a && wanted.has(a)) labelled.add(i);
      });
      lists.push({ items: this.lexical.candidates(q, 10, restrictTo(labelled, f)), weight: this.opts.lexicalWeight });
      for (const c of labelled) bonus.set(c, (bonus.get(c) ?? 0) + this.opts.articleBoost);
    }

    const fused = this.fuse(lists);
    // Bonuses are relative to the best a chunk can get from fusion alone (rank 1 on both sides).
    const unit = this.opts.fusion === 'rrf' ? (this.opts.lexicalWeight + this.opts.denseWeight) / (this.opts.rrfK + 1) : this.opts.lexicalWeight + this.opts.denseWeight;
    const scored: Scored[] = [...fused].map(([chunk, score]) => ({ chunk, score: score + (bonus.get(chunk) ?? 0) * unit }));
    scored.sort((a, b) => b.score - a.score || a.chunk - b.chunk);
    return this.ctx.toHits(scored, k);
  }

  private fuse(lists: RankedList[]): Map<number, number> {
    const out = new Map<number, number>();
    // Each list a chunk appears in adds to its score: the doc- and article-restricted lists are extra evidence.
    for (const { items, weight } of lists) {
      if (items.length === 0) continue;
      const best = items[0].score || 1;
      items.forEach((s, rank) => {
        const add = this.opts.fusion === 'rrf' ? weight / (this.opts.rrfK + rank + 1) : (weight * s.score) / best;
        out.set(s.chunk, (out.get(s.chunk) ?? 0) + add);
      });
    }
    return out;
  }
}

/** A filter allowing only `chunks` (and whatever the user's filter allows). */
function restrictTo(chunks: Set<number>, user?: ChunkFilter): ChunkFilter {
  const list = [...chunks].filter((c) => !user || user.allows(c)).sort((a, b) => a - b);
  const set = new Set(list);
  return { allows: (c) => set.has(c), chunks: list.length <= 2000 ? list : undefined, empty: list.length === 0 };
}
