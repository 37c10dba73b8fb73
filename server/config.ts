/**
 * Configuration, read once from the environment and validated. Nothing else reads process.env.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CewenError, hasErrorMarker, markError } from '../embeddings/errors.js';

/** A setting is missing or malformed; the message names it and points to .env.example. */
export class ConfigError extends CewenError {
  declare readonly code: 'invalid_config';
  constructor(message: string) {
    super('invalid_config', message);
    this.name = 'ConfigError';
    markError(this, 'ConfigError');
  }
  static isInstance(e: unknown): e is ConfigError {
    return hasErrorMarker(e, 'ConfigError');
  }
}

const schema = z.object({
  /** The interface the server listens on: loopback unless told otherwise (0.0.0.0 or an address to expose it). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** What the server logs: one JSON line per request at info; errors at error. */
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  CORPUS_DIR: z.string().min(1).default('data/corpus'),
  INDEX_DIR: z.string().min(1).default('data/index'),
  LABELS_FILE: z.string().min(1).default('data/labels.jsonl'),
  LABELS_FROM_UI: z.enum(['on', 'off']).default('off'),
  /** Question files of the everyday question memory, separated by commas (server/retrieval/question-source.ts). */
  SYNTHETIC_QUESTIONS: z.string().min(1).default('data/synthetic-questions.jsonl'),
  /** Question files of the law questions' memory (articles named by title and number), separated by commas. */
  LAW_QUESTIONS: z.string().min(1).default('data/law-questions.jsonl'),
  /** Where uploaded documents are kept (originals and what was read from them), beside the index. */
  UPLOADS_DIR: z.string().min(1).default('data/uploads'),
  /** Where the reports of evaluations run from the browser are kept. */
  EVAL_REPORTS_DIR: z.string().min(1).default('data/eval-reports'),
  /** Largest file an upload may hold, in megabytes. */
  UPLOAD_MAX_MB: z.coerce.number().positive().max(512).default(20),
  /** Most files one upload request may hold. */
  UPLOAD_MAX_FILES: z.coerce.number().int().positive().max(1000).default(20),
  /** A secret for administrative requests (trusted labels, uploads). Unset: no administrative access. */
  ADMIN_TOKEN: z.string().min(16, { error: 'ADMIN_TOKEN must be at least 16 characters' }).optional(),
  EMBEDDINGS: z.enum(['local', 'openai']).default('local'),
  EMBEDDINGS_BASE_URL: z.string().url().optional(),
  EMBEDDINGS_MODEL: z.string().min(1).optional(),
  EMBEDDINGS_API_KEY: z.string().optional(),
  LLM: z.enum(['extractive', 'openai']).default('extractive'),
  LLM_BASE_URL: z.string().url().optional(),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_API_KEY: z.string().optional(),
  /** Milliseconds before an LLM request that has produced nothing is abandoned. */
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Milliseconds the LLM gets to send the first text of an answer before the extractive answer is served. */
  LLM_FIRST_TOKEN_TIMEOUT_MS: z.coerce.number().int().positive().default(8_000),
  /** Milliseconds the LLM gets for a whole answer. */
  LLM_TOTAL_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** Milliseconds the LLM gets to rewrite a question into policy words before the question is searched as typed. */
  LLM_REWRITE_TIMEOUT_MS: z.coerce.number().int().positive().default(3_000),
});

