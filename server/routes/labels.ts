/**
 * POST /api/labels {question, articles:[chunk id | article id | title + label]} → 201 {question, articles:[{id, title, label}], already: false},
 * or 200 with `already: true` when the same pair was recorded before (nothing appended):
 * records that these articles answer the question (a user confirmed it beside the cited text), for the
 * learned ranking (docs/learned-ranking.md). 403 when LABELS_FROM_UI=off.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import { parseJsonBody, tooLarge } from './route-helpers.js';

const MAX_BODY = 16 * 1024;
export const MAX_LABEL_QUESTION_CHARS = 500;
const MAX_ARTICLES = 20;

const bodySchema = z.strictObject(
  {
    question: z
      .string({ error: 'question must be a string' })
      .trim()
      .min(1, { error: 'The question is empty.' })
      .max(MAX_LABEL_QUESTION_CHARS, { error: `The question is longer than ${MAX_LABEL_QUESTION_CHARS} characters.` }),
    articles: z
      .array(z.string({ error: 'articles must hold strings' }).trim().min(1, { error: 'an article reference is empty' }).max(300), { error: 'articles must be an array' })
      .min(1, { error: 'Name at least one article.' })
      .max(MAX_ARTICLES, { error: `At most ${MAX_ARTICLES} articles.` }),
  },
  { error: 'The body must be a JSON object {question, articles}.' },
);

export function labelsRoutes(deps: AppDeps): Hono {
  return new Hono().post('/labels', bodyLimit({ maxSize: MAX_BODY, onError: tooLarge(MAX_BODY) }), async (c) => {
    if (!deps.labels) throw new AppError('forbidden', 'This server does not record confirmations (LABELS_FROM_UI=off).');
    const body = await parseJsonBody(c, bodySchema);
    const recorded = await deps.labels.confirm(body.question, body.articles);
    return c.json(recorded, recorded.already ? 200 : 201);
  });
}
