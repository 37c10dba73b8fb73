/**
 * POST /api/labels {question, articles:[chunk id | article id | title + label]} → 201 {question, articles:[{id, title, label}], already: false},
 * or 200 with `already: true` when the same pair was recorded before (nothing appended):
 * records that these articles answer the question (a user confirmed it beside the cited text), for the
 * learned ranking (docs/learned-ranking.md). 403 when LABELS_FROM_UI=off (the default).
 *
 * One confirmation reorders results for everyone, so only this server's own page may send one: JSON only
 * (415 otherwise, route-helpers.ts), an Origin naming another site is 403, and one address may send at
 * most LABELS_PER_MINUTE (429). A request with the administrative token (ADMIN_TOKEN) is trusted.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import { labelRequestSchema, type RecordedLabel } from '../wire.js';
import { clientOf, RateLimiter } from './rate-limit.js';
import { parseJsonBody, requireJson, tooLarge } from './route-helpers.js';

const MAX_BODY = 16 * 1024;
/** Confirmations one address may send a minute: a reader confirms a few articles, a script thousands. */
export const LABELS_PER_MINUTE = 20;

export function labelsRoutes(deps: AppDeps): Hono {
  const limiter = new RateLimiter(LABELS_PER_MINUTE);
  return new Hono().post('/labels', bodyLimit({ maxSize: MAX_BODY, onError: tooLarge(MAX_BODY) }), async (c) => {
    if (!deps.labels) throw new AppError('forbidden', 'This server does not record confirmations (LABELS_FROM_UI=off).');
    requireJson(c);
    if (!deps.labels.writable()) throw new AppError('forbidden', `The labels file ${deps.config.labelsFile} cannot be written: confirmations are not recorded.`);
    const token = deps.config.adminToken;
    const admin = token !== undefined && c.req.header('authorization') === `Bearer ${token}`;
    if (!admin) {
      // A browser names the page's origin on a cross-site POST: it must be this server.
      const origin = c.req.header('origin');
      if (origin && hostOf(origin) !== c.req.header('host')) throw new AppError('forbidden', 'Confirmations are accepted from this server’s own page only.');
      const taken = limiter.take(clientOf(c));
      if (!taken.ok) {
        c.header('Retry-After', String(taken.retryAfter));
        throw new AppError('rate_limited', `Too many confirmations from this address: at most ${LABELS_PER_MINUTE} a minute. Try again in ${taken.retryAfter} s.`);
      }
    }
    const body = await parseJsonBody(c, labelRequestSchema);
    const recorded = await deps.labels.confirm(body.question, body.articles, { token: body.token, trusted: admin });
    return c.json<RecordedLabel>(recorded, recorded.already ? 200 : 201);
  });
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
