/** The contract of a document reader: one file's bytes to plain text, lines as the document prints them. */
import { CewenError, hasErrorMarker, markError } from '../../errors.js';

export interface DocumentReader {
  /** Short name, e.g. `pdf`. */
  readonly name: string;
  /** File name endings it reads, lower case with the dot. */
  readonly extensions: readonly string[];
  /** The document's text; throws UnreadableDocumentError with a sentence a person can act on. */
  read(bytes: Uint8Array, file: string): Promise<string>;
}

/** A file that cannot be read as a document: its name and why (a broken PDF, a scan with no text layer, a wrong type). */
export class UnreadableDocumentError extends CewenError {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('unreadable_document', message, options);
    this.name = 'UnreadableDocumentError';
    markError(this, 'UnreadableDocumentError');
  }
  static isInstance(e: unknown): e is UnreadableDocumentError {
    return hasErrorMarker(e, 'UnreadableDocumentError');
  }
}
