/**
 * The base of the project's own errors: a `code` a program can branch on and a message a person can
 * act on. IndexError (here), ConfigError, ModelUnavailableError and the HTTP-facing AppError (server/)
 * extend it; server/errors.ts maps codes to HTTP statuses.
 *
 * `isInstance` looks for a marker set by the constructor rather than at the prototype chain (as the
 * AI SDK's errors do), so it also recognises an error made by another copy of this module (the bundled
 * server beside tsx, two test module graphs), and not an object that merely has the right `name`.
 */
const BASE = 'CewenError';

/** Marks `error` as made by the error class `name`; each class's constructor calls it. */
export function markError(error: Error, name: string): void {
  Object.defineProperty(error, Symbol.for(`cewen.error.${name}`), { value: true });
}

/** Whether `value` was marked by the error class `name` (see markError). */
export function hasErrorMarker(value: unknown, name: string): boolean {
  const marker = Symbol.for(`cewen.error.${name}`);
  return value != null && typeof value === 'object' && (value as Record<symbol, unknown>)[marker] === true;
}

export class CewenError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = BASE;
    this.code = code;
    markError(this, BASE);
  }
  static isInstance(e: unknown): e is CewenError {
    return hasErrorMarker(e, BASE);
  }
}
