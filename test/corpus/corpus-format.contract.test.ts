/**
 * One contract, every corpus format in embeddings/corpus/formats.ts: given a small valid file it
 * yields documents with ids, titles and articles, and chunks that slice back out of their document;
 * given a broken file beside it, a problem naming that file, and the valid file still loads. A format
 * added to the registry needs a fixture here, or the first test fails.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusFormat, FormatLoadResult } from '../../embeddings/corpus/format-types.js';
import { CORPUS_FORMATS, formatOf } from '../../embeddings/corpus/formats.js';
import { listCorpusFiles, loadCorpus } from '../../embeddings/corpus/load-corpus.js';

interface FormatFixture {
  /** A small valid file: name in the folder, bytes. */
  valid: [string, Buffer];
  /** A file of the format that cannot be used. */
  broken: [string, Buffer];
}

const FIXTURES: Record<string, FormatFixture> = {
  compilation: {
    valid: ['regulation-734.txt', readFileSync(path.resolve('test/fixtures/corpus/regulation-734.txt'))],
    // GBK bytes: not UTF-8.
    broken: ['broken.txt', Buffer.from('b9fad4bbd4bab0ecb9abccfc0a', 'hex')],
  },
  jsonl: {
    valid: ['stard-sample.jsonl', readFileSync(path.resolve('test/fixtures/jsonl/stard-sample.jsonl'))],
    // Named .gz but not gzip.
    broken: ['broken.jsonl.gz', Buffer.from('{"id": 1, "law": "示例法", "content": "不是压缩文件"}\n')],
  },
};

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cewen-format-contract-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh folder holding the given files. */
function folder(name: string, files: [string, Buffer][]): string {
  const dir = path.join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [file, bytes] of files) writeFileSync(path.join(dir, file), bytes);
  return dir;
}

function expectWellFormed(r: FormatLoadResult): void {
  expect(r.documents.length).toBeGreaterThan(0);
  expect(r.chunks.length).toBeGreaterThan(0);
  expect(new Set(r.documents.map((d) => d.id)).size).toBe(r.documents.length);
  expect(new Set(r.chunks.map((c) => c.id)).size).toBe(r.chunks.length);
  const docs = new Map(r.documents.map((d) => [d.id, d]));
  for (const d of r.documents) {
    expect(d.id, d.title).toBeTruthy();
    expect(d.title.trim(), d.id).not.toBe('');
    expect(d.articles.length, d.title).toBeGreaterThan(0);
    for (const a of d.articles) {
      expect(a.docId).toBe(d.id);
      expect(a.label, a.id).toBeTruthy();
      expect(0 <= a.start && a.start < a.end && a.end <= d.text.length, a.id).toBe(true);
    }
  }
  for (const c of r.chunks) {
    const doc = docs.get(c.docId);
    expect(doc, c.id).toBeDefined();
    expect(
      doc!.articles.some((a) => a.id === c.articleId),
      c.id,
    ).toBe(true);
    expect(c.text).toBe(doc!.text.slice(c.start, c.end));
    expect(c.text.trim(), c.id).not.toBe('');
  }
}

describe('corpus formats', () => {
  it('every registered format has a fixture here, and no two formats claim an ending', () => {
    expect(CORPUS_FORMATS.map((f) => f.name).sort()).toEqual(Object.keys(FIXTURES).sort());
    const endings = CORPUS_FORMATS.flatMap((f) => f.extensions);
    expect(new Set(endings).size).toBe(endings.length);
  });

  it('loadCorpus joins the formats in registry order, each as its own loader gives it', async () => {
    const all = folder(
      'all',
      CORPUS_FORMATS.map((f) => FIXTURES[f.name].valid),
    );
    const corpus = await loadCorpus(all);
    expect(corpus.problems).toEqual([]);
    const alone = await Promise.all(CORPUS_FORMATS.map((f) => f.load(all, [FIXTURES[f.name].valid[0]])));
    expect(corpus.documents).toEqual(alone.flatMap((r) => r.documents));
    expect(corpus.chunks).toEqual(alone.flatMap((r) => r.chunks));
  });

  it('a file no format reads is not listed, and is a problem when named', async () => {
    const dir = folder('unknown', [['notes.json', Buffer.from('{}')], ...CORPUS_FORMATS.map((f) => FIXTURES[f.name].valid)]);
    expect(formatOf('notes.json')).toBeUndefined();
    expect(await listCorpusFiles(dir)).not.toContain('notes.json');
    const corpus = await loadCorpus(dir, { files: ['notes.json'] });
    expect(corpus.problems).toHaveLength(1);
    expect(corpus.problems[0].message).toContain('notes.json');
  });
});

describe.each(CORPUS_FORMATS.map((format) => ({ name: format.name, format })))('corpus format contract: $name', ({ format }: { format: CorpusFormat }) => {
  const fx = () => FIXTURES[format.name];

  it('claims its file endings, in any case, and the folder listing finds them', async () => {
    expect(format.extensions.length).toBeGreaterThan(0);
    for (const ext of format.extensions) {
      expect(ext).toBe(ext.toLowerCase());
      expect(formatOf(`x${ext}`)?.name, ext).toBe(format.name);
      expect(formatOf(`X${ext.toUpperCase()}`)?.name, ext).toBe(format.name);
    }
    const dir = folder(`${format.name}-listed`, [fx().valid, fx().broken]);
    expect(await listCorpusFiles(dir)).toEqual([fx().valid[0], fx().broken[0]].sort());
  });

  it('a valid file yields documents with ids, titles and articles, and chunks that slice back to their document', async () => {
    const dir = folder(`${format.name}-valid`, [fx().valid]);
    const r = await format.load(dir, [fx().valid[0]]);
    expect(r.problems).toEqual([]);
    expectWellFormed(r);
    // The same input gives the same ids.
    const again = await format.load(dir, [fx().valid[0]]);
    expect(again.chunks.map((c) => c.id)).toEqual(r.chunks.map((c) => c.id));
    // loadCorpus hands the file to this format.
    const corpus = await loadCorpus(dir);
    expect(corpus.documents).toEqual(r.documents);
    expect(corpus.chunks).toEqual(r.chunks);
  });

  it('a broken file is a problem naming it, and the other file still loads', async () => {
    const [broken] = fx().broken;
    const dir = folder(`${format.name}-broken`, [fx().valid, fx().broken]);
    const alone = await format.load(dir, [fx().valid[0]]);
    for (const files of [
      [broken, fx().valid[0]],
      [fx().valid[0], broken],
    ]) {
      const r = await format.load(dir, files);
      expect(r.problems.length, files.join()).toBeGreaterThan(0);
      for (const p of r.problems) {
        expect(p.file.startsWith(broken), p.file).toBe(true);
        expect(p.message).toContain(broken);
      }
      expect(r.documents).toEqual(alone.documents);
      expect(r.chunks).toEqual(alone.chunks);
    }
    const corpus = await loadCorpus(dir);
    expect(corpus.problems.map((p) => p.file.startsWith(broken))).not.toContain(false);
    expect(corpus.chunks).toEqual(alone.chunks);
  });
});
