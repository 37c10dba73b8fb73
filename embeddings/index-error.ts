/**
 * Why an index could not be opened. The server maps these codes to AppError (503 with the same code);
 * the message always says how to fix it.
 */
import { CewenError, hasErrorMarker, markError } from './errors.js';

/** `embedder_mismatch`: built by another embedder than the configured one, and not rebuilt without being asked. */
export type IndexErrorCode = 'index_missing' | 'index_corrupt' | 'embedder_mismatch';

export class IndexError extends CewenError {
  declare readonly code: IndexErrorCode;
  constructor(code: IndexErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'IndexError';
    markError(this, 'IndexError');
  }
  static isInstance(e: unknown): e is IndexError {
    return hasErrorMarker(e, 'IndexError');
  }
}
