/**
 * The ranking pipeline's shared vocabulary. Candidate sources (sources.ts) fill a RankState with
 * scored candidate lists; an ordered list of stages (stages/) turns it into one order; the retriever
 * cuts that order to k hits with one result per distinct text, and reads the signals off the lists.
 */
import type { ChunkFilter } from './filters.js';
import type { AnalyzedQuestion } from '../../embeddings/text/analyze-question.js';
import { tokenize } from '../../embeddings/text/tokenize.js';
import type { RetrievalContext, Scored } from './retrieval-context.js';

export interface RankState {
  readonly ctx: RetrievalContext;
  /** The question, analysed once for the request. */
  readonly q: AnalyzedQuestion;
  /** The user's metadata filter, compiled; undefined when there is none. */
  readonly filter?: ChunkFilter;
  /** Each source's candidates, best first, by source name: what fusion reads and the signals are taken from. */
  readonly lists: Map<string, Scored[]>;
  /**
   * How much a source trusts its own list this time (0–1, 1 when absent): fusion scales the source's weight
   * by it. Lists are normalised by their best, so a weak best match would otherwise count as a strong one.
   */
  readonly strength?: Map<string, number>;
  /** The query vector, when a dense source embedded the question (restricted searches reuse it). */
  vector?: number[];
  /** Combined scores by chunk position (fusion writes them, boosts add to them). */
  scores: Map<number, number>;
  /** One unit of score: the best fused score a chunk can get (first on every list); bonuses are in these units. */
  unit: number;
  /** The candidates in final order, once a stage has ordered them. */
  order?: Scored[];
}

/** One step of the ranking, named so the pipeline reads top to bottom and each can be measured alone. */
export interface RankStage {
  readonly name: string;
  run(state: RankState): void | Promise<void>;
}

/** A list of candidates from one source, with the weight fusion gives it. */
export interface CandidateSource {
  readonly name: string;
  readonly weight: number;
  /** The n best chunks for the question (optionally restricted), best first. */
  candidates(state: Pick<RankState, 'q' | 'vector'>, n: number, filter?: ChunkFilter): Promise<Scored[]>;
  /** Prepares what candidates() needs once per question (the dense source embeds the question). */
  prepare?(state: RankState): Promise<void>;
}

/** Scored chunks, best first; ties by chunk position so the order never depends on insertion. */
export function byScore(a: Scored, b: Scored): number {
  return b.score - a.score || a.chunk - b.chunk;
}

const questionTokens = new WeakMap<AnalyzedQuestion, ReadonlySet<string>>();

/** Share of the question's distinct tokens (words and bigrams) that `text` holds. */
export function questionShare(q: AnalyzedQuestion, text: string): number {
  let asked = questionTokens.get(q);
  if (!asked) questionTokens.set(q, (asked = new Set(tokenize(q.text))));
  if (asked.size === 0) return 0;
  const other = new Set(tokenize(text));
  let shared = 0;
  for (const t of asked) if (other.has(t)) shared++;
  return shared / asked.size;
}

const topShares = new WeakMap<object, number>();

/**
 * Share of the question's tokens that the lexical list's best chunk holds (0 without one): how far the
 * question is worded like the texts. Read by the question memories and the law bonus, computed once per search.
 */
export function lexicalTopShare(s: Pick<RankState, 'q'> & Partial<Pick<RankState, 'ctx' | 'lists'>>): number {
  const top = s.lists?.get('lexical')?.[0];
  if (!top || !s.ctx) return 0;
  let share = topShares.get(s);
  if (share === undefined) topShares.set(s, (share = questionShare(s.q, s.ctx.index.chunks[top.chunk].text)));
  return share;
}
