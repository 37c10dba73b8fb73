/**
 * Contracts of the indexing side. Everything in `embeddings/` produces these;
 * `server/` and `eval/` consume them. Offsets are UTF-16 code-unit offsets (JS string indices).
 */

/** Where a document was found: a cleaned compilation file and the range inside its cleaned text. */
export interface SourceRef {
  file: string;
  start: number;
  end: number;
}

/** Metadata users filter on and see next to a citation. Dates are ISO `YYYY-MM-DD` (or `YYYY-MM`). */
export interface DocumentMeta {
  /** Stable id derived from the normalised title and 文号, the same across re-ingests. */
  id: string;
  title: string;
  /** 文号 in canonical form, e.g. `国办发〔2024〕3号`, `国务院令第734号`. */
  docNo?: string;
  issuer?: string;
  /** Date of issue. */
  date?: string;
  /** 自…起施行 */
  effectiveDate?: string;
  /** 有效期至… / 有效期…年 computed from the effective date or date of issue. */
  validUntil?: string;
  /** Every compilation the document appears in (duplicates across files are merged). */
  sources: SourceRef[];
  /** For a text published by a notice (印发/公布), the notice's id; the notice lists it in `childIds`. */
  parentId?: string;
  childIds?: string[];
}

/** A whole document with its cleaned text and its articles. */
export interface CorpusDocument extends DocumentMeta {
  text: string;
  articles: Article[];
}

/** One numbered unit of a document: 第八条, 一、, （三）, 1. — or the preamble. */
export interface Article {
  id: string;
  docId: string;
  /** As users cite it: `第八条`, `（三）`, `一、总体要求` is labelled `一`; the preamble is `正文`. */
  label: string;
  /** Chapter > section > parent item, e.g. `['第二章 企业名称', '第一节 …']`. */
  headingPath: string[];
  /** Range in the document's `text`. */
  start: number;
  end: number;
  /** The row id this article had in a pre-split source (JSONL `id`), so results map back to it. */
  sourceId?: string;
}

/** The unit that is embedded, retrieved and cited. */
export interface Chunk {
  /** Stable: `${docId}:${articleIndex}:${part}`; re-ingesting the same corpus gives the same ids. */
  id: string;
  docId: string;
  articleId: string;
  /** Article label (`第八条`) — carried along when a long article is split. */
  label: string;
  headingPath: string[];
  /** The chunk text exactly as `document.text.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
}

/** What the corpus pipeline returns for a folder of files. */
export interface Corpus {
  documents: CorpusDocument[];
  chunks: Chunk[];
  /** Per-file problems: unreadable, binary, not UTF-8, empty, no documents found. Never thrown. */
  problems: CorpusProblem[];
}

export interface CorpusProblem {
  file: string;
  /** `bad_line`: one line of a JSONL file was skipped (`file` is `name:line`); the rest of the file loads. */
  code: 'empty' | 'binary' | 'encoding' | 'no_documents' | 'too_large' | 'unreadable' | 'bad_line';
  message: string;
}

/** Progress callback shared by long-running stages (ingest, embedding, evaluation). */
export type ProgressFn = (event: { stage: string; done: number; total: number; detail?: string }) => void;
