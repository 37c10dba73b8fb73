/**
 * The error classes (one base, CewenError, with a marker-based isInstance) and the one onError
 * handler: every code keeps its HTTP status, domain errors are not AppErrors, and an error that only
 * looks like one (same name, same code) is an internal error. Also, the chat stream's data parts are
 * typed: a wrong part is a compile error (checked by `npm run typecheck`).
 */
import type { InferUIMessageChunk } from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CewenError } from '../../embeddings/errors.js';
import { IndexError } from '../../embeddings/index-error.js';
import { createApp } from '../../server/app.js';
import { createLogger } from '../../server/request-log.js';
import { ModelUnavailableError } from '../../server/answer/types.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { AppError } from '../../server/errors.js';
import { isUserFacingError } from '../../cli/run-cli.js';
import type { Answerer } from '../../server/types.js';
import type { CewenMessage, ErrorResponse } from '../../server/wire.js';
import { parseSse } from '../support/answer-server.js';
import { fixtureCorpus } from '../support/fixture-corpus.js';

const classes = { CewenError, IndexError, AppError, ModelUnavailableError, ConfigError };
type Name = keyof typeof classes;

const made: Record<Name, Error> = {
  CewenError: new CewenError('some_code', 'base'),
  IndexError: new IndexError('index_missing', 'no index'),
  AppError: new AppError('not_found', 'no such thing'),
  ModelUnavailableError: new ModelUnavailableError('timeout', 'the model sent nothing'),
  ConfigError: new ConfigError('Invalid configuration: PORT: too big'),
};

describe('isInstance', () => {
  it('recognises each class and its subclasses, and nothing else', () => {
    for (const [name, error] of Object.entries(made) as [Name, Error][]) {
      expect(CewenError.isInstance(error), name).toBe(true);
      for (const [other, cls] of Object.entries(classes) as [Name, (typeof classes)[Name]][]) {
        expect(cls.isInstance(error), `${other}.isInstance(new ${name})`).toBe(other === name || other === 'CewenError');
      }
    }
  });

  it('keeps codes, names, messages and causes', () => {
    const cause = new Error('root');
    const e = new IndexError('index_corrupt', 'damaged', { cause });
    expect([e.code, e.name, e.message, e.cause]).toEqual(['index_corrupt', 'IndexError', 'damaged', cause]);
    expect(e).toBeInstanceOf(Error);
    expect(made.ModelUnavailableError).toMatchObject({ code: 'llm_unavailable', kind: 'timeout', name: 'ModelUnavailableError' });
    expect(made.ConfigError).toMatchObject({ code: 'invalid_config', name: 'ConfigError' });
    expect((made.AppError as AppError).status).toBe(404);
  });

  it('domain errors are not AppErrors', () => {
    for (const name of ['IndexError', 'ModelUnavailableError', 'ConfigError'] as const) {
      expect(AppError.isInstance(made[name]), name).toBe(false);
      expect(made[name]).not.toBeInstanceOf(AppError);
    }
  });

  it('is not fooled by plain errors, look-alikes or non-errors', () => {
    const spoofed = Object.assign(new Error('x'), { name: 'AppError', code: 'bad_request' });
    const object = { name: 'IndexError', code: 'index_missing', message: 'x' };
    const stringKey = Object.assign(new Error('x'), { 'cewen.error.CewenError': true, code: 'internal' });
    for (const v of [new Error('x'), spoofed, object, stringKey, null, undefined, 'AppError', 0]) {
      for (const [name, cls] of Object.entries(classes)) expect(cls.isInstance(v), `${name} ${String(v)}`).toBe(false);
    }
  });

  it('recognises an error made by another copy of the module', async () => {
    vi.resetModules();
    const copy = await import('../../embeddings/index-error.js');
    expect(copy.IndexError).not.toBe(IndexError);
    const e = new copy.IndexError('index_missing', 'from the copy');
    expect(e).not.toBeInstanceOf(IndexError);
    expect(IndexError.isInstance(e)).toBe(true);
    expect(CewenError.isInstance(e)).toBe(true);
    expect(AppError.isInstance(e)).toBe(false);
  });

  it('the command lines print a sentence for configuration, index and app errors', () => {
    expect(isUserFacingError(made.ConfigError)).toBe(true);
    expect(isUserFacingError(made.IndexError)).toBe(true);
    expect(isUserFacingError(made.AppError)).toBe(true);
    expect(isUserFacingError(new Error('Invalid configuration: looks like one'))).toBe(false);
    expect(isUserFacingError(made.ModelUnavailableError)).toBe(false);
  });

  it('loadConfig throws a ConfigError with the same sentence as before', () => {
    const err = (() => {
      try {
        loadConfig({ PORT: 'port' });
      } catch (e) {
        return e;
      }
    })();
    expect(ConfigError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/^Invalid configuration:\n {2}PORT: .*\nSee \.env\.example for the settings\.$/s);
    expect(() => loadConfig({ LLM: 'openai' })).toThrow('Invalid configuration: LLM_BASE_URL is required when LLM=openai. See .env.example.');
  });
});

