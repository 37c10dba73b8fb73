/**
 * The query rewrite over HTTP, on the real app and a real index (corpus fixtures), with an
 * OpenAI-compatible model on loopback: /api/search searches the rewrite and says what it searched
 * (`rewrite: false` searches as typed); /api/answer returns it; the chat stream carries it as a
 * `data-search` part; a model that never answers costs the deadline and the question is searched.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../server/answer/create-answerer.js';
import { createChatModel } from '../../server/answer/llm-model.js';
import { loadPrompts } from '../../server/answer/prompts.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createLlmQueryRewriter } from '../../server/retrieval/query-rewrite.js';
import type { OpenedIndex } from '../../server/runtime.js';
import type { AnswerResult, SearchResponse } from '../../server/wire.js';
import { parseSse } from '../support/answer-server.js';
import { type ChatRequestBody, type FakeOpenAI, messageText, type Reply, startFakeOpenAI } from '../support/fake-openai-server.js';
import { fixtureIndex } from '../support/test-index.js';

const QUESTION = '给公司起名字，最多能用几个字';
const REWRITE = '企业名称 字号 汉字组成';

let opened: OpenedIndex;
let fake: FakeOpenAI;
let reply: (body: ChatRequestBody) => Reply = () => ({ kind: 'text', text: REWRITE });
let server: ServerType;
let url: string;

beforeAll(async () => {
  opened = await fixtureIndex();
  fake = await startFakeOpenAI((body) => reply(body));
  const chat = createChatModel({ baseURL: fake.baseURL, model: 'fake-model', timeoutMs: 5000 });
  const queryRewriter = createLlmQueryRewriter(chat, loadPrompts().rewriteQuery, 300);
  const answerer = createAnswerer({ store: opened.store, retriever: opened.retriever, analyze: opened.analyze, queryRewriter });
  const app = createApp({ config: loadConfig({}), store: opened.store, indexInfo: opened.indexInfo, retriever: opened.retriever, queryRewriter, answerer });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  (server as unknown as { closeAllConnections?: () => void })?.closeAllConnections?.();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await fake?.close();
});

const post = async <T>(route: string, body: unknown): Promise<{ status: number; json: T }> => {
  const res = await fetch(`${url}/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as T };
};

const askedOf = (from: number): string[] => fake.requests.slice(from).map((r) => r.body.messages.map(messageText).join('\n'));

describe('POST /api/search with a model configured', () => {
  it('searches the rewrite and returns it as rewrittenQuery', async () => {
    reply = () => ({ kind: 'text', text: REWRITE });
    const before = fake.requests.length;
    const { status, json } = await post<SearchResponse>('search', { query: QUESTION, k: 5 });
    expect(status).toBe(200);
    expect(json.rewrittenQuery).toBe(REWRITE);
    expect(askedOf(before).some((p) => p.includes(`用户问题：${QUESTION}`))).toBe(true);
    // The results are those of the rewrite searched with the question's own words, as typed without the model.
    const direct = await post<SearchResponse>('search', { query: `${REWRITE} ${QUESTION}`, k: 5, rewrite: false });
    expect(json.results.map((r) => r.id)).toEqual(direct.json.results.map((r) => r.id));
    expect(json.results[0].doc.title).toBe('企业名称登记管理规定');
  });

  it('rewrite: false searches the query as typed and asks no model', async () => {
    const before = fake.requests.length;
    const { json } = await post<SearchResponse>('search', { query: '在线教育平台怎么收费', k: 5, rewrite: false });
    expect(json.rewrittenQuery).toBeUndefined();
    expect(fake.requests.length).toBe(before);
  });

  it('a model that never answers: the query is searched as typed after the deadline', async () => {
    reply = () => ({ kind: 'hang' });
    const { status, json } = await post<SearchResponse>('search', { query: '企业名称里能用外文字母吗', k: 3 });
    expect(status).toBe(200);
    expect(json.rewrittenQuery).toBeUndefined();
    expect(json.results.length).toBeGreaterThan(0);
  });

  it('rejects a rewrite flag that is not a boolean', async () => {
    const { status, json } = await post<{ error: { code: string; message: string } }>('search', { query: QUESTION, rewrite: 'no' });
    expect(status).toBe(400);
    expect(json.error.message).toMatch(/rewrite/);
  });
});

describe('answers with a model configured', () => {
  it('/api/answer says what it searched', async () => {
    reply = () => ({ kind: 'text', text: `${REWRITE}\n企业名称 字号` });
    const { status, json } = await post<AnswerResult>('answer', { question: '我给店起名字，字号最多几个字' });
    expect(status).toBe(200);
    expect(json.rewrittenQuery).toBe(`${REWRITE} 企业名称 字号`);
    expect(json.question).toBe('我给店起名字，字号最多几个字');
  });

  it('the chat stream carries the searched query as a data-search part', async () => {
    reply = () => ({ kind: 'text', text: REWRITE });
    const res = await fetch(`${url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: '公司名字里的字号一般几个字' }] }] }),
    });
    expect(res.status).toBe(200);
    const parts = parseSse(await res.text());
    expect(parts).toContainEqual({ type: 'data-search', data: { query: REWRITE } });
  });
});
