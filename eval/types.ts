/**
 * Contracts of the evaluation runner: what a set item is, what a run of one item records,
 * and the figures computed from a whole run. The report JSON is `EvalReport` as written to disk;
 * `--against` reads an older one back, so fields are only ever added.
 */

export const QUESTION_TYPES = ['fact', 'number', 'article', 'who', 'docno', 'list', 'multi', 'unanswerable'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** One line of an evaluation set (format in docs: ARCHITECTURE.md, "Evaluation set lines"). */
export interface EvalItem {
  id: string;
  question: string;
  /** The reference answer, written by hand. */
  answer: string;
  /** Verbatim quotes from the corpus; empty for unanswerable items. */
  evidence: string[];
  /** The document (or file) the answer comes from; empty for unanswerable items. */
  doc: string;
  type: QuestionType;
  /** Words a good answer contains. */
  keywords: string[];
  /** Optional labels for extra breakdowns, e.g. `paraphrase`, `article-ref`. */
  tags?: string[];
  /** 1-based line in the set file, for messages and the report. */
  line: number;
}

/** A retrieved passage as the runner sees it, whether it came from a chunk, a window or the HTTP API. */
export interface Passage {
  id: string;
  text: string;
  score: number;
  docTitle?: string;
  label?: string;
}

/** A citation as the runner sees it (in-process or over HTTP). */
export interface AnswerCitation {
  n: number;
  chunkId: string;
  quote: string;
  article: string;
  docTitle: string;
}

import type { AnswerResult } from '../server/wire.js';

/** The three outcomes of an answer. */
export type AnswerStatus = AnswerResult['status'];

export interface AnswerOutcome {
  answer: string;
  citations: AnswerCitation[];
  refused: boolean;
  model: string;
  /** Absent from servers older than the three outcomes: then `answered` unless refused, `not_found` if refused. */
  status?: AnswerStatus;
  /** The answer's confidence (0–1) as the server decided its status on; feeds the risk–coverage curve. */
  confidence?: number;
}

/** Retrieval by one named method: hybrid, lexical, dense, naive, or `server` over HTTP. */
export type SearchFn = (query: string, k: number) => Promise<Passage[]>;

/**
 * What an evaluation runs against. In-process it wraps the real retrievers, answerer and store;
 * with `--url` it wraps the HTTP API. Tests build small fakes of the same shape.
 */
export interface EvalTarget {
  /** `in-process` or the server URL. */
  readonly description: string;
  /** The retriever the answer pipeline uses; its figures are the headline ones. */
  readonly primary: string;
  /** Every retriever that can be compared; always contains `primary`. */
  readonly retrievers: Record<string, SearchFn>;
  /** The retriever every figure is divided by in `--compare`, when there is one. */
  readonly baseline?: string;
  answer(question: string): Promise<AnswerOutcome>;
  /** The full text of a cited chunk; undefined when it is unknown. */
  chunkText(chunkId: string): Promise<string | undefined>;
  /** Index and model facts for the report header. */
  info(): Promise<Record<string, unknown>>;
  close?(): Promise<void>;
}

export interface RetrievedView {
  id: string;
  docTitle?: string;
  label?: string;
  /** First characters of the passage, for the report. */
  snippet: string;
  hit: boolean;
}

export interface CitationView {
  n: number;
  chunkId: string;
  article: string;
  docTitle: string;
  containsEvidence: boolean;
  /** Supports at least one answer sentence that cites it. */
  supportsSentence: boolean;
  /** Counts toward citation precision: contains the evidence or supports its sentence. */
  precise: boolean;
}

export interface SentenceView {
  text: string;
  cites: number[];
  supported: boolean;
}

export interface ItemResult {
  id: string;
  line: number;
  type: QuestionType;
  question: string;
  evidence: string[];
  referenceAnswer: string;
  doc: string;
  keywords: string[];
  tags?: string[];
  /** 1-based rank of the first passage holding an evidence quote, within the retrieval depth; null if none. */
  rank: number | null;
  retrieved: RetrievedView[];
  searchMs: number;
  answer: string;
  /** True exactly when status is not `answered`. */
  refused: boolean;
  status: AnswerStatus;
  /** The server's confidence, when it reports one. */
  confidence?: number;
  model: string;
  answerMs: number;
  citations: CitationView[];
  sentences: SentenceView[];
  /** Share of the item's keywords found in the answer; null when the item has none. */
  keywordRecall: number | null;
  /** A cited chunk contains an evidence quote ("evidence shown", whatever the status). */
  evidenceCited: boolean;
  /** 0–1 from the judge model; null when no judge ran for this item. */
  judged: number | null;
  /** Empty when the item passed; otherwise short reasons, e.g. `evidence not in top 5`. */
  failures: string[];
  /** Set when the pipeline threw for this item. */
  error?: string;
}

/** Figures of a group of items (all, or one question type). Rates are 0–1; null when nothing to measure. */
export interface Metrics {
  items: number;
  answerable: number;
  unanswerable: number;
  hit1: number | null;
  hit5: number | null;
  hit10: number | null;
  /** hit@k for the run's --k. */
  hitK: number | null;
  mrr10: number | null;
  citationPrecision: number | null;
  citationRecall: number | null;
  /** Share of answerable items where some citation contains an evidence quote, whatever the status ("evidence shown"). */
  evidenceCited: number | null;
  keywordRecall: number | null;
  /** Unanswerable items held back: status not `answered` (refused). */
  refusalRate: number | null;
  /** Answerable items not answered (status `closest` or `not_found`). */
  falseRefusalRate: number | null;
  /** Answerable items with status `answered`. */
  answeredRate: number | null;
  /** Answerable items with status `not_found`. */
  notFoundRate: number | null;
  /** Of all answered items: those unanswerable or citing no evidence ("confident answers wrong"). */
  confidentWrong: number | null;
  /** Median length in characters of the answers shown (status `answered` or `closest`). */
  answerChars: number | null;
  judged: number | null;
  searchP50: number | null;
  searchP95: number | null;
  answerP50: number | null;
  answerP95: number | null;
  failed: number;
  errors: number;
}

/** Retrieval figures of one retriever in `--compare`. */
export interface RetrievalMetrics {
  items: number;
  hit1: number | null;
  hit5: number | null;
  hit10: number | null;
  hitK: number | null;
  mrr10: number | null;
  searchP50: number | null;
  searchP95: number | null;
}

export interface RetrieverComparison {
  name: string;
  overall: RetrievalMetrics;
  byType: Record<string, RetrievalMetrics>;
  /** By item tag (paraphrase, …), when the set tags its items. */
  byTag?: Record<string, RetrievalMetrics>;
  /** Per item: 1-based rank of the first hit, or null. */
  ranks: Record<string, number | null>;
}

/** One operating point of the confidence: answer when confidence ≥ threshold. */
export interface RiskCoveragePoint {
  threshold: number;
  /** Share of all items that would be answered. */
  coverage: number;
  /** Share of those answered that would be wrong (unanswerable, or no citation holds the evidence). */
  risk: number;
}

export interface RiskCoverage {
  /** Items the curve is drawn over: those with a confidence and a shown citation or none at all. */
  items: number;
  points: RiskCoveragePoint[];
  /** Where the run actually was: share answered and share of those wrong. */
  operating: { coverage: number; risk: number };
}

export interface EvalReport {
  version: 1;
  createdAt: string;
  set: { file: string; items: number; limit?: number };
  target: string;
  k: number;
  info: Record<string, unknown>;
  overall: Metrics;
  byType: Record<string, Metrics>;
  /** By item tag, when the set tags its items. */
  byTag?: Record<string, Metrics>;
  compare?: { baseline?: string; primary: string; retrievers: RetrieverComparison[] };
  /** Share answered against share of answered that is wrong, as the confidence threshold moves; absent when the target reports no confidence. */
  riskCoverage?: RiskCoverage;
  items: ItemResult[];
}
