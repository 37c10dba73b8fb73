/**
 * Contracts of the query side: what retrievers return, what the answering pipeline does.
 * Implementations live beside this file (retrieval/, answer/); routes depend only on these. What
 * answers look like on the wire (AnswerResult, Citation…) is in wire.ts.
 */
import type { Chunk, CorpusDocument, DocumentMeta } from '../embeddings/types.js';
import type { AnalyzedQuestion } from '../embeddings/text/analyze-question.js';
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

/**
 * What a search leaves besides its hits, for the answer's confidence to read instead of searching
 * again (server/retrieval/signals.ts). Absent when the retriever has no such list.
 */
export interface RetrievalSignals {
  /** Cosine similarity of the dense candidate list's best chunk. */
  similarity?: number;
  /** Share of the lexical top 5 whose document is also in the dense top 5 (distinct texts). */
  agreement?: number;
  /** Share of the candidate lists with the final top hit's document among their first three documents (two or more lists). */
  topAgreement?: number;
}

export interface Retrieval {
  hits: SearchHit[];
  signals: RetrievalSignals;
}

/** Lexical, dense, hybrid and learned retrievers all satisfy this (see test/retrieval/retriever.contract.ts). */
export interface Retriever {
  readonly name: string;
  /** `query` as typed, or already analysed once for the request (embeddings/text/analyze-question.ts). */
  search(query: string | AnalyzedQuestion, k: number, filter?: SearchFilter): Promise<Retrieval>;
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
  /** The question in policy words, as searched, when an LLM rewrote it. */
  | { type: 'search'; query: string }
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
