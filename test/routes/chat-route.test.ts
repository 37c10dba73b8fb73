/**
 * POST /api/chat over a real listening server: the UI message stream useChat reads, part by part,
 * read back with the AI SDK's own reader; bad input; a client that disconnects mid-stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import { createAnswerer } from '../../server/answer/create-answerer.js';
import { createLlmModel } from '../../server/answer/llm-model.js';
import { loadPrompts } from '../../server/answer/prompts.js';
import type { Citation } from '../../server/wire.js';
import { parseSse, startAnswerServer, type RunningServer } from '../support/answer-server.js';
import { sourcesInPrompt, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.js';
import { fixtureCorpus } from '../support/fixture-corpus.js';

const fx = fixtureCorpus();
let server: RunningServer;
let llmServer: RunningServer;
let fake: FakeOpenAI;

beforeAll(async () => {
  server = await startAnswerServer(fx, createAnswerer({ store: fx.store, retriever: fx.retriever, stats: fx.stats }));
  fake = await startFakeOpenAI();
  const llm = createAnswerer({
    store: fx.store,
    retriever: fx.retriever,
    stats: fx.stats,
    model: createLlmModel({ baseURL: fake.baseURL, model: 'fake-model', timeoutMs: 5000 }, loadPrompts()),
  });
  llmServer = await startAnswerServer(fx, llm);
});
afterAll(async () => {
  await server?.close();
  await llmServer?.close();
  await fake?.close();
});

let seq = 0;
const msg = (role: 'user' | 'assistant', text: string) => ({ id: `m${++seq}`, role, parts: [{ type: 'text', text }] });
const body = (...messages: ReturnType<typeof msg>[]) => ({ id: 'chat-1', messages, trigger: 'submit-message' });

async function chat(b: unknown, base = server.url) {
  const res = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
  return { res, chunks: res.ok ? parseSse(await res.text()) : [], json: res.ok ? undefined : ((await res.json()) as { error: { code: string; message: string } }) };
}

async function assemble(chunks: Record<string, unknown>[]): Promise<UIMessage> {
  const stream = new ReadableStream<UIMessageChunk>({
    start(c) {
      for (const x of chunks) c.enqueue(x as UIMessageChunk);
      c.close();
    },
  });
  let last: UIMessage | undefined;
  for await (const m of readUIMessageStream({ stream })) last = m;
  return last!;
}

describe('POST /api/chat', () => {
  it('streams sources, citations, checked text and the final answer facts, in the contract order', async () => {
    const { res, chunks } = await chat(body(msg('user', '企业名称由哪些部分组成？')));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const types = chunks.map((c) => c.type as string);
    expect(types[0]).toBe('start');
    expect(types.at(-1)).toBe('finish');
    expect(types.at(-2)).toBe('data-answer');
    // Sources and citations are known before the text that cites them.
    expect(types.indexOf('source-document')).toBeLessThan(types.indexOf('text-start'));
    expect(types.indexOf('data-citations')).toBeLessThan(types.indexOf('text-delta'));

    const citations = chunks.filter((c) => c.type === 'data-citations').at(-1)!.data as Citation[];
    const sources = chunks.filter((c) => c.type === 'source-document');
    expect(sources.map((s) => s.sourceId)).toEqual(citations.map((c) => c.chunkId));
    for (const [i, s] of sources.entries()) {
      expect(s.mediaType).toBe('text/plain');
      expect(s.title).toBe(`《${citations[i].doc.title}》${citations[i].article}`);
      expect(fx.store.getChunk(citations[i].chunkId)!.text).toContain(citations[i].quote);
    }
    const text = chunks
      .filter((c) => c.type === 'text-delta')
      .map((c) => c.delta)
      .join('');
    expect(text).toContain('组织形式组成。');
    const answer = chunks.find((c) => c.type === 'data-answer')!.data as Record<string, unknown>;
    expect(answer).toEqual({ status: 'answered', refused: false, model: 'extractive', question: '企业名称由哪些部分组成？', closest: [] });

    const m = await assemble(chunks);
    expect(m.role).toBe('assistant');
    expect(m.parts.filter((p) => p.type === 'source-document')).toHaveLength(citations.length);
    expect(m.parts.filter((p) => p.type === 'data-citations')).toHaveLength(1);
    expect(m.parts.find((p) => p.type === 'text')).toMatchObject({ type: 'text', text });
  });

  it('rewrites a follow-up with the conversation and says so first', async () => {
    const { chunks } = await chat(body(msg('user', '企业名称有什么要求？'), msg('assistant', '企业名称应当使用规范汉字。[1]'), msg('user', '那外商投资企业呢？')));
    const q = chunks.find((c) => c.type === 'data-question');
    expect(q?.data).toEqual({ question: '外商投资企业名称有什么要求？' });
    expect(chunks.findIndex((c) => c.type === 'data-question')).toBeLessThan(chunks.findIndex((c) => c.type === 'text-start'));
    const answer = chunks.find((c) => c.type === 'data-answer')!.data as { question: string };
    expect(answer.question).toBe('外商投资企业名称有什么要求？');
  });

  it('refuses in the stream when the corpus does not hold the answer', async () => {
    const { chunks } = await chat(body(msg('user', '个人住房公积金贷款利率是多少？')));
    const answer = chunks.find((c) => c.type === 'data-answer')!.data as { refused: boolean; closest: unknown[] };
    expect(answer.refused).toBe(true);
    expect(answer.closest.length).toBeGreaterThan(0);
    expect(chunks.filter((c) => c.type === 'source-document')).toHaveLength(0);
    expect(chunks.find((c) => c.type === 'data-citations')!.data).toEqual([]);
    expect(
      chunks
        .filter((c) => c.type === 'text-delta')
        .map((c) => c.delta)
        .join(''),
    ).toMatch(/^资料库中未找到/);
  });

  it('rejects bad input with a 4xx and a clear message', async () => {
    const post = (raw: string) => fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    expect((await post('{"messages": [')).status).toBe(400);
    expect((await chat({ messages: [] })).res.status).toBe(400);
    expect((await chat({ messages: 'hello' })).res.status).toBe(400);
    expect((await chat({ messages: [{ role: 'user', content: 'no parts' }] })).res.status).toBe(400);
    expect((await chat(body(msg('user', '企业名称？'), msg('assistant', '回答')))).json?.error.message).toContain('last message');
    expect((await chat(body(msg('user', '   ')))).json?.error.message).toContain('empty');
    expect((await chat(body(msg('user', '问'.repeat(2001))))).json?.error.code).toBe('bad_request');
    expect((await chat(body(msg('user', '问'.repeat(400_000))))).res.status).toBe(413);
  });

  it('an LLM that fails gives the extractive answer in the stream, with the notice in data-answer', async () => {
    fake.script(() => ({ kind: 'status', status: 500 }));
    const { chunks } = await chat(body(msg('user', '企业名称由哪些部分组成？')), llmServer.url);
    const answer = chunks.find((c) => c.type === 'data-answer')!.data as { notice: string; model: string; refused: boolean };
    expect(answer).toMatchObject({ model: 'extractive', refused: false });
    expect(answer.notice).toContain('模型服务不可用');
    expect(
      chunks
        .filter((c) => c.type === 'text-delta')
        .map((c) => c.delta)
        .join(''),
    ).toContain('组织形式组成。');
  });

  it('a client that disconnects mid-stream stops the generation', async () => {
    fake.script((b) => {
      const n = sourcesInPrompt(b).find((s) => s.label === '第六条')!.n;
      return { kind: 'text', text: `企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成。[${n}]\n`.repeat(60), chunk: 3, delayMs: 15 };
    });
    const before = fake.requests.length;
    const ac = new AbortController();
    const res = await fetch(`${llmServer.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body(msg('user', '企业名称由哪些部分组成？'))),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    let seen = '';
    while (!seen.includes('"text-delta"')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    expect(seen).toContain('"text-delta"');
    ac.abort();
    const req = fake.requests[before];
    await req.closed;
    expect(req.aborted).toBe(true);
  });
});
