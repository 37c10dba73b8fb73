/**
 * The wire contract: what the HTTP API accepts and returns, and the data parts of the chat stream.
 * The routes (server/routes/) validate request bodies with the schemas here and type what they send
 * with the types here; the UI imports the types (type-only, web/src/types.ts), so nothing of this
 * module ends up in the web bundle.
 *
 *   POST /api/search          SearchRequest → SearchResponse
 *   POST /api/answer          AnswerRequest → AnswerResult
 *   POST /api/chat            ChatRequest → UI message stream of CewenMessage (data parts: CewenDataParts)
 *   POST /api/labels          LabelRequest → RecordedLabel (201, or 200 when already recorded)
 *   GET  /api/sources/:chunkId           → SourceView
 *   GET  /api/documents                  → DocumentListResponse
 *   GET  /api/documents/:id              → DocumentView
 *   GET  /api/health                     → HealthView
 *   any failure                          → ErrorResponse, with the status of its code
 */
import type { UIMessage } from 'ai';
import { z } from 'zod';
import type { Chunk, CorpusDocument, DocumentMeta } from '../embeddings/types.js';

// ---------------------------------------------------------------------------------------------
// Requests: zod schemas, and the types inferred from them.

export const MAX_QUERY_CHARS = 2000;
export const MAX_K = 50;
export const MAX_QUESTION_CHARS = 2000;
export const MAX_LABEL_QUESTION_CHARS = 500;
const MAX_LABEL_ARTICLES = 20;

const searchFilterSchema = z.strictObject(
  {
    issuer: z.string({ error: 'filter.issuer must be a string' }).trim().min(1).max(100).optional(),
    year: z.number({ error: 'filter.year must be a number' }).int().min(1949).max(2100).optional(),
    docNo: z.string({ error: 'filter.docNo must be a string' }).trim().min(1).max(100).optional(),
    docId: z
      .string({ error: 'filter.docId must be a string' })
      .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'filter.docId is not a document id' })
      .optional(),
  },
  { error: 'filter must be an object with issuer, year, docNo or docId' },
);

/** POST /api/search */
export const searchRequestSchema = z.strictObject(
  {
    query: z
      .string({ error: 'query must be a string' })
      .trim()
      .min(1, { error: 'The query is empty.' })
      .max(MAX_QUERY_CHARS, { error: `The query is longer than ${MAX_QUERY_CHARS} characters.` }),
    k: z
      .number({ error: 'k must be a number' })
      .int({ error: 'k must be an integer' })
      .min(1, { error: `k must be between 1 and ${MAX_K}` })
      .max(MAX_K, { error: `k must be between 1 and ${MAX_K}` })
      .optional(),
    filter: searchFilterSchema.optional(),
    /** With an LLM configured the query is rewritten into policy words first; `false` searches it as typed. */
    rewrite: z.boolean({ error: 'rewrite must be true or false' }).optional(),
  },
  { error: 'The body must be a JSON object {query, k?, filter?, rewrite?}.' },
);

export type SearchRequest = z.infer<typeof searchRequestSchema>;

/** The question of /api/answer, and the last user message of /api/chat. */
export const questionSchema = z
  .string({ error: 'question must be a string' })
  .trim()
  .min(1, { error: 'The question is empty.' })
  .max(MAX_QUESTION_CHARS, { error: `The question is longer than ${MAX_QUESTION_CHARS} characters.` });

export const chatTurnSchema = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.string().max(20_000),
});

export type ChatTurn = z.infer<typeof chatTurnSchema>;

/** POST /api/answer */
export const answerRequestSchema = z.strictObject({
  question: questionSchema,
  /** Earlier turns, oldest first; used to rewrite a follow-up into a standalone question. */
  history: z.array(chatTurnSchema).max(100).optional(),
});

export type AnswerRequest = z.infer<typeof answerRequestSchema>;

const uiPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

const uiMessageSchema = z.looseObject({
  id: z.string().optional(),
  role: z.enum(['system', 'user', 'assistant']),
  parts: z.array(uiPartSchema).max(500),
});

