/**
 * One contract, every embedder in embeddings/embedders.ts: the local LSA on the corpus fixtures, the
 * OpenAI-compatible one against the loopback server in test/support/fake-openai-server.ts. Identity
 * stable and free of keys, a name, one vector per chunk of one dimension, the same query vector after
 * loading what was built, deterministic queries. An embedder added to the registry needs settings
 * here, or the first test fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, denseText } from '../../embeddings/build-index.js';
import { loadCorpus } from '../../embeddings/corpus/load-corpus.js';
import type { EmbedderKind, EmbedderSettings } from '../../embeddings/embedder-types.js';
import { EMBEDDER_KINDS, embedderKind } from '../../embeddings/embedders.js';
import { IndexError } from '../../embeddings/index-error.js';
import { loadIndex } from '../../embeddings/index-store.js';
import { readManifest, stableJson, writeManifest } from '../../embeddings/manifest.js';
import { tokenize } from '../../embeddings/text/tokenize.js';
import type { Corpus } from '../../embeddings/types.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai-server.js';
import { FIXTURE_CORPUS } from '../support/test-index.js';

const SECRET = 'contract-secret-key';
const QUERY = '企业名称中的字号应当由两个以上汉字组成吗';

/** Settings each registered embedder is tested with (fresh objects on every call). */
const SETTINGS: Record<string, () => EmbedderSettings> = {
  local: () => ({ kind: 'local', local: { dims: 32 } }),
  openai: () => ({ kind: 'openai', baseURL: `${fake.baseURL}/`, model: 'fake-embed', apiKey: SECRET }),
};

let fake: FakeOpenAI;
let corpus: Corpus;
let root: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  corpus = await loadCorpus(FIXTURE_CORPUS);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cewen-embedder-contract-'));
});
afterAll(async () => {
  await fake?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const source = { dir: FIXTURE_CORPUS, fingerprint: 'contract', files: 1 };

/** The dense texts of the corpus's chunks, and their tokens when the embedder wants them. */
function context(e: EmbedderKind, dir: string) {
  const docs = new Map(corpus.documents.map((d) => [d.id, d]));
  const texts = corpus.chunks.map((c) => denseText(docs.get(c.docId)!, c));
  return { dir, texts: () => texts, tokens: e.wantsTokens ? texts.map((t) => tokenize(t)) : [], onProgress: () => {} };
}

const damaged = (file: string, e: unknown): never => {
  throw new Error(`${file} damaged: ${(e as Error).message}`);
};

describe('embedders', () => {
  it('every registered embedder has settings here', () => {
    expect([...EMBEDDER_KINDS].sort()).toEqual(Object.keys(SETTINGS).sort());
  });

  it('an unknown kind is an error with a sentence: looked up, built, or named in a manifest', async () => {
    expect(() => embedderKind('nope')).toThrow(/^Unknown embedder "nope": the embedders are local, openai\.$/);
    const out = path.join(root, 'unknown');
    await expect(buildIndex(corpus, out, { embedder: { kind: 'nope' } as unknown as EmbedderSettings, source })).rejects.toThrow(/Unknown embedder "nope"/);
    expect(fs.existsSync(out)).toBe(false);

    await buildIndex(corpus, out, { embedder: SETTINGS.local(), source });
    const m = readManifest(out)!;
    writeManifest(out, { ...m, embedder: { ...m.embedder, identity: { kind: 'nope' } } });
    const err = await loadIndex(out).catch((e: unknown) => e);
    expect(IndexError.isInstance(err) && err.code).toBe('index_corrupt');
    expect((err as Error).message).toMatch(/^The index at .* was built with an embedder this version does not know \("nope"\)\. Run `npm run ingest`/);
  });
});

describe.each(EMBEDDER_KINDS.map((kind) => ({ kind })))('embedder contract: $kind', ({ kind }) => {
  const e = embedderKind(kind);
  const settings = () => SETTINGS[kind]();

  it('is registered under its kind', () => {
    expect(e.kind).toBe(kind);
  });

  it('has a stable identity, naming its kind and holding no API key', () => {
    const a = e.identity(settings());
    expect(a.kind).toBe(kind);
    expect(stableJson(e.identity(settings()))).toBe(stableJson(a));
    expect(JSON.stringify(a)).not.toContain(SECRET);
    expect(Object.keys(a)).not.toContain('apiKey');
  });

  it('has a name, the same for the same settings', () => {
    expect(e.name(settings(), 32)).toMatch(/\S/);
    expect(e.name(settings(), 32)).toBe(e.name(settings(), 32));
    expect(e.name(settings())).toMatch(/\S/);
  });

  it('builds one vector per chunk, all of one dimension; loading what it built embeds queries the same', async () => {
    const dir = path.join(root, `${kind}-direct`);
    fs.mkdirSync(dir, { recursive: true });
    const ctx = context(e, dir);
    const built = await e.build(settings(), ctx);
    expect(built.vectors).toHaveLength(corpus.chunks.length);
    const dims = built.vectors[0].length;
    expect(dims).toBeGreaterThan(0);
    for (const v of built.vectors) {
      expect(v.length).toBe(dims);
      expect(Array.from(v).every(Number.isFinite)).toBe(true);
    }
    // A chunk's own text embeds where the build put it.
    const i = corpus.chunks.findIndex((c) => c.label === '第八条');
    expect(await built.embeddings.embedQuery(ctx.texts()[i])).toEqual(Array.from(built.vectors[i]));

    const loaded = e.load({ dir, settings: settings(), damaged });
    const q = await built.embeddings.embedQuery(QUERY);
    expect(q).toHaveLength(dims);
    expect(await loaded.embedQuery(QUERY)).toEqual(q);
    // Deterministic.
    expect(await loaded.embedQuery(QUERY)).toEqual(await loaded.embedQuery(QUERY));
  });

  it('builds and loads a whole index: identity and name in the manifest, no key, one vector per chunk', async () => {
    const dir = path.join(root, `${kind}-index`);
    const s = settings();
    const manifest = await buildIndex(corpus, dir, { embedder: s, source });
    expect(manifest.embedder).toEqual({ identity: e.identity(s), name: e.name(s, manifest.embedder.dims), dims: manifest.embedder.dims });
    expect(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).not.toContain(SECRET);
    const index = await loadIndex(dir, settings());
    expect(index.vectors.size).toBe(corpus.chunks.length);
    expect(index.vectors.vector(0)).toHaveLength(manifest.embedder.dims);
    const direct = e.load({ dir, settings: settings(), damaged });
    expect(await index.embeddings.embedQuery(QUERY)).toEqual(await direct.embedQuery(QUERY));
    expect(await index.vectors.nearest(await index.embeddings.embedQuery(QUERY), 1)).toHaveLength(1);
  });
});
