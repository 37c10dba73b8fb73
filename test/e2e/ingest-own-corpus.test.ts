/**
 * A user's own corpus end to end: `npm run ingest -- --corpus DIR --out DIR` over a folder of
 * pre-split JSONL articles (gzip) beside a bad file, then `npm start` (cli/serve.ts in its own
 * process) with INDEX_DIR pointing at the result serves that index — not the bundled corpus, and
 * without rebuilding it — also once the corpus folder is gone.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealServer } from '../support/real-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SAMPLE = path.join(ROOT, 'test/fixtures/jsonl/stard-sample.jsonl');
const REGULATION = path.join(ROOT, 'test/fixtures/corpus/regulation-734.txt');

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PORT|LLM|EMBEDDINGS|INDEX_DIR|CORPUS_DIR|LABELS_FILE)/.test(k)));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function search(url: string, query: string): Promise<{ results: { article: string; doc: { title: string } }[] }> {
  const res = await fetch(`${url}/api/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, k: 3 }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { results: { article: string; doc: { title: string } }[] };
}

describe('ingest a folder of your own and serve it', () => {
  let dir: string;
  let corpus: string;
  let index: string;
  let ingest: { code: number | null; out: string };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cewen-own-'));
    corpus = path.join(dir, 'corpus');
    index = path.join(dir, 'index');
    mkdirSync(corpus);
    writeFileSync(path.join(corpus, 'articles.jsonl.gz'), gzipSync(readFileSync(SAMPLE)));
    copyFileSync(REGULATION, path.join(corpus, 'regulation-734.txt'));
    writeFileSync(path.join(corpus, 'scan.txt'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x00, 0xff]));
    ingest = await run(['cli/ingest.ts', '--corpus', corpus, '--out', index]);
  }, 600_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ingest builds the index from the JSONL and .txt files and names the bad file', () => {
    expect(ingest.code, ingest.out).toBe(0);
    expect(ingest.out).toMatch(/scan\.txt/);
    expect(ingest.out).toMatch(/Built .*index: \d+ documents/);
  });

  it('npm start with INDEX_DIR serves that index, unchanged, and again once its corpus folder is gone', async () => {
    const manifest = readFileSync(path.join(index, 'manifest.json'), 'utf8');
    let server = await startRealServer({ env: { INDEX_DIR: index } });
    try {
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as { index: { documents: number } };
      expect(health.index.documents).toBe(JSON.parse(manifest).counts.documents);
      const { results } = await search(server.url, '个体工商户可以起字号吗');
      expect(results[0].doc.title).toBe('中华人民共和国民法典');
      expect(results[0].article).toBe('第五十四条');
      expect(server.output()).not.toMatch(/Building the index/);
    } finally {
      await server.close();
    }
    expect(readFileSync(path.join(index, 'manifest.json'), 'utf8')).toBe(manifest);

    rmSync(corpus, { recursive: true, force: true });
    server = await startRealServer({ env: { INDEX_DIR: index } });
    try {
      const { results } = await search(server.url, '有经营能力的公民经登记可以成为个体工商户');
      expect(results[0].doc.title).toBe('个体工商户条例');
      expect(server.output()).toMatch(/as it is/);
    } finally {
      await server.close();
    }
    expect(readFileSync(path.join(index, 'manifest.json'), 'utf8')).toBe(manifest);
  }, 600_000);
});
