/**
 * What the UI reads from the server comes from server/wire.ts (type-only imports, erased from the
 * bundle), so the chat stream and the source panel cannot drift from what the routes send. The rest
 * is the UI's own.
 */
import type { DocumentMeta } from '../../embeddings/types';
import type { Citation } from '../../server/wire';

export type {
  AnswerInfo,
  CewenDataParts,
  CewenMessage,
  Citation,
  DocSummary,
  DocumentDeleteResponse,
  DocumentListResponse,
  DocumentUploadResponse,
  DocumentView,
  HealthView,
  RebuildResponse,
  RecordedLabel,
  SourceView,
} from '../../server/wire';

/** The document metadata the UI shows (the source files are not shown). */
export type DocMeta = Omit<DocumentMeta, 'sources'>;

/** What the side panel shows. */
export type PanelTarget =
  | {
      kind: 'source';
      chunkId: string;
      citation?: Citation;
      /** The question the citing answer answered (the standalone one), so the reader can confirm the pair. */
      question?: string;
      /** The answer's labelToken: the server accepts a confirmation only for an article it showed. */
      labelToken?: string;
    }
  | {
      kind: 'document';
      docId: string;
      title?: string;
      /** Range in the document's text, and the text expected there. */
      highlight?: { start: number; end: number };
      quote?: string;
    };
