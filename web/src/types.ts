/**
 * What the UI reads from the server. The answer contracts come from server/types.ts (type-only
 * imports, erased from the bundle) so the chat stream and the source panel cannot drift from them.
 */
import type { UIMessage } from 'ai';
import type { Article, Chunk, DocumentMeta } from '../../embeddings/types';
import type { Citation, DocSummary } from '../../server/types';

export type { Citation, DocSummary };

/** The final part of every answer. */
export interface AnswerInfo {
  refused: boolean;
  closest: DocSummary[];
  notice?: string;
  model: string;
  question: string;
}

/** Data parts of the chat stream, keyed by the name after `data-`. */
export interface CewenDataParts {
  question: { question: string };
  citations: Citation[];
  answer: AnswerInfo;
  [name: string]: unknown;
}

export type CewenMessage = UIMessage<unknown, CewenDataParts>;

/** GET /api/sources/:chunkId */
export interface SourceView {
  chunk: Pick<Chunk, 'id' | 'docId' | 'label' | 'text' | 'start' | 'end'>;
  article: { label: string; headingPath: string[]; text: string; start: number; end: number };
  document: DocMeta;
  /** Range inside `article.text`. */
  highlight: { start: number; end: number };
  /** The same range inside the document's text. */
  documentHighlight?: { start: number; end: number };
}

/** Document metadata as the server sends it (the source files are not shown in the UI). */
export type DocMeta = Omit<DocumentMeta, 'sources'>;

export type DocArticle = Omit<Article, 'docId'>;

/** GET /api/documents/:id */
export interface DocumentView {
  document: DocMeta & { text: string; articles: DocArticle[] };
}

/** GET /api/health */
export interface HealthView {
  status: string;
  index: { documents: number; chunks: number; embedder: string; builtAt: string };
  model: string;
  /** The learned ranking (docs/learned-ranking.md); absent from older servers. */
  ranking?: { state: 'off' | 'fitting' | 'ready' | 'failed'; labelled?: number; fitted?: 'now' | 'cached' | 'default' };
  /** Whether POST /api/labels records confirmations (LABELS_FROM_UI); absent from older servers. */
  labels?: { writable: boolean };
}

/** POST /api/labels */
export interface RecordedLabel {
  question: string;
  articles: { id: string; title: string; label: string }[];
  /** Recorded before (by anyone): nothing was added. */
  already: boolean;
}

/** What the side panel shows. */
export type PanelTarget =
  | {
      kind: 'source';
      chunkId: string;
      citation?: Citation;
      /** The question the citing answer answered (the standalone one), so the reader can confirm the pair. */
      question?: string;
    }
  | {
      kind: 'document';
      docId: string;
      title?: string;
      /** Range in the document's text, and the text expected there. */
      highlight?: { start: number; end: number };
      quote?: string;
    };
