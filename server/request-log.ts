/**
 * Structured logs: one JSON line per request to stdout (method, route, status, ms, and for answers the
 * model used and why it fell back, if it did), errors with their cause. LOG_LEVEL chooses what is
 * written (debug, info, warn, error, silent). A user's question is never written: logs are read by
 * people who should not read what users ask.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  readonly level: LogLevel;
  log(level: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields): void;
}

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  return {
    level,
    log(at, msg, fields = {}) {
      if (RANK[at] < RANK[level]) return;
      const clean = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      write(JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...clean }));
    },
  };
}

/** What a route adds to its request's log line (the answer's model, its fallback reason). */
const extra = new WeakMap<Request, LogFields>();

export function addLogFields(req: Request, fields: LogFields): void {
  extra.set(req, { ...extra.get(req), ...fields });
}

export function logFieldsOf(req: Request): LogFields {
  return extra.get(req) ?? {};
}
