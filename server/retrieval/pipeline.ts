/**
 * A search, explicitly: candidate sources fill the state, an ordered list of stages ranks it, and the
 * result is cut to k hits (one per distinct text) with the signals read off the candidate lists. The
 * lexical, dense and hybrid retrievers are this one pipeline with other sources and stages
 * (retrievers.ts); the learned ranking reorders its output (learned/learned-retriever.ts).
 */
import type { Retrieval, Retriever, SearchFilter } from '../types.js';
import { compileFilter } from './filters.js';
import type { AnalyzedQuestion } from '../../embeddings/text/analyze-question.js';
import type { CandidateSource, RankStage, RankState } from './rank-state.js';
import type { RetrievalContext } from './retrieval-context.js';
import { readSignals } from './signals.js';

export interface PipelineSpec {
  sources: readonly CandidateSource[];
  stages: readonly RankStage[];
  /** Candidates asked of each source for k results (duplicates of one text are dropped after ranking). */
  depth(k: number): number;
}

export class PipelineRetriever implements Retriever {
  constructor(
    readonly name: string,
    private readonly ctx: RetrievalContext,
    readonly spec: PipelineSpec,
  ) {}

  async search(query: string | AnalyzedQuestion, k: number, filter?: SearchFilter): Promise<Retrieval> {
    const state = await this.rank(typeof query === 'string' ? this.ctx.analyze(query) : query, k, filter);
    if (!state) return { hits: [], signals: {} };
    return { hits: this.ctx.toHits(state.order ?? [], k), signals: readSignals(state) };
  }

  /** The ranked state for a question (undefined when the filter allows nothing). */
  async rank(q: AnalyzedQuestion, k: number, filter?: SearchFilter): Promise<RankState | undefined> {
    const f = compileFilter(this.ctx, filter);
    if (f?.empty) return undefined;
    const state: RankState = { ctx: this.ctx, q, filter: f, lists: new Map(), strength: new Map(), scores: new Map(), unit: 1 };
    const n = this.spec.depth(k);
    for (const src of this.spec.sources) await src.prepare?.(state);
    for (const src of this.spec.sources) state.lists.set(src.name, await src.candidates(state, n, f));
    for (const stage of this.spec.stages) await stage.run(state);
    return state;
  }
}

/** The order of one source's list as it is: what a single-source retriever ranks by. */
export function listStage(source: string): RankStage {
  return {
    name: `${source} order`,
    run(s: RankState) {
      s.order = s.lists.get(source) ?? [];
    },
  };
}
