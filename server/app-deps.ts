/**
 * What the app is built from (createApp in app.ts). Its own module so that app.ts and the route
 * modules, which all take these parts, do not import each other. Routes read the parts on every
 * request: when the library changes, the runtime replaces store, indexInfo, retriever and answerer in
 * one synchronous step, and a request sees the old generation or the new one.
 */
import type { LlmState } from './answer/llm-circuit.js';
import type { Config } from './config.js';
import type { Logger } from './request-log.js';
import type { LabelRecorder } from './retrieval/learned/label-recorder.js';
import type { LearnedState } from './retrieval/learned/learned-retriever.js';
import type { QueryRewriter } from './retrieval/query-rewrite.js';
import type { LiveLibrary } from './library/live-library.js';
import type { EvaluationRuns } from './evaluation-runs.js';
import type { Answerer, CorpusStore, Retriever } from './types.js';

export interface IndexInfo {
  documents: number;
  chunks: number;
  embedder: string;
  builtAt: string;
}

export interface AppDeps {
  config: Config;
  store: CorpusStore;
  indexInfo: IndexInfo;
  /** The answering pipeline behind /api/answer and /api/chat (server/answer/create-answerer.ts). */
  answerer?: Answerer;
  /** The retriever behind /api/search (the product's retriever; server/runtime.ts). */
  retriever?: Retriever;
  /** With an LLM configured: everyday words → policy words before /api/search searches. */
  queryRewriter?: QueryRewriter;
  /** Where the request lines and errors go (request-log.ts); nothing is logged without one. */
  logger?: Logger;
  /** With an LLM configured: its state (ok, degraded, down) for /api/health. */
  llm?: () => LlmState;
  /** State of the learned ranking, shown by /api/health (server/retrieval/learned/). */
  ranking?: () => LearnedState;
  /** Uploads, removals and replacements into the live index (POST/PUT/DELETE /api/documents); absent in tests that do not need it. */
  library?: Pick<LiveLibrary, 'add' | 'remove' | 'replace' | 'status' | 'uploaded' | 'rebuild'>;
  /** Evaluation sets run from the browser (/api/evaluations); given by the composition (cli/serve.ts). */
  evaluations?: EvaluationRuns;
  /** Records confirmed (question, article) pairs for POST /api/labels; absent when LABELS_FROM_UI=off. */
  labels?: Pick<LabelRecorder, 'confirm' | 'writable' | 'issue'>;
}
