/**
 * Contracts inside the answering pipeline. The public ones are in server/types.ts (Answerer) and
 * server/wire.ts (AnswerResult, Citation…); these are what the pipeline's parts agree on.
 */
import type { AnalyzedQuestion } from '../../embeddings/text/analyze-question.js';
import { CewenError, hasErrorMarker, markError } from '../../embeddings/errors.js';
import type { Chunk, DocumentMeta } from '../../embeddings/types.js';
import type { ChatTurn } from '../wire.js';

/** A retrieved chunk as numbered for the answer model: the model cites it as [n]. */
export interface GivenSource {
  n: number;
  chunk: Chunk;
  doc: DocumentMeta;
  /** Retrieval score, as the retriever gave it. */
  score: number;
  /** Expired, repealed or renewed (validity.ts): quoted after a source in force that covers the same point. */
  historical?: boolean;
}

export interface ModelInput {
  /** The standalone question (after follow-up rewriting). */
  question: string;
  /** Its one analysis, when the caller made it (the answerer does); models analyse `question` otherwise. */
  analysis?: AnalyzedQuestion;
  sources: GivenSource[];
}

/**
 * Writes an answer in which sentences cite the given sources as [n]. Yields text as it is produced;
 * whatever it yields is checked before anyone sees it. Throws when it cannot answer (service down,
 * timeout); the pipeline then falls back to the extractive model.
 */
export interface AnswerModel {
  /** `extractive` or the LLM model id. */
  readonly name: string;
  generate(input: ModelInput, signal?: AbortSignal): AsyncIterable<string>;
}

/** Turns a follow-up ("那外资企业呢？") into a standalone question, or returns it unchanged. */
export interface FollowUpRewriter {
  rewrite(question: string, history: ChatTurn[], signal?: AbortSignal): Promise<string>;
}

/** Thrown by an LLM model; `kind` picks the message the user sees. */
export class ModelUnavailableError extends CewenError {
  declare readonly code: 'llm_unavailable';
  /** `skipped`: not asked at all, the circuit is open after repeated failures (llm-circuit.ts). */
  readonly kind: 'timeout' | 'error' | 'skipped';
  constructor(kind: 'timeout' | 'error' | 'skipped', message: string, options?: { cause?: unknown }) {
    super('llm_unavailable', message, options);
    this.name = 'ModelUnavailableError';
    this.kind = kind;
    markError(this, 'ModelUnavailableError');
  }
  static isInstance(e: unknown): e is ModelUnavailableError {
    return hasErrorMarker(e, 'ModelUnavailableError');
  }
}
