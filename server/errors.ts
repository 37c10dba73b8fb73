/** Errors are values with codes; one onError handler maps them to HTTP statuses. */
export type ErrorCode =
  | 'bad_request'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'index_missing'
  | 'index_corrupt'
  | 'llm_unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, 400 | 403 | 404 | 413 | 500 | 502 | 503> = {
  bad_request: 400,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  index_missing: 503,
  index_corrupt: 503,
  llm_unavailable: 502,
  internal: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
  get status(): 400 | 403 | 404 | 413 | 500 | 502 | 503 {
    return STATUS[this.code];
  }
  static isInstance(e: unknown): e is AppError {
    return e instanceof Error && (e as { name?: string }).name === 'AppError' && 'code' in e;
  }
}
