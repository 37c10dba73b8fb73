/**
 * Why an index could not be opened. The server maps these codes to AppError (503 with the same code);
 * the message always says how to fix it.
 */
export type IndexErrorCode = 'index_missing' | 'index_corrupt';

export class IndexError extends Error {
  constructor(readonly code: IndexErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IndexError';
  }
  static isInstance(e: unknown): e is IndexError {
    return e instanceof Error && e.name === 'IndexError' && 'code' in e;
  }
}
