/**
 * POST /api/labels {question, articles:[chunk id | article id | title + label]} → 201 {question, articles:[{id, title, label}], already: false},
 * or 200 with `already: true` when the same pair was recorded before (nothing appended):
 * records that these articles answer the question (a user confirmed it beside the cited text), for the
 * learned ranking (docs/learned-ranking.md). 403 when LABELS_FROM_UI=off.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import { labelRequestSchema, type RecordedLabel } from '../wire.js';
import { parseJsonBody, tooLarge } from './route-helpers.js';

const MAX_BODY = 16 * 1024;

export function labelsRoutes(deps: AppDeps): Hono {
  return new Hono().post('/labels', bodyLimit({ maxSize: MAX_BODY, onError: tooLarge(MAX_BODY) }), async (c) => {
    if (!deps.labels) throw new AppError('forbidden', 'This server does not record confirmations (LABELS_FROM_UI=off).');
    const body = await parseJsonBody(c, labelRequestSchema);
    const recorded = await deps.labels.confirm(body.question, body.articles);
    return c.json<RecordedLabel>(recorded, recorded.already ? 200 : 201);
  });
}
