/**
 * The Hono app, built from injected parts. `main.ts` wires real parts and listens;
 * tests build the same app with real parts on a free port.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from './app-deps.js';
import { httpErrorOf } from './errors.js';
import { documentsRoutes } from './routes/documents.js';
import { healthRoutes } from './routes/health.js';
import { answerRoutes } from './routes/answer.js';
import { chatRoutes } from './routes/chat.js';
import { sourcesRoutes } from './routes/sources.js';
import { staticWebRoutes } from './routes/static-web.js';
import { searchRoutes } from './routes/search.js';
import { labelsRoutes } from './routes/labels.js';
import { libraryRoutes } from './routes/library.js';
import { evaluationsRoutes } from './routes/evaluations.js';
import { createLogger, logFieldsOf } from './request-log.js';
import type { ErrorResponse } from './wire.js';

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const logger = deps.logger ?? createLogger('silent');

  // One line per request, after it is answered. The path only: a query string may hold a user's words.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    logger.log('info', 'request', {
      method: c.req.method,
      route: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...logFieldsOf(c.req.raw),
    });
  });

  app.onError((err, c) => {
    const known = httpErrorOf(err);
    if (known) {
      return c.json<ErrorResponse>({ error: { code: known.code, message: known.message } }, known.status);
    }
    if (err instanceof HTTPException) {
      return c.json<ErrorResponse>({ error: { code: err.status === 404 ? 'not_found' : 'bad_request', message: err.message } }, err.status);
    }
    logger.log('error', 'internal error', {
      method: c.req.method,
      route: c.req.path,
      error: err.message,
      cause: err.cause instanceof Error ? err.cause.message : err.cause === undefined ? undefined : String(err.cause),
      stack: err.stack,
    });
    return c.json<ErrorResponse>({ error: { code: 'internal', message: 'Internal error; see the server log.' } }, 500);
  });
  app.notFound((c) => c.json<ErrorResponse>({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}` } }, 404));

  app.route('/api', healthRoutes(deps));
  app.route('/api', documentsRoutes(deps));
  app.route('/api', libraryRoutes(deps));
  app.route('/api', evaluationsRoutes(deps));
  app.route('/api', answerRoutes(deps));
  app.route('/api', chatRoutes(deps));
  app.route('/api', sourcesRoutes(deps));
  app.route('/api', searchRoutes(deps));
  app.route('/api', labelsRoutes(deps));
  // Last: the built chat UI at `/` (it never answers `/api/*`).
  app.route('/', staticWebRoutes());
  return app;
}