export interface Config {
  host: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  port: number;
  corpusDir: string;
  /** False when CORPUS_DIR was not set: an index built from another folder is then served as it is (retrieval/index-source.ts). */
  corpusDirSet?: boolean;
  indexDir: string;
  /** Uploaded documents (server/library/uploads-store.ts). */
  uploadsDir: string;
  uploadMaxBytes: number;
  uploadMaxFiles: number;
  /** Reports of evaluations run from the browser. */
  evalReportsDir: string;
  /** Labelled questions the ranking learns from (docs/learned-ranking.md); used when the file exists. */
  labelsFile: string;
  /** True when LABELS_FILE was set: a missing file is then worth a warning. */
  labelsFileSet?: boolean;
  /** Everyday questions written for articles, searched as a question memory (retrieval/question-source.ts); each file is used when it exists. */
  syntheticQuestions: string[];
  /** Everyday questions written for the articles of laws, named by title and number: a memory of its own, for the laws an index holds. */
  lawQuestions: string[];
  /** The administrative secret (Authorization: Bearer …), when set. */
  adminToken?: string;
  /** Whether confirmations from the chat window (POST /api/labels) are appended to labelsFile. */
  labelsFromUi?: boolean;
  embeddings: { kind: 'local' } | { kind: 'openai'; baseURL: string; model: string; apiKey?: string };
  llm:
    | { kind: 'extractive' }
    | { kind: 'openai'; baseURL: string; model: string; apiKey?: string; timeoutMs: number; firstTokenMs?: number; totalMs?: number; rewriteTimeoutMs: number };
}

/** Empty strings count as unset, the way shells and .env files usually mean them. */
function clean(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/**
 * Reads a `.env` file into the environment, as `.env.example` implies: a variable already set in the
 * environment wins over the file. Returns whether there was a file. Called once by the entry points.
 */
export function loadDotEnv(file = path.resolve('.env')): boolean {
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}

/** `a.jsonl, b.jsonl` → the files, resolved against cwd. */
function fileList(value: string, cwd: string): string[] {
  return value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => path.resolve(cwd, f));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const given = clean(env);
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for the settings.`);
  }
  const e = parsed.data;
  const need = (name: string, value: string | undefined, when: string): string => {
    if (!value) throw new ConfigError(`Invalid configuration: ${name} is required when ${when}. See .env.example.`);
    return value;
  };
  return {
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    corpusDir: path.resolve(cwd, e.CORPUS_DIR),
    corpusDirSet: given.CORPUS_DIR !== undefined,
    indexDir: path.resolve(cwd, e.INDEX_DIR),
    uploadsDir: path.resolve(cwd, e.UPLOADS_DIR),
    uploadMaxBytes: Math.round(e.UPLOAD_MAX_MB * 1024 * 1024),
    uploadMaxFiles: e.UPLOAD_MAX_FILES,
    evalReportsDir: path.resolve(cwd, e.EVAL_REPORTS_DIR),
    labelsFile: path.resolve(cwd, e.LABELS_FILE),
    labelsFileSet: given.LABELS_FILE !== undefined,
    labelsFromUi: e.LABELS_FROM_UI === 'on',
    syntheticQuestions: fileList(e.SYNTHETIC_QUESTIONS, cwd),
    lawQuestions: fileList(e.LAW_QUESTIONS, cwd),
    adminToken: e.ADMIN_TOKEN,
    embeddings:
      e.EMBEDDINGS === 'openai'
        ? {
            kind: 'openai',
            baseURL: need('EMBEDDINGS_BASE_URL', e.EMBEDDINGS_BASE_URL, 'EMBEDDINGS=openai'),
            model: need('EMBEDDINGS_MODEL', e.EMBEDDINGS_MODEL, 'EMBEDDINGS=openai'),
            apiKey: e.EMBEDDINGS_API_KEY,
          }
        : { kind: 'local' },
    llm:
      e.LLM === 'openai'
        ? {
            kind: 'openai',
            baseURL: need('LLM_BASE_URL', e.LLM_BASE_URL, 'LLM=openai'),
            model: need('LLM_MODEL', e.LLM_MODEL, 'LLM=openai'),
            apiKey: e.LLM_API_KEY,
            timeoutMs: e.LLM_TIMEOUT_MS,
            firstTokenMs: e.LLM_FIRST_TOKEN_TIMEOUT_MS,
            totalMs: e.LLM_TOTAL_TIMEOUT_MS,
            rewriteTimeoutMs: e.LLM_REWRITE_TIMEOUT_MS,
          }
        : { kind: 'extractive' },
  };
}
