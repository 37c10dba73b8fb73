/**
 * Evaluation sets run from the browser (the 评测 page), through the runner the composition gives the
 * app (server/evaluation-runs.ts; eval/evaluation-runs.ts implements it):
 *   POST /api/evaluations                     {name, set: the JSONL text} → 202 the queued run; a bad set → 400 listing its lines
 *   GET  /api/evaluations                     the runs, newest first
 *   GET  /api/evaluations/:id                 progress; once done the figures and every item's answer and citations
 *   GET  /api/evaluations/:id/report.html     the CLI's HTML report (?against=ID compares with an earlier run)
 * Starting a run writes a report: same-origin JSON only (or the administrative token), at most a few queued.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../errors.js';
import { InvalidSetError, type EvaluationRunView } from '../evaluation-runs.js';
import { parseJsonBody, tooLarge } from './route-helpers.js';

const MAX_BODY = 8 * 1024 * 1024;
/** Runs waiting at once: a run answers every item of its set, one after another. */
export const MAX_QUEUED = 3;
const ID = /^[0-9a-f-]{1,40}$/;

const startSchema = z.strictObject(
  {
    name: z.string({ error: 'name must be a string' }).trim().min(1, { error: 'name is empty' }).max(200),
    set: z.string({ error: 'set must be the JSONL text of the set' }).min(1, { error: 'the set is empty' }),
  },
  { error: 'The body must be a JSON object {name, set}.' },
);

export function evaluationsRoutes(deps: AppDeps): Hono {
  const runs = () => {
    if (!deps.evaluations) throw new AppError('forbidden', 'This server does not run evaluations from the browser (npm run eval runs them from the command line).');
    return deps.evaluations;
  };
  const id = (v: string | undefined): string => {
    if (!v || !ID.test(v)) throw new AppError('bad_request', `Invalid evaluation id "${(v ?? '').slice(0, 60)}".`);
    return v;
  };
  return new Hono()
    .post('/evaluations', bodyLimit({ maxSize: MAX_BODY, onError: tooLarge(MAX_BODY) }), async (c) => {
      const r = runs();
      const token = deps.config.adminToken;
      const admin = token !== undefined && c.req.header('authorization') === `Bearer ${token}`;
      const origin = c.req.header('origin');
      if (!admin && origin && new URL(origin).host !== c.req.header('host')) throw new AppError('forbidden', 'Evaluations are started from this server’s own page only.');
      const body = await parseJsonBody(c, startSchema);
      if (r.list().filter((x) => x.state === 'queued' || x.state === 'running').length >= MAX_QUEUED) {
        throw new AppError('rate_limited', `${MAX_QUEUED} evaluations are waiting already; start this one when one has finished.`);
      }
      try {
        return c.json<EvaluationRunView>(r.start(body.name, body.set), 202);
      } catch (e) {
        if (e instanceof InvalidSetError) {
          return c.json({ error: { code: 'bad_request' as const, message: e.message }, problems: e.problems }, 400);
        }
        throw e;
      }
    })
    .get('/evaluations', (c) => c.json<{ runs: EvaluationRunView[] }>({ runs: runs().list() }))
    .get('/evaluations/:id', (c) => {
      const run = runs().get(id(c.req.param('id')));
      if (!run) throw new AppError('not_found', 'No such evaluation run.');
      return c.json<EvaluationRunView>(run);
    })
    .get('/evaluations/:id/report.html', (c) => {
      const against = c.req.query('against');
      const html = runs().html(id(c.req.param('id')), against ? id(against) : undefined);
      if (!html) throw new AppError('not_found', 'No finished evaluation run with this id.');
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
      return c.html(html);
    });
}
