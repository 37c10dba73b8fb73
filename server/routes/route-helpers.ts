/** Small pieces the answer, chat and sources routes share. */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import type { Answerer } from '../types.js';
import type { LogFields } from '../request-log.js';
import type { AnswerResult, ErrorResponse } from '../wire.js';

export function requireAnswerer(deps: AppDeps): Answerer {
  if (!deps.answerer) throw new AppError('internal', 'This server was started without an answer pipeline.');
  return deps.answerer;
}

/** JSON only: a form or text/plain post (what another site's page can send without asking) is refused with 415. */
export function requireJson(c: Context): void {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
    throw new AppError('unsupported_media_type', `Send the body as JSON (Content-Type: application/json), not ${type ? `"${type}"` : 'without a Content-Type'}.`);
  }
}

export async function readJsonBody(c: Context): Promise<unknown> {
  requireJson(c);
  try {
    return await c.req.json();
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}

export function tooLarge(max: number) {
  return (c: Context): Response => c.json<ErrorResponse>({ error: { code: 'payload_too_large', message: `The request body is larger than ${Math.round(max / 1024)} KB.` } }, 413);
}

/** The JSON body checked against `schema`; the first problem becomes a 400 naming the field. */
export async function parseJsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const parsed = schema.safeParse(await readJsonBody(c));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new AppError('bad_request', `${where}${issue.message}`);
  }
  return parsed.data;
}

/** What an answer adds to its request's log line: the model used and why the answer fell back, if it did. */
export function answerLogFields(r: Pick<AnswerResult, 'model' | 'status' | 'notice' | 'rewrittenQuery'>): LogFields {
  return { model: r.model, outcome: r.status, fallback: r.notice, rewritten: r.rewrittenQuery !== undefined };
}

/**
 * With confirmations on, the token that lets the reader confirm this answer's cited articles — the
 * closest provisions included: a reader confirming that one of them does answer is the label that
 * teaches the ranking most.
 */
export function labelTokenFor(deps: Pick<AppDeps, 'labels'>, r: Pick<AnswerResult, 'question' | 'citations'>): string | undefined {
  if (!deps.labels || r.citations.length === 0) return undefined;
  return deps.labels.issue(
    r.question,
    r.citations.map((c) => c.chunkId),
  );
}
