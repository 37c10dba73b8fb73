/**
 * The dense candidate source: nearest chunks in the embedding space, through the index's vector
 * store for the whole index, and a direct scan when a filter leaves only a few thousand chunks, where
 * a filtered graph search would wander through mostly-rejected nodes.
 */
import type { ChunkFilter } from './filters.js';
import type { AnalyzedQuestion } from '../../embeddings/text/analyze-question.js';
import type { CandidateSource, RankState } from './rank-state.js';
import type { RetrievalContext, Scored } from './retrieval-context.js';

export interface DenseOptions {
  /** HNSW search breadth; recall@10 against brute force is measured in `npm run bench`. */
  efSearch: number;
}

export const DEFAULT_DENSE: DenseOptions = { efSearch: 128 };

export class DenseSource implements CandidateSource {
  readonly name = 'dense';

  constructor(
    private readonly ctx: RetrievalContext,
    readonly weight = 1,
    opts: DenseOptions = DEFAULT_DENSE,
  ) {
    ctx.index.vectors.setSearchBreadth(opts.efSearch);
  }

  embed(q: AnalyzedQuestion): Promise<number[]> {
    return this.ctx.index.embeddings.embedQuery([q.content, ...q.expansions].join(' '));
  }

  async prepare(s: RankState): Promise<void> {
    s.vector = await this.embed(s.q);
  }

  /** The n nearest chunks to the question's vector, optionally restricted; scores are cosine similarities. */
  async candidates(s: Pick<RankState, 'vector'>, n: number, filter?: ChunkFilter): Promise<Scored[]> {
    const vector = s.vector;
    if (!vector || filter?.empty) return [];
    if (vector.every((x) => x === 0)) return [];
    const vectors = this.ctx.index.vectors;
    if (filter?.chunks) return scan(this.ctx, vector, filter.chunks, n);
    const k = Math.min(n, vectors.size);
    if (k === 0) return [];
    return (await vectors.nearest(vector, k, this.ctx.liveOnly(filter?.allows))).map((f) => ({ chunk: f.label, score: f.score }));
  }
}

/** Exact cosine over a few chunks (vectors read back from the HNSW index). */
function scan(ctx: RetrievalContext, vector: number[], chunks: number[], n: number): Scored[] {
  const index = ctx.index.vectors;
  let qn = 0;
  for (const x of vector) qn += x * x;
  qn = Math.sqrt(qn) || 1;
  const out: Scored[] = [];
  for (const c of chunks) {
    const p = index.vector(c);
    let dot = 0;
    let pn = 0;
    for (let i = 0; i < p.length; i++) {
      dot += p[i] * vector[i];
      pn += p[i] * p[i];
    }
    out.push({ chunk: c, score: dot / (qn * (Math.sqrt(pn) || 1)) });
  }
  return out.sort((a, b) => b.score - a.score || a.chunk - b.chunk).slice(0, n);
}
