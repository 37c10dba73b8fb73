/**
 * The document readers an upload may use, by file ending (one entry per format; the contract test runs
 * against every entry). JSONL article files are not read as text: upload.ts hands them to the corpus's
 * JSONL loader.
 */
import { docxReader } from './docx-reader.js';
import { htmlReader } from './html-reader.js';
import { pdfReader } from './pdf-reader.js';
import type { DocumentReader } from './reader-types.js';
import { textReader } from './text-reader.js';

export const DOCUMENT_READERS: readonly DocumentReader[] = [textReader, htmlReader, docxReader, pdfReader];

/** The reader for a file name, or undefined for an ending none reads. */
export function readerFor(file: string): DocumentReader | undefined {
  const name = file.toLowerCase();
  return DOCUMENT_READERS.find((r) => r.extensions.some((e) => name.endsWith(e)));
}

/** Every ending an upload accepts, for messages: .txt, .md, .html, .htm, .docx, .pdf, .jsonl */
export const UPLOAD_EXTENSIONS = [...DOCUMENT_READERS.flatMap((r) => r.extensions), '.jsonl'];
