/**
 * Errors are values with codes; one onError handler (app.ts) maps them to HTTP statuses.
 * AppError is the error the routes throw. The domain errors (IndexError, ConfigError,
 * ModelUnavailableError) share its base, CewenError (embeddings/errors.ts), not AppError; when one
 * of them reaches the handler, its code takes its status from the same table.
 */
import { CewenError, hasErrorMarker, markError } from '../embeddings/errors.js';
import type { ErrorCode } from './wire.js';

export type ErrorStatus = 400 | 401 | 403 | 404 | 413 | 415 | 422 | 429 | 500 | 502 | 503;

const STATUS: Record<ErrorCode, ErrorStatus> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unreadable_document: 422,
  rate_limited: 429,
  index_missing: 503,
  index_corrupt: 503,
  embedder_mismatch: 503,
  llm_unavailable: 502,
  internal: 500,
};

function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(STATUS, code);
}

export class AppError extends CewenError {
  declare readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'AppError';
    markError(this, 'AppError');
  }
  get status(): ErrorStatus {
    return STATUS[this.code];
  }
  static isInstance(e: unknown): e is AppError {
    return hasErrorMarker(e, 'AppError');
  }
}

/**
 * How an error is answered: an AppError with its own status, another CewenError with its code's
 * status when the table has the code; both with their message. Undefined for anything else, which
 * is an internal error whose message is not shown.
 */
export function httpErrorOf(e: unknown): { status: ErrorStatus; code: ErrorCode; message: string } | undefined {
  if (AppError.isInstance(e)) return { status: e.status, code: e.code, message: e.message };
  if (CewenError.isInstance(e) && isErrorCode(e.code)) return { status: STATUS[e.code], code: e.code, message: e.message };
  return undefined;
}
