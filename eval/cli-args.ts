/** The command line of `npm run eval`: options, their checks and the usage text. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { THRESHOLDS, parseThresholdValue } from './thresholds.js';

export const USAGE = `Usage: npm run eval -- --set FILE [options]

Runs every item of an evaluation set (JSONL) through the answer pipeline and reports its figures.

  --set FILE          the evaluation set (required), e.g. eval/sets/dev.jsonl
  --url URL           evaluate a running server (POST /api/search, /api/answer) instead of in-process
  --k N               depth for hit@k and the failure rule (default 5)
  --out DIR           where report.json and report.html go (default eval/out/<timestamp>/,
                      copied to eval/out/latest/)
  --compare           also run lexical-only, dense-only, the hybrid without lexicon expansion and the naive
                      baseline retrieval (in-process only)
  --rewrites FILE     recorded LLM rewrites of the set's questions (eval/fixtures/rewrites/*.jsonl): adds the
                      hybrid and the naive baseline searched with the rewrite, replayed through an
                      OpenAI-compatible server on loopback (in-process only)
  --answers FILE      recorded LLM answers (eval/fixtures/answers/*.jsonl): the answers come from the LLM
                      answer model talking to a loopback replay of them (in-process only)
  --against OLD.json  print what got better and worse since an earlier report.json
  --limit N           only the first N items
${THRESHOLDS.map((t) => `  --${t.flag} X`.padEnd(22) + `exit 1 when ${t.kind === 'min' ? 'below' : 'above'} X (0–1)`).join('\n')}
  --benchmark stard   the external STARD statute-retrieval benchmark instead of a set (see --benchmark stard --help)
  --help              this text`;

/** Bad arguments: the CLI prints the message and the usage text and exits 2. */
export class UsageError extends Error {}

export const DEFAULT_OUT = path.join('eval', 'out');

export interface CliOptions {
  set: string;
  url?: string;
  k: number;
  out?: string;
  compare: boolean;
  rewrites?: string;
  /** Recorded LLM answers (eval/fixtures/answers/*.jsonl), replayed as the answer model. */
  answers?: string;
  against?: string;
  limit?: number;
  thresholds: Map<string, number>;
}

function positiveInt(flag: string, raw: string | undefined, fallback?: number): number | undefined {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`--${flag} needs a whole number ≥ 1, got "${raw}".`);
  return v;
}

export function parseCli(argv: string[]): CliOptions | 'help' {
  const thresholdOptions = Object.fromEntries(THRESHOLDS.map((t) => [t.flag, { type: 'string' as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        set: { type: 'string' },
        url: { type: 'string' },
        k: { type: 'string' },
        out: { type: 'string' },
        compare: { type: 'boolean' },
        rewrites: { type: 'string' },
        answers: { type: 'string' },
        against: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...thresholdOptions,
      },
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  if (typeof values.set !== 'string' || values.set === '') throw new UsageError('--set FILE is required.');
  const url = values.url as string | undefined;
  if (url !== undefined && !/^https?:\/\/[^/]+/.test(url)) throw new UsageError(`--url must be an http(s) URL, got "${url}".`);
  if (url !== undefined && values.compare) {
    throw new UsageError('--compare runs each retriever in-process; it cannot be combined with --url.');
  }
  if (url !== undefined && values.answers !== undefined) {
    throw new UsageError('--answers replays answers in-process; it cannot be combined with --url (a server answers with its own LLM).');
  }
  if (url !== undefined && values.rewrites !== undefined) {
    throw new UsageError('--rewrites replays rewrites in-process; it cannot be combined with --url (a server rewrites with its own LLM).');
  }
  const thresholds = new Map<string, number>();
  for (const t of THRESHOLDS) {
    const raw = values[t.flag];
    if (typeof raw !== 'string') continue;
    try {
      thresholds.set(t.flag, parseThresholdValue(t.flag, raw));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return {
    set: values.set,
    url,
    k: positiveInt('k', values.k as string | undefined, 5)!,
    out: values.out as string | undefined,
    compare: values.compare === true || values.rewrites !== undefined,
    rewrites: values.rewrites as string | undefined,
    answers: values.answers as string | undefined,
    against: values.against as string | undefined,
    limit: positiveInt('limit', values.limit as string | undefined),
    thresholds,
  };
}
