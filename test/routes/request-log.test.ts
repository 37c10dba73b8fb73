/**
 * One structured line per request (method, route, status, ms; for an answer the model and why it fell
 * back), errors with their cause, LOG_LEVEL respected — and never the user's question.
 */
import { describe, expect, it } from 'vitest';
import { createAnswerer } from '../../server/answer/create-answerer.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/request-log.js';
import type { Answerer } from '../../server/types.js';
import { fixtureCorpus } from '../support/fixture-corpus.js';

const fx = fixtureCorpus();
const QUESTION = '企业名称由哪些部分组成？';

function appWith(level: Parameters<typeof createLogger>[0], answerer: Answerer = createAnswerer({ store: fx.store, retriever: fx.retriever, stats: fx.stats })) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(level, (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  const app = createApp({ config: loadConfig({}), store: fx.store, indexInfo: { documents: 1, chunks: 1, embedder: 'none', builtAt: '' }, answerer, logger });
  return { app, lines };
}

const postAnswer = (app: ReturnType<typeof createApp>, body: unknown) =>
  app.request('/api/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('request log', () => {
  it('writes one JSON line per request, with the answer’s model, and not the question', async () => {
    const { app, lines } = appWith('info');
    expect((await postAnswer(app, { question: QUESTION })).status).toBe(200);
    expect((await app.request('/api/health')).status).toBe(200);
    expect((await postAnswer(app, { question: '' })).status).toBe(400);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'request', method: 'POST', route: '/api/answer', status: 200, model: 'extractive', outcome: 'answered' });
    expect(typeof lines[0].ms).toBe('number');
    expect(lines[1]).toMatchObject({ method: 'GET', route: '/api/health', status: 200 });
    expect(lines[2]).toMatchObject({ route: '/api/answer', status: 400 });
    expect(JSON.stringify(lines)).not.toContain('哪些部分');
  });

  it('keeps quiet below its level, and logs an internal error with its cause', async () => {
    const quiet = appWith('warn');
    await quiet.app.request('/api/health');
    expect(quiet.lines).toEqual([]);

    const failing: Answerer = {
      model: 'broken',
      answer: async () => {
        throw new Error('the index went away', { cause: new Error('disk unplugged') });
      },
    };
    const { app, lines } = appWith('error', failing);
    expect((await postAnswer(app, { question: QUESTION })).status).toBe(500);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'internal error', route: '/api/answer', error: 'the index went away', cause: 'disk unplugged' });
  });
});
