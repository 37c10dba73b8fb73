/**
 * Contracts of the query side: what retrievers return, what the answering pipeline does.
 * Implementations live beside this file (retrieval/, answer/); routes depend only on these. What
 * answers look like on the wire (AnswerResult, Citation…) is in wire.ts.
 */
import type { Chunk, CorpusDocument, DocumentMeta } from '../embeddings/types.js';
import type { AnswerRequest, AnswerResult, Citation } from './wire.js';

/** Metadata filters users expect on a search. */
export interface SearchFilter {
  issuer?: string;
  year?: number;
  /** Any spelling: 国办发(2024)3 号 finds 国办发〔2024〕3号. */
  docNo?: string;
  docId?: string;
}

export interface SearchHit {
  chunk: Chunk;
  doc: DocumentMeta;
  score: number;
}

/** Lexical, dense and hybrid retrievers all satisfy this (see test/retriever.contract.ts). */
export interface Retriever {
  readonly name: string;
  search(query: string, k: number, filter?: SearchFilter): Promise<SearchHit[]>;
}

/** Read access to the indexed corpus: documents, chunks, and the text to highlight. */
export interface CorpusStore {
  listDocuments(): DocumentMeta[];
  getDocument(id: string): CorpusDocument | undefined;
  getChunk(id: string): Chunk | undefined;
}

/** Emitted while an answer is produced; the chat route turns these into the UI message stream. */
export type AnswerEvent =
  | { type: 'question'; question: string }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'text'; delta: string }
  | { type: 'notice'; message: string };

/** The whole answering pipeline (rewrite → retrieve → answer model → citation check), one per server. */
export interface Answerer {
  /** `extractive` or the LLM model id. */
  readonly model: string;
  /** Streams events through `onEvent` as they are produced; resolves to the final, checked answer. */
  answer(req: AnswerRequest, opts?: { signal?: AbortSignal; onEvent?: (e: AnswerEvent) => void }): Promise<AnswerResult>;
  /** Prepares what the first answer would otherwise wait for (term statistics); optional, idempotent. */
  warmUp?(): Promise<void>;
}
