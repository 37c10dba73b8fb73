/**
 * POST /api/search on the real app over a real index (corpus fixtures), listening on a free port.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { OpenedIndex } from '../../server/runtime.js';
import { fixtureIndex } from '../support/test-index.js';

let opened: OpenedIndex;
let server: ServerType;
let url: string;

async function listen(app: ReturnType<typeof createApp>): Promise<{ server: ServerType; url: string }> {
  const s: ServerType = await new Promise((resolve) => {
    const srv = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(srv));
  });
  return { server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
}

const close = (s: ServerType) =>
  new Promise<void>((r) => {
    (s as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    s.close(() => r());
  });

beforeAll(async () => {
  opened = await fixtureIndex();
  ({ server, url } = await listen(createApp({ config: loadConfig({}), store: opened.store, indexInfo: opened.indexInfo, retriever: opened.retriever })));
});

afterAll(async () => {
  await close(server);
});

const post = (body: string, type = 'application/json') => fetch(`${url}/api/search`, { method: 'POST', headers: { 'content-type': type }, body });

interface SearchResult {
  id: string;
  score: number;
  text: string;
  article: string;
  heading: string;
  doc: { id: string; title: string; docNo?: string; issuer?: string; date?: string; file: string };
}

describe('POST /api/search', () => {
  it('returns ranked chunks with their article, heading and document', async () => {
    const res = await post(JSON.stringify({ query: '企业名称登记管理规定第8条' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: SearchResult[]; tookMs: number };
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(10);
    expect(typeof body.tookMs).toBe('number');
    const [top] = body.results;
    expect(top.article).toBe('第八条');
    expect(top.text).toContain('字号应当由两个以上汉字组成');
    expect(top.doc).toMatchObject({ title: '企业名称登记管理规定', docNo: '国务院令第734号', file: 'regulation-734.txt' });
    expect(opened.store.getChunk(top.id)?.text).toBe(top.text);
    expect(typeof top.heading).toBe('string');
  });

  it('honours k and filters', async () => {
    const three = (await (await post(JSON.stringify({ query: '即时配送', k: 3 }))).json()) as { results: SearchResult[] };
    expect(three.results).toHaveLength(3);
    const filtered = (await (await post(JSON.stringify({ query: '平台 劳动 权益', k: 5, filter: { docNo: '国办发(2024)3 号', year: 2024 } }))).json()) as { results: SearchResult[] };
    expect(filtered.results.length).toBeGreaterThan(0);
    for (const r of filtered.results) expect(r.doc.docNo).toBe('国办发〔2024〕3号');
    const none = (await (await post(JSON.stringify({ query: '平台', filter: { issuer: '不存在的机关' } }))).json()) as { results: SearchResult[] };
    expect(none.results).toEqual([]);
  });

  const bad: [string, string, RegExp][] = [
    ['malformed JSON', '{"query": "企业', /not valid JSON/],
    ['missing query', '{}', /query/],
    ['empty query', '{"query": "   "}', /empty/],
    ['non-string query', '{"query": 42}', /query must be a string/],
    ['query over 2,000 characters', JSON.stringify({ query: '企'.repeat(2001) }), /longer than 2000/],
    ['k of 0', '{"query": "企业", "k": 0}', /k must be between 1 and 50/],
    ['k of 51', '{"query": "企业", "k": 51}', /k must be between 1 and 50/],
    ['fractional k', '{"query": "企业", "k": 2.5}', /k must be an integer/],
    ['string k', '{"query": "企业", "k": "5"}', /k must be a number/],
    ['unknown filter field', '{"query": "企业", "filter": {"color": "red"}}', /filter/],
    ['filter of the wrong type', '{"query": "企业", "filter": "国务院"}', /filter/],
    ['year as text', '{"query": "企业", "filter": {"year": "2024"}}', /filter\.year/],
    ['an array body', '[1, 2]', /JSON object/],
  ];
  for (const [what, body, message] of bad) {
    it(`answers 400 bad_request for ${what}`, async () => {
      const res = await post(body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe('bad_request');
      expect(json.error.message).toMatch(message);
    });
  }

  it('answers 503 index_missing when the server has no retriever', async () => {
    const bare = await listen(createApp({ config: loadConfig({}), store: opened.store, indexInfo: opened.indexInfo }));
    try {
      const res = await fetch(`${bare.url}/api/search`, { method: 'POST', body: '{"query":"企业"}' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('index_missing');
    } finally {
      await close(bare.server);
    }
  });
});
