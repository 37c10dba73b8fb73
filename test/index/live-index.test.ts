/**
 * Changes to a loaded index without a rebuild (embeddings/live-index.ts): merged postings equal a fresh
 * build; an added document is found by the lexical and the dense retriever; a removed one by neither;
 * the generation before the change keeps answering as it did.
 */
import { describe, expect, it } from 'vitest';
import { readUpload } from '../../embeddings/corpus/upload.js';
import { loadIndex } from '../../embeddings/index-store.js';
import { LexicalIndexBuilder } from '../../embeddings/lexical-index.js';
import { applyChanges, drift } from '../../embeddings/live-index.js';
import { assembleQueryParts } from '../../server/runtime.js';
import { FIXTURE_INDEX_DIR, fixtureIndex } from '../support/test-index.js';

const DOCS = [
  ['企业', '名称', '登记', '企业'],
  ['小型', '微利', '企业', '所得税'],
  ['外商', '投资', '企业', '政府', '采购'],
];

describe('LexicalIndex.appended', () => {
  it('scores exactly as an index built with all the documents at once', () => {
    const whole = new LexicalIndexBuilder();
    for (const d of DOCS) whole.add(d);
    const first = new LexicalIndexBuilder();
    first.add(DOCS[0]);
    const merged = first.finish().appended(DOCS.slice(1));
    const query = ['企业', '采购', '所得税', '未知词'].map((term) => ({ term, weight: 1 }));
    expect(merged.size).toBe(3);
    expect(merged.search(query, 5)).toEqual(whole.finish().search(query, 5));
    expect(merged.df('企业')).toBe(3);
  });
});

describe('applyChanges', () => {
  it('adds a document both retrievers find, removes one neither finds, and leaves the old generation as it was', async () => {
    await fixtureIndex(); // builds the fixture index folder when missing
    // A private copy: the change adds to and deletes from its vector graph.
    const base = await loadIndex(FIXTURE_INDEX_DIR);
    const old = assembleQueryParts(base);
    const q = '社区养老驿站每张护理床位的建设补贴是多少？';
    const upload = await readUpload(
      'a.txt',
      new TextEncoder().encode('关于支持社区养老驿站建设的若干措施\n一、对新建社区养老驿站，按每张护理床位一次性给予3000元建设补贴。\n二、本措施自印发之日起施行。'),
    );
    const removedId = base.documents.find((d) => d.title === '企业名称登记管理规定')!.id;
    const next = await applyChanges(base, { add: upload, remove: new Set([removedId]) });
    const parts = assembleQueryParts(next);
    const added = upload.documents[0].id;

    expect((await parts.retrievers.lexical.search(q, 3)).hits[0].doc.id).toBe(added);
    expect((await parts.retrievers.hybrid.search(q, 3)).hits[0].doc.id).toBe(added);
    // In the graph under its own label: its own text finds it first (the fixture corpus's model is too
    // small to know 养老 or 驿站, so a paraphrase would not).
    const own = upload.chunks.find((c) => c.text.includes('3000元'))!;
    expect((await parts.retrievers.dense.search(own.text, 3)).hits[0].chunk.id).toBe(own.id);
    const named = '企业名称中的字号应当由几个汉字组成？';
    for (const r of [parts.retrievers.lexical, parts.retrievers.dense, parts.retrievers.hybrid]) {
      expect((await r.search(named, 10)).hits.some((h) => h.doc.id === removedId)).toBe(false);
    }
    expect(parts.store.getDocument(removedId)).toBeUndefined();
    expect(parts.store.listDocuments().length).toBe(base.documents.length);
    expect(next.manifest.counts.documents).toBe(base.documents.length);
    expect(drift(next)).toBeGreaterThan(0);

    // The old generation never sees the new chunks (it ignores labels past its own) …
    for (const r of [old.retrievers.lexical, old.retrievers.dense, old.retrievers.hybrid]) {
      expect((await r.search(q, 10)).hits.every((h) => h.doc.id !== added)).toBe(true);
    }
    expect(old.store.getDocument(removedId)).toBeDefined();
    expect(base.chunks.length).toBeLessThan(next.chunks.length);
  });
});