describe('onError keeps the statuses', () => {
  const fx = fixtureCorpus();
  let thrown: unknown;
  const answerer: Answerer = {
    model: 'failing',
    answer: async () => {
      throw thrown;
    },
  };
  const logged: { level: string; error?: string }[] = [];
  const app = createApp({
    config: loadConfig({}),
    store: fx.store,
    indexInfo: { documents: fx.store.listDocuments().length, chunks: 0, embedder: 'none', builtAt: new Date(0).toISOString() },
    answerer,
    logger: createLogger('error', (line) => logged.push(JSON.parse(line) as { level: string; error?: string })),
  });
  const ask = (error: unknown) => {
    thrown = error;
    return app.request('/api/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '问题' }) });
  };
  const silence = () => vi.spyOn(console, 'error').mockImplementation(() => {});
  afterEach(() => vi.restoreAllMocks());

  const internal: ErrorResponse = { error: { code: 'internal', message: 'Internal error; see the server log.' } };

  it('answers an AppError with its code and status', async () => {
    const table = [
      ['bad_request', 400],
      ['forbidden', 403],
      ['not_found', 404],
      ['payload_too_large', 413],
      ['internal', 500],
      ['llm_unavailable', 502],
      ['index_missing', 503],
      ['index_corrupt', 503],
    ] as const;
    for (const [code, status] of table) {
      const res = await ask(new AppError(code, `because ${code}`));
      expect(res.status, code).toBe(status);
      expect(await res.json()).toEqual({ error: { code, message: `because ${code}` } });
    }
  });

  it('answers other errors with a code in the table by that code', async () => {
    for (const [error, status] of [
      [new IndexError('index_missing', 'no index here'), 503],
      [new IndexError('index_corrupt', 'damaged'), 503],
      [new ModelUnavailableError('error', 'the model is down'), 502],
    ] as const) {
      const res = await ask(error);
      expect(res.status, error.message).toBe(status);
      expect(await res.json()).toEqual({ error: { code: error.code, message: error.message } });
    }
  });

  it('answers anything else as an internal error, without its message', async () => {
    logged.length = 0;
    const spoofed = Object.assign(new Error('secret'), { name: 'AppError', code: 'bad_request' });
    for (const error of [new Error('secret'), spoofed, new ConfigError('Invalid configuration: secret'), new CewenError('unknown_code', 'secret')]) {
      const res = await ask(error);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual(internal);
    }
    // Each is logged as an internal error, with its message (the log is for the operator, not the client).
    expect(logged.map((l) => [l.level, l.error])).toEqual([
      ['error', 'secret'],
      ['error', 'secret'],
      ['error', 'Invalid configuration: secret'],
      ['error', 'secret'],
    ]);
  });

  it('keeps the statuses the routes give of their own', async () => {
    const json = { 'content-type': 'application/json' };
    const cases: [Response | Promise<Response>, number, string][] = [
      [app.request('/api/search', { method: 'POST', headers: json, body: '{"query":"x"}' }), 503, 'index_missing'],
      [app.request('/api/labels', { method: 'POST', headers: json, body: '{"question":"x","articles":["a"]}' }), 403, 'forbidden'],
      [app.request('/api/answer', { method: 'POST', headers: json, body: '{' }), 400, 'bad_request'],
      [app.request('/api/answer', { method: 'POST', headers: json, body: '{"question":""}' }), 400, 'bad_request'],
      [app.request('/api/answer', { method: 'POST', headers: json, body: 'x'.repeat(65 * 1024) }), 413, 'payload_too_large'],
      [app.request('/api/documents/a.b'), 400, 'bad_request'],
      [app.request('/api/documents/nope'), 404, 'not_found'],
      [app.request('/api/sources/nope:1:0'), 404, 'not_found'],
      [app.request('/api/nowhere'), 404, 'not_found'],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect(res.status, code).toBe(status);
      expect(((await res.json()) as ErrorResponse).error.code).toBe(code);
    }
  });

  it('the chat stream shows the message of the same errors, and hides others', async () => {
    const chat = async (error: unknown) => {
      thrown = error;
      const res = await app.request('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', parts: [{ type: 'text', text: '问题' }] }] }),
      });
      return parseSse(await res.text()).find((p) => p.type === 'error')?.errorText;
    };
    expect(await chat(new AppError('bad_request', 'The question is empty.'))).toBe('The question is empty.');
    expect(await chat(new IndexError('index_missing', 'no index here'))).toBe('no index here');
    silence();
    expect(await chat(new Error('secret'))).toBe('Internal error while answering; see the server log.');
  });
});

describe('the chat stream is typed', () => {
  it('takes the declared data parts and refuses others (a compile error)', () => {
    type Part = InferUIMessageChunk<CewenMessage>;
    const parts: Part[] = [
      { type: 'data-question', data: { question: '那外资企业呢？' } },
      { type: 'data-citations', id: 'citations', data: [] },
      { type: 'data-answer', data: { refused: false, closest: [], model: 'extractive', question: 'q' } },
      // @ts-expect-error: no such data part
      { type: 'data-cited', data: [] },
      // @ts-expect-error: the answer part needs refused, closest, model and question
      { type: 'data-answer', data: { question: 'q' } },
      // @ts-expect-error: citations are a list
      { type: 'data-citations', data: { n: 1 } },
    ];
    expect(parts).toHaveLength(6);
  });
});
