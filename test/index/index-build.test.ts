/**
 * Building, reusing and recovering the index folder: manifest, staleness, atomic swap, damaged files,
 * determinism. On a copy of two corpus fixtures in a temporary folder (a build takes a second or two).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureIndex, staleReason } from '../../embeddings/ensure-index.js';
import { IndexError } from '../../embeddings/index-error.js';
import { FILES, loadIndex } from '../../embeddings/index-store.js';
import { hashFile, readManifest } from '../../embeddings/manifest.js';
import { AppError } from '../../server/errors.js';
import { openQueryParts } from '../../server/runtime.js';
import { FIXTURE_CORPUS, ROOT } from '../support/test-index.js';

const LOCAL = { kind: 'local' } as const;
let tmp: string;
let corpusDir: string;
let indexDir: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cewen-index-build-'));
  corpusDir = path.join(tmp, 'corpus');
  indexDir = path.join(tmp, 'index');
  fs.mkdirSync(corpusDir);
  for (const f of ['regulation-734.txt', 'opinion-2024-3.txt']) fs.copyFileSync(path.join(FIXTURE_CORPUS, f), path.join(corpusDir, f));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const siblings = () => fs.readdirSync(tmp).filter((n) => n.startsWith('index.'));

describe('building and reusing the index', () => {
  it('builds a missing index with progress, and records what it was built from', async () => {
    const stages = new Set<string>();
    const { index, built } = await ensureIndex({ corpusDir, indexDir, embedder: LOCAL, onProgress: (e) => stages.add(e.stage) });
    expect(built).toBe('no index yet');
    for (const s of ['read', 'chunk', 'tokenise', 'embed: svd', 'hnsw']) expect(stages).toContain(s);
    const m = index.manifest;
    expect(m.counts.chunks).toBe(index.chunks.length);
    expect(m.counts.documents).toBe(index.documents.length);
    expect(m.embedder.name).toMatch(/^local-lsa-\d+$/);
    expect(Object.keys(m.files)).toEqual(expect.arrayContaining([FILES.documents, FILES.chunks, FILES.lexical, FILES.embedder, 'hnsw/hnswlib.index']));
    // Every chunk's text is its document's text at its range.
    for (const c of index.chunks) expect(index.documents.find((d) => d.id === c.docId)!.text.slice(c.start, c.end)).toBe(c.text);
    expect(siblings()).toEqual([]);
  });

  it('reuses an up-to-date index, and embeds a query the same way after a restart', async () => {
    const first = await loadIndex(indexDir);
    const again = await ensureIndex({ corpusDir, indexDir, embedder: LOCAL });
    expect(again.built).toBeUndefined();
    expect(again.index.manifest.builtAt).toBe(first.manifest.builtAt);
    const q = '企业名称中的字号应当由两个以上汉字组成';
    expect(await again.index.embeddings.embedQuery(q)).toEqual(await first.embeddings.embedQuery(q));
  });

  it('rebuilds when the corpus changes, and when the embedder settings change', async () => {
    fs.copyFileSync(path.join(FIXTURE_CORPUS, 'notice-publishes-measures.txt'), path.join(corpusDir, 'notice-publishes-measures.txt'));
    expect(staleReason(indexDir, corpusDir, LOCAL)).toBe('corpus changed');
    const before = (await loadIndex(indexDir)).manifest.counts.chunks;
    const grown = await ensureIndex({ corpusDir, indexDir, embedder: LOCAL });
    expect(grown.built).toBe('corpus changed');
    expect(grown.index.manifest.counts.chunks).toBeGreaterThan(before);

    const smaller = { kind: 'local', local: { dims: 32 } } as const;
    expect(staleReason(indexDir, corpusDir, smaller)).toBe('embedder changed');
    const rebuilt = await ensureIndex({ corpusDir, indexDir, embedder: smaller });
    expect(rebuilt.built).toBe('embedder changed');
    expect(rebuilt.index.manifest.embedder.dims).toBe(32);
    expect((await rebuilt.index.embeddings.embedQuery('企业名称')).length).toBe(32);
    await ensureIndex({ corpusDir, indexDir, embedder: LOCAL });
  });

  it('gives the same chunks, tokens and vectors when the same corpus is built twice', async () => {
    const a = readManifest(indexDir)!;
    await ensureIndex({ corpusDir, indexDir, embedder: LOCAL, force: true });
    const b = readManifest(indexDir)!;
    expect(b.builtAt).not.toBe(a.builtAt);
    for (const f of [FILES.chunks, FILES.documents, FILES.lexical, FILES.embedder, 'hnsw/hnswlib.index']) expect(b.files[f], f).toEqual(a.files[f]);
  });
});

describe('damaged, missing and interrupted', () => {
  it('says a missing index is missing, in a sentence that says how to rebuild', async () => {
    const err = await loadIndex(path.join(tmp, 'nowhere')).catch((e: unknown) => e);
    expect(IndexError.isInstance(err) && err.code).toBe('index_missing');
    expect((err as Error).message).toContain('npm run ingest');
    // The server side sees the same code as an AppError (503), never a stack trace.
    const appErr = await openQueryParts({ corpusDir: path.join(tmp, 'no-corpus'), indexDir: path.join(tmp, 'nowhere'), embeddings: LOCAL }).catch((e: unknown) => e);
    expect(AppError.isInstance(appErr) && appErr.code).toBe('index_missing');
    expect(AppError.isInstance(appErr) && appErr.status).toBe(503);
  });

  it('detects a damaged or missing file and rebuilds', async () => {
    const hnsw = path.join(indexDir, 'hnsw/hnswlib.index');
    const size = fs.statSync(hnsw).size;
    fs.truncateSync(hnsw, Math.floor(size / 2));
    const err = await loadIndex(indexDir).catch((e: unknown) => e);
    expect(IndexError.isInstance(err) && err.code).toBe('index_corrupt');
    expect((err as Error).message).toMatch(/hnswlib\.index.*npm run ingest/s);
    const repaired = await ensureIndex({ corpusDir, indexDir, embedder: LOCAL });
    expect(repaired.built).toBe('index damaged');
    expect(hashFile(hnsw).size).toBe(size);

    fs.rmSync(path.join(indexDir, FILES.lexical));
    expect(((await loadIndex(indexDir).catch((e: unknown) => e)) as IndexError).code).toBe('index_missing');
    expect((await ensureIndex({ corpusDir, indexDir, embedder: LOCAL })).built).toBe('index file missing');

    // Garbage of the right size is caught by the hash, before hnswlib reads it.
    const lex = path.join(indexDir, FILES.lexical);
    fs.writeFileSync(lex, Buffer.alloc(fs.statSync(lex).size, 7));
    expect(((await loadIndex(indexDir).catch((e: unknown) => e)) as IndexError).code).toBe('index_corrupt');
    await ensureIndex({ corpusDir, indexDir, embedder: LOCAL });
  });

  it('leaves the previous index in place when a build is killed midway, and cleans up after it', async () => {
    const before = readManifest(indexDir)!;
    fs.copyFileSync(path.join(FIXTURE_CORPUS, 'headings-with-dates.txt'), path.join(corpusDir, 'headings-with-dates.txt'));
    // A real ingest in its own process, killed (SIGKILL: no cleanup) once it is writing the dense index.
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/ingest.ts', '--corpus', corpusDir, '--out', indexDir], {
      cwd: ROOT,
      env: { ...process.env, EMBEDDINGS: 'local' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let out = '';
    await new Promise<void>((resolve) => {
      const onData = (d: Buffer) => {
        out += d.toString();
        if (/embed: svd/.test(out)) {
          child.kill('SIGKILL');
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', () => resolve());
    });
    await exited;
    expect(out).toMatch(/embed: svd/);
    expect(siblings().some((n) => n.startsWith('index.building-'))).toBe(true);
    // The old index is intact and loads.
    const still = await loadIndex(indexDir);
    expect(still.manifest.builtAt).toBe(before.builtAt);
    // The next ensure (the corpus changed, so it builds) removes the leftovers.
    const next = await ensureIndex({ corpusDir, indexDir, embedder: LOCAL });
    expect(next.built).toBe('corpus changed');
    expect(siblings()).toEqual([]);
  });
});
