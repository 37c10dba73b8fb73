/**
 * POST /api/answer and GET /api/sources/:chunkId over a real listening server: answers, refusals,
 * validation (empty, too long, too large, malformed), unknown ids, and ids that try to walk a path.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../server/answer/create-answerer.js';
import type { AnswerResult } from '../../server/wire.js';
import { startAnswerServer, type RunningServer } from '../support/answer-server.js';
import { fixtureCorpus } from '../support/fixture-corpus.js';

const fx = fixtureCorpus();
let server: RunningServer;

beforeAll(async () => {
  server = await startAnswerServer(fx, createAnswerer({ store: fx.store, retriever: fx.retriever, stats: fx.stats, now: () => new Date(2025, 0, 15) }));
});
afterAll(async () => server?.close());

/** A POST on its own connection: a 413 closes the connection before the whole body was read. */
function rawPost(path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const postAnswer = (b: unknown) =>
  fetch(`${server.url}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof b === 'string' ? b : JSON.stringify(b) });

/** A GET with the path sent exactly as written (fetch would normalise ../). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('POST /api/answer', () => {
  it('answers with checked citations, a validity note on an expired document, and timing', async () => {
    const res = await postAnswer({ question: '小型微利企业年应纳税所得额不超过100万元的部分怎么缴纳企业所得税？' });
    expect(res.status).toBe(200);
    const r = (await res.json()) as AnswerResult;
    expect(r.refused).toBe(false);
    expect(r.model).toBe('extractive');
    expect(r.answer).toContain('按20%的税率缴纳企业所得税');
    const cit = r.citations.find((c) => c.chunkId === 'fx-smallbiz-tax:1:0')!;
    expect(cit).toMatchObject({ article: '一', doc: { title: '关于小微企业和个体工商户所得税优惠政策的公告', date: '2023-03-26', validUntil: '2024-12-31' } });
    expect(cit.validityNote).toBe('已于2024年12月31日到期，仅供了解历史规定');
    // The note goes with the citation; the answer text is sentences and their markers.
    expect(r.answer).toContain(`[${cit.n}]`);
    expect(r.answer).not.toContain('到期');
    expect(r.tookMs).toBeGreaterThanOrEqual(0);
  });

  it('uses the history to answer a follow-up', async () => {
    const r = (await (
      await postAnswer({
        question: '那外商投资企业呢？',
        history: [
          { role: 'user', content: '企业名称有什么要求？' },
          { role: 'assistant', content: '……' },
        ],
      })
    ).json()) as AnswerResult;
    expect(r.question).toBe('外商投资企业名称有什么要求？');
    expect(r.citations.map((c) => c.chunkId)).toContain('fx-name-rules:10:0');
  });

  it('says not found, naming the closest documents, when nothing related is found', async () => {
    const r = (await (await postAnswer({ question: '个人住房公积金贷款利率是多少？' })).json()) as AnswerResult;
    expect(r).toMatchObject({ status: 'not_found', refused: true, citations: [] });
    expect(r.answer).toMatch(/^资料库中未找到/);
    expect(r.closest!.length).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThan(0.1);
  });

  it('shows the closest provisions as such when not confident, cited', async () => {
    const r = (await (await postAnswer({ question: '高考加分有哪些条件？' })).json()) as AnswerResult;
    expect(r).toMatchObject({ status: 'closest', refused: true });
    expect(r.answer).toMatch(/^没有找到直接回答的条文，以下规定最接近：\n/);
    expect(r.citations.length).toBeGreaterThan(0);
    expect(r.confidence).toBeGreaterThanOrEqual(0.1);
    expect(r.confidence).toBeLessThan(0.5);
  });

  it('answers when confident, with its confidence', async () => {
    const r = (await (await postAnswer({ question: '企业名称由哪些部分组成？' })).json()) as AnswerResult;
    expect(r).toMatchObject({ status: 'answered', refused: false });
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('answers odd questions with not_found or an answer, never an error', async () => {
    const cases: [string, RegExp][] = [
      ['？？？！！……', /^资料库中未找到/],
      ['第三十五条', /^问题只写了条款号（第三十五条），没有写是哪一份文件的。/],
      ['第35条规定了什么？', /^问题只写了条款号（第三十五条）/],
    ];
    for (const [question, answer] of cases) {
      const res = await postAnswer({ question });
      expect(res.status, question).toBe(200);
      const r = (await res.json()) as AnswerResult;
      expect(r.status, question).toBe('not_found');
      expect(r.answer, question).toMatch(answer);
      expect(r.citations).toEqual([]);
    }
    // The longest question allowed is answered like any other.
    const long = await postAnswer({ question: '企业名称由哪些部分组成？'.padEnd(2000, '企业名称') });
    expect(long.status).toBe(200);
    expect(['answered', 'closest', 'not_found']).toContain(((await long.json()) as AnswerResult).status);
  });

  it('rejects bad input with a 4xx', async () => {
    const cases: [unknown, number, string][] = [
      [{ question: '' }, 400, 'empty'],
      [{ question: '   ' }, 400, 'empty'],
      [{}, 400, 'question'],
      [{ question: 42 }, 400, 'string'],
      [{ question: '问'.repeat(2001) }, 400, '2000'],
      [{ question: '企业名称', history: [{ role: 'robot', content: 'x' }] }, 400, 'history'],
      ['{"question": ', 400, 'JSON'],
    ];
    for (const [b, status, text] of cases) {
      const res = await postAnswer(b);
      expect(res.status, JSON.stringify(b).slice(0, 60)).toBe(status);
      const e = (await res.json()) as { error: { code: string; message: string } };
      expect(e.error.message).toContain(text);
    }
    const big = await rawPost('/api/answer', JSON.stringify({ question: '问'.repeat(100 * 1024) }));
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.code).toBe('payload_too_large');
  });
});

describe('GET /api/sources/:chunkId', () => {
  it('gives the chunk, its article, the document and the range to highlight', async () => {
    const id = 'fx-name-rules:4:0';
    const res = await fetch(`${server.url}/api/sources/${encodeURIComponent(id)}`);
    expect(res.status).toBe(200);
    const s = (await res.json()) as {
      chunk: { id: string; text: string };
      article: { label: string; text: string; start: number; end: number; headingPath: string[] };
      document: { id: string; title: string; text?: string };
      highlight: { start: number; end: number };
      documentHighlight: { start: number; end: number };
    };
    expect(s.chunk.id).toBe(id);
    expect(s.article.label).toBe('第六条');
    expect(s.article.headingPath).toEqual(['第一章 总则']);
    expect(s.document).toMatchObject({ id: 'fx-name-rules', title: '企业名称登记管理规定' });
    expect(s.document.text).toBeUndefined();
    expect(s.article.text.slice(s.highlight.start, s.highlight.end)).toBe(s.chunk.text);
    const doc = fx.store.getDocument('fx-name-rules')!;
    expect(doc.text.slice(s.documentHighlight.start, s.documentHighlight.end)).toBe(s.chunk.text);
  });

  it('highlights the quoted passage when given, whitespace ignored', async () => {
    const quote = '跨行业综合经营的企业，其名称可以不含 行业或者经营特点。';
    const res = await fetch(`${server.url}/api/sources/fx-name-rules:4:0?quote=${encodeURIComponent(quote)}`);
    const s = (await res.json()) as { article: { text: string }; highlight: { start: number; end: number } };
    expect(s.article.text.slice(s.highlight.start, s.highlight.end)).toBe('跨行业综合经营的企业，其名称可以不含行业或者经营特点。');
  });

  it('404 for an unknown chunk, 400 for ids that try to walk a path', async () => {
    expect((await fetch(`${server.url}/api/sources/fx-name-rules:99:0`)).status).toBe(404);
    for (const p of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e%2fdata', '%2E%2E%5Cwin', 'a%2Fb', 'fx-name-rules:4:0%00', 'fx-name-rules..4']) {
      const r = await rawGet(`/api/sources/${p}`);
      expect(r.status, p).toBe(400);
      expect(JSON.parse(r.body).error.code).toBe('bad_request');
    }
    expect((await rawGet('/api/sources/fx-name-rules/4/0')).status).toBe(400);
    // Whole dot segments are resolved by URL parsing before any route sees them (/api/sources/../../x is
    // /x, which the UI route answers with its page): nothing outside the index is ever read.
    for (const p of ['/api/sources/../../etc/passwd', '/api/sources/%2e%2e', '/api/sources/%2e%2e/%2e%2e/package.json']) {
      const r = await rawGet(p);
      expect(r.body).not.toContain('"chunk"');
      expect(r.body).not.toContain('root:');
      expect(r.body).not.toContain('"dependencies"');
    }
  });
});
