/**
 * EMBEDDINGS=openai against a small OpenAI-compatible /embeddings server on loopback: batching,
 * order, auth, retry on a server error, no retry on a wrong key, and a whole index built with it.
 */
import { createServer, type Server } from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureIndex } from '../../embeddings/ensure-index.js';
import { IndexError } from '../../embeddings/index-error.js';
import { OpenAICompatibleEmbeddings } from '../../embeddings/openai-embedder.js';
import { bigrams } from '../../embeddings/text/tokenize.js';
import { assembleQueryParts } from '../../server/runtime.js';
import { FIXTURE_CORPUS } from '../support/test-index.js';

const DIMS = 48;
const KEY = 'test-key';

/** A deterministic stand-in for a neural model: hashed character bigrams, so similar texts are close. */
function fakeVector(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  for (const b of bigrams(text)) {
    let h = 2166136261;
    for (const ch of b) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    v[(h >>> 0) % DIMS] += 1;
  }
  return v;
}

interface Seen {
  inputs: number[];
  auth: (string | undefined)[];
}

let server: Server;
let baseURL: string;
const seen: Seen = { inputs: [], auth: [] };
/** Requests to answer with a 500 before behaving (a flaky endpoint). */
let failNext = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      seen.auth.push(req.headers.authorization);
      if (req.headers.authorization !== `Bearer ${KEY}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Incorrect API key provided' } }));
        return;
      }
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end('upstream overloaded');
        return;
      }
      const { model, input } = JSON.parse(body) as { model: string; input: string[] };
      seen.inputs.push(input.length);
      // Reversed on purpose: clients must order by `index`, not by position.
      const data = input.map((t, index) => ({ object: 'embedding', index, embedding: fakeVector(t) })).reverse();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', model, data }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('OpenAI-compatible embeddings', () => {
  it('embeds in batches, in input order, with the key and progress', async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `第${i + 1}条 企业名称登记 ${'字号'.repeat(i + 1)}`);
    const progress: number[] = [];
    const e = new OpenAICompatibleEmbeddings({ baseURL, model: 'bge-m3', apiKey: KEY, batchSize: 4, onProgress: (p) => progress.push(p.done) });
    seen.inputs = [];
    const vectors = await e.embedDocuments(texts);
    expect(vectors).toEqual(texts.map(fakeVector));
    expect([...seen.inputs].sort()).toEqual([2, 4, 4]);
    expect(Math.max(...progress)).toBe(10);
    expect(seen.auth.at(-1)).toBe(`Bearer ${KEY}`);
    expect(await e.embedQuery('企业名称')).toEqual(fakeVector('企业名称'));
  });

  it('retries a server error and then succeeds', async () => {
    failNext = 1;
    const e = new OpenAICompatibleEmbeddings({ baseURL, model: 'bge-m3', apiKey: KEY, maxRetries: 2 });
    expect(await e.embedQuery('营业执照')).toEqual(fakeVector('营业执照'));
    expect(failNext).toBe(0);
  });

  it('does not retry a wrong key, and says what the endpoint answered', async () => {
    const before = seen.auth.length;
    const e = new OpenAICompatibleEmbeddings({ baseURL, model: 'bge-m3', apiKey: 'wrong', maxRetries: 3 });
    await expect(e.embedQuery('营业执照')).rejects.toThrow(/answered 401.*Incorrect API key/);
    expect(seen.auth.length - before).toBe(1);
  });

  it('builds and queries a whole index with it', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cewen-openai-index-'));
    try {
      const corpusDir = path.join(tmp, 'corpus');
      fs.mkdirSync(corpusDir);
      fs.copyFileSync(path.join(FIXTURE_CORPUS, 'regulation-734.txt'), path.join(corpusDir, 'regulation-734.txt'));
      const embedder = { kind: 'openai', baseURL, model: 'bge-m3', apiKey: KEY } as const;
      const { index, built } = await ensureIndex({ corpusDir, indexDir: path.join(tmp, 'index'), embedder });
      expect(built).toBeDefined();
      expect(index.manifest.embedder).toMatchObject({ name: 'openai:bge-m3', dims: DIMS, identity: { kind: 'openai', model: 'bge-m3' } });
      expect(JSON.stringify(index.manifest)).not.toContain(KEY);
      const { retrievers } = assembleQueryParts(index);
      const hits = (await retrievers.dense.search('企业名称中的字号应当由两个以上汉字组成', 3)).hits;
      expect(hits[0].chunk.label).toBe('第八条');
      // Another model is another index.
      const again = await ensureIndex({ corpusDir, indexDir: path.join(tmp, 'index'), embedder: { ...embedder, model: 'other' } });
      expect(again.built).toBe('embedder changed');
      // EMBEDDINGS unset (local) over an index an external embedder built: refused with a sentence, not rebuilt.
      const manifestBefore = fs.readFileSync(path.join(tmp, 'index', 'manifest.json'), 'utf8');
      const refused = await ensureIndex({ corpusDir, indexDir: path.join(tmp, 'index'), embedder: { kind: 'local' } }).catch((e: unknown) => e);
      expect(IndexError.isInstance(refused)).toBe(true);
      expect((refused as IndexError).code).toBe('embedder_mismatch');
      expect((refused as Error).message).toMatch(/built with EMBEDDINGS=openai \(openai:other\).*EMBEDDINGS is local.*--rebuild/);
      expect(fs.readFileSync(path.join(tmp, 'index', 'manifest.json'), 'utf8')).toBe(manifestBefore);
      // Asked explicitly, it rebuilds with the local embedder.
      const rebuilt = await ensureIndex({ corpusDir, indexDir: path.join(tmp, 'index'), embedder: { kind: 'local' }, force: true });
      expect(rebuilt.index.manifest.embedder.identity.kind).toBe('local');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
