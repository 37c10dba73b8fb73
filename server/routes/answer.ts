import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app-deps.js';
import { parseAnswerBody } from '../answer/request-schema.js';
import type { AnswerResult } from '../wire.js';
import { addLogFields } from '../request-log.js';
import { answerLogFields, labelTokenFor, readJsonBody, requireAnswerer, tooLarge } from './route-helpers.js';

/** A question is at most 2,000 characters; 64 KB leaves room for the history and nothing more. */
const MAX_BODY = 64 * 1024;

export function answerRoutes(deps: AppDeps): Hono {
  return new Hono().post('/answer', bodyLimit({ maxSize: MAX_BODY, onError: tooLarge(MAX_BODY) }), async (c) => {
    const answerer = requireAnswerer(deps);
    const req = parseAnswerBody(await readJsonBody(c));
    const result = await answerer.answer(req, { signal: c.req.raw.signal });
    addLogFields(c.req.raw, answerLogFields(result));
    const labelToken = labelTokenFor(deps, result);
    return c.json<AnswerResult>(labelToken ? { ...result, labelToken } : result);
  });
}
