/**
 * How the command-line entry points end: with the exit code their main returns, or, when it throws,
 * with one sentence for problems the user can fix (configuration, a missing or broken index) and the
 * stack trace for anything else.
 */
import { IndexError } from '../embeddings/index-error.js';
import { ConfigError, loadDotEnv } from '../server/config.js';
import { AppError } from '../server/errors.js';

export function isUserFacingError(e: unknown): e is Error {
  return AppError.isInstance(e) || IndexError.isInstance(e) || ConfigError.isInstance(e);
}

export function runCli(main: () => Promise<number>): void {
  // Settings from .env (see .env.example); the environment wins over the file.
  loadDotEnv();
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(isUserFacingError(e) ? e.message : e);
      process.exit(1);
    },
  );
}
