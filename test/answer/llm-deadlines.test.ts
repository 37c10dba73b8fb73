/**
 * A hung, trickling or failing model never keeps the user waiting: against an OpenAI-compatible server on
 * loopback, the first-text deadline and the total deadline abort the request and the extractive answer is
 * served with a notice; after repeated failures the circuit opens and the model is not asked at all, and
 * /api/health says the model is down (status degraded). Deadlines here are short so the tests are quick;
 * nothing is timed: what is checked is what the user gets and what the server asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerModelKind } from '../../server/answer/answer-models.js';
import { createAnswerer } from '../../server/answer/create-answerer.js';
import { LlmCircuit } from '../../server/answer/llm-circuit.js';
import { createLlmModel } from '../../server/answer/llm-model.js';
import { loadPrompts } from '../../server/answer/prompts.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { HealthView } from '../../server/wire.js';
import { isAnswerRequest, startFakeOpenAI, type FakeOpenAI, type Reply } from '../support/fake-openai-server.js';
import { fixtureCorpus } from '../support/fixture-corpus.js';

const fx = fixtureCorpus();
const prompts = loadPrompts();
const Q = '企业名称由哪些部分组成？';
let fake: FakeOpenAI;
let reply: () => Reply = () => ({ kind: 'hang' });

beforeAll(async () => {
  fake = await startFakeOpenAI(() => reply());
});
afterAll(async () => fake?.close());

const llm = (over: { firstTokenMs?: number; totalMs?: number; timeoutMs?: number } = {}) =>
  createLlmModel({ baseURL: fake.baseURL, model: 'fake-model', timeoutMs: 5000, ...over }, prompts);

describe('deadlines', () => {
  it('a model that never answers: the extractive answer after the first-text deadline, the request aborted', async () => {
    reply = () => ({ kind: 'hang' });
    const before = fake.requests.length;
    // 1.5 s: long enough for the request to reach the model server on a busy machine (at 300 ms a CI run under
    // load aborted it before the server saw it), short enough to show the deadline and not the 5 s timeout.
    const r = await createAnswerer({ store: fx.store, retriever: fx.retriever, stats: fx.stats, model: llm({ firstTokenMs: 1500 }) }).answer({ question: Q });
    expect(r.model).toBe('extractive');
    expect(r.refused).toBe(false);
    expect(r.notice).toContain('超时');
    const asked = fake.requests.slice(before);
    expect(asked).toHaveLength(1);
    await asked[0].closed;
    expect(asked[0].aborted).toBe(true);
  });

  it('a trickle that never ends: the total deadline stops it, and what was checked so far is kept with a notice', async () => {
    reply = () => ({ kind: 'text', text: '企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成[1]。'.repeat(40), chunk: 2, delayMs: 40 });
    const before = fake.requests.length;
    const r = await createAnswerer({ store: fx.store, retriever: fx.retriever, stats: fx.stats, model: llm({ firstTokenMs: 2000, totalMs: 700 }) }).answer({ question: Q });
    const asked = fake.requests.slice(before);
    await asked[0].closed;
    expect(asked[0].aborted).toBe(true);
    expect(asked[0].finished).toBe(false);
    expect(r.notice).toBeDefined();
  });
});

describe('the circuit', () => {
  it('opens after three failures in a row: the fourth answer asks no model, health says down, then a success closes it', async () => {
    let t = 0;
    const circuit = new LlmCircuit({ failures: 3, cooldownMs: 1000 }, () => t);
    reply = () => ({ kind: 'status', status: 500 });
    const answerer = createAnswerer({ store: fx.store, retriever: fx.retriever, stats: fx.stats, model: circuit.guardModel(llm()) });
    for (let i = 0; i < 3; i++) expect((await answerer.answer({ question: Q })).model).toBe('extractive');
    expect(circuit.state()).toMatchObject({ state: 'down', lastError: expect.stringContaining('500') });
    const before = fake.requests.filter((r) => isAnswerRequest(r.body)).length;
    const skipped = await answerer.answer({ question: Q });
    expect(skipped.model).toBe('extractive');
    expect(skipped.notice).toContain('不可用');
    expect(fake.requests.filter((r) => isAnswerRequest(r.body)).length).toBe(before);

    // After the cool-down one call goes through; a good answer closes the circuit.
    t = 1500;
    expect(circuit.state().state).toBe('degraded');
    reply = () => ({ kind: 'text', text: '企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成[1]。' });
    const back = await answerer.answer({ question: Q });
    expect(back.model).toBe('fake-model');
    expect(circuit.state()).toEqual({ state: 'ok' });
  });

  it('/api/health reports the configured model’s state: ok, then degraded with the last error', async () => {
    const config = loadConfig({ LLM: 'openai', LLM_BASE_URL: fake.baseURL, LLM_MODEL: 'fake-model', LLM_FIRST_TOKEN_TIMEOUT_MS: '300' });
    if (config.llm.kind !== 'openai') throw new Error('LLM=openai expected');
    const parts = answerModelKind('openai').create(config.llm, {});
    const answerer = createAnswerer({ store: fx.store, retriever: fx.retriever, stats: fx.stats, ...parts });
    const app = createApp({ config, store: fx.store, indexInfo: { documents: 1, chunks: 1, embedder: 'none', builtAt: '' }, answerer, llm: parts.llmState });
    const health = async () => (await (await app.request('/api/health')).json()) as HealthView;
    expect(await health()).toMatchObject({ status: 'ok', llm: { state: 'ok' } });
    reply = () => ({ kind: 'hang' });
    const r = await answerer.answer({ question: Q });
    expect(r.model).toBe('extractive');
    expect(await health()).toMatchObject({ status: 'degraded', llm: { state: 'degraded', lastError: expect.stringMatching(/300 ms/) } });
  });
});