/** POST /api/chat: what useChat sends (the whole conversation); any other field is refused by name. */
export const chatRequestSchema = z.strictObject({
  id: z.string().optional(),
  messages: z.array(uiMessageSchema).min(1, { error: 'messages is empty.' }).max(500),
  trigger: z.string().optional(),
  messageId: z.string().optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** POST /api/labels */
export const labelRequestSchema = z.strictObject(
  {
    question: z
      .string({ error: 'question must be a string' })
      .trim()
      .min(1, { error: 'The question is empty.' })
      .max(MAX_LABEL_QUESTION_CHARS, { error: `The question is longer than ${MAX_LABEL_QUESTION_CHARS} characters.` }),
    articles: z
      .array(z.string({ error: 'articles must hold strings' }).trim().min(1, { error: 'an article reference is empty' }).max(300), { error: 'articles must be an array' })
      .min(1, { error: 'Name at least one article.' })
      .max(MAX_LABEL_ARTICLES, { error: `At most ${MAX_LABEL_ARTICLES} articles.` }),
    /** The labelToken of the answer that showed the articles (not needed with the administrative token). */
    token: z.string({ error: 'token must be a string' }).max(4000).optional(),
  },
  { error: 'The body must be a JSON object {question, articles}.' },
);

export type LabelRequest = z.infer<typeof labelRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Responses.

/** A document as shown next to a citation or a search result: its metadata and the file it came from. */
export type DocSummary = Pick<DocumentMeta, 'id' | 'title' | 'docNo' | 'issuer' | 'date' | 'effectiveDate' | 'validUntil'> & { file: string };

export interface Citation {
  /** The [n] marker in the answer text. */
  n: number;
  chunkId: string;
  /** The passage of the chunk that supports the sentence(s) citing it. */
  quote: string;
  /** Article label as users cite it, e.g. 第八条. */
  article: string;
  doc: DocSummary;
  /** Shown beside the citation: expired, or replaced by a newer document in the corpus. */
  validityNote?: string;
}

/** POST /api/answer */
export interface AnswerResult {
  /**
   * `answered`: confident, every sentence cited · `closest`: not confident; the closest provisions are
   * shown as such, with their citations and no claim that they answer · `not_found`: nothing related.
   */
  status: 'answered' | 'closest' | 'not_found';
  /** 0–1: how sure the server is that the cited provisions answer the question; the status is decided on it (absent for an exact reference the corpus lacks). */
  confidence?: number;
  answer: string;
  citations: Citation[];
  refused: boolean;
  /** `extractive` or the LLM model id. */
  model: string;
  /** When not answered: the closest documents, so the user knows where to look. */
  closest?: DocSummary[];
  /** E.g. the LLM failed and the extractive answer is shown instead. */
  notice?: string;
  /** The standalone question after follow-up rewriting. */
  question: string;
  /** What was searched when the LLM rewrote the question into policy words (absent otherwise). */
  rewrittenQuery?: string;
  /** With confirmations on: the token that lets the reader confirm a cited article answers the question (POST /api/labels). */
  labelToken?: string;
  tookMs: number;
}

/** One ranked chunk of POST /api/search. */
export interface SearchResult {
  /** The chunk id. */
  id: string;
  score: number;
  text: string;
  /** Article label, e.g. 第八条. */
  article: string;
  /** Chapter > section > parent item. */
  heading: string;
  /** `file`: the first compilation the document was found in. */
  doc: Pick<DocSummary, 'id' | 'title' | 'docNo' | 'issuer' | 'date'> & { file?: string };
}

/** POST /api/search */
export interface SearchResponse {
  results: SearchResult[];
  /** What was searched when the LLM rewrote the query into policy words (absent otherwise). */
  rewrittenQuery?: string;
  tookMs: number;
}

/** GET /api/sources/:chunkId */
export interface SourceView {
  chunk: Chunk;
  article: { id: string; label: string; headingPath: string[]; text: string; start: number; end: number };
  document: DocumentMeta;
  /** Range inside `article.text`. */
  highlight: { start: number; end: number };
  /** The same range inside the document's text. */
  documentHighlight?: { start: number; end: number };
}

/** GET /api/documents */
export interface DocumentListResponse {
  /** `uploadedAt`: when the document came in through POST /api/documents (absent for the bundled corpus). */
  documents: (DocumentMeta & { uploadedAt?: string })[];
  total: number;
}

/** GET /api/documents/:id */
export interface DocumentView {
  document: CorpusDocument;
}

/** The learned ranking (docs/learned-ranking.md) as /api/health reports it. */
export type RankingState =
  | { state: 'off' }
  | { state: 'fitting'; labelled: number }
  | { state: 'ready'; labelled: number; weights: Record<string, number>; fitted: 'now' | 'cached' | 'default' }
  | { state: 'failed'; message: string };

/** GET /api/health */
export interface HealthView {
  /** `degraded` while the LLM is not ok (answers are then extractive, with a notice). */
  status: 'ok' | 'degraded';
  /** The LLM's state: `down` while it is skipped after repeated failures; `lastError` says why. */
  llm: { state: 'ok' | 'degraded' | 'down'; lastError?: string };
  index: { documents: number; chunks: number; embedder: string; builtAt: string };
  model: string;
  /** The learned ranking (docs/learned-ranking.md); absent from older servers. */
  ranking?: RankingState;
  /** Whether POST /api/labels records confirmations (LABELS_FROM_UI); absent from older servers. */
  labels?: { writable: boolean };
  /**
   * Uploaded and removed documents since the index was built; `drift` is the share of chunks changed, and
   * past 0.2 `rebuildAdvised` says a full rebuild (`npm run ingest`, which reads the uploads too) would
   * refit the corpus statistics. `uploads` says whether this server accepts uploads (ADMIN_TOKEN is set).
   */
  library?: {
    uploads: boolean;
    uploadedFiles: number;
    uploadedDocuments: number;
    removedDocuments: number;
    drift: number;
    rebuildAdvised: boolean;
    /** A full rebuild (POST /api/index/rebuild) is running; searches use the index in memory meanwhile. */
    rebuilding: boolean;
    lastRebuild?: { at: string; error?: string };
  };
}

/** POST /api/labels */
export interface RecordedLabel {
  question: string;
  articles: { id: string; title: string; label: string }[];
  /** The same question with the same articles was recorded before (by anyone): nothing was added. */
  already: boolean;
}

/** POST /api/documents, PUT /api/documents/:id: what was added, and each file that was not with its reason. */
export interface DocumentUploadResponse {
  documents: { id: string; title: string; docNo?: string; file: string; articles: number; chunks: number }[];
  skipped: { file: string; error: string }[];
  /** PUT: the id of the document replaced. */
  replaced?: string;
}

/** POST /api/index/rebuild */
export interface RebuildResponse {
  rebuilding: true;
}

/** DELETE /api/documents/:id */
export interface DocumentDeleteResponse {
  removed: string;
}

/** The `code` of an error response; server/errors.ts maps each to its HTTP status. */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unreadable_document'
  | 'rate_limited'
  | 'index_missing'
  | 'index_corrupt'
  | 'embedder_mismatch'
  | 'llm_unavailable'
  | 'internal';

/** The body of every error response. */
export interface ErrorResponse {
  error: { code: ErrorCode; message: string };
}

// ---------------------------------------------------------------------------------------------
// The chat stream (POST /api/chat; the parts are described in server/routes/chat.ts).

/** The final part of every answer. */
export interface AnswerInfo {
  /** As /api/answer's status; absent from older servers. */
  status?: AnswerResult['status'];
  refused: boolean;
  closest: DocSummary[];
  notice?: string;
  model: string;
  question: string;
  /** With confirmations on: the token POST /api/labels needs for this answer's citations. */
  labelToken?: string;
}

/** Data parts of the chat stream, keyed by the name after `data-`. */
export type CewenDataParts = {
  question: { question: string };
  /** The question in policy words, as searched, when the LLM rewrote it. */
  search: { query: string };
  citations: Citation[];
  answer: AnswerInfo;
};

export type CewenMessage = UIMessage<unknown, CewenDataParts>;
