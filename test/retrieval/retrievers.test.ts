/**
 * The retriever contract (retriever.contract.ts) against the three implementations, on an index of
 * the corpus fixtures; then what only the query understanding of lexical and hybrid promises.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenedIndex } from '../../server/runtime.js';
import { NamedDocumentRetriever, TitleIndex } from '../../server/retrieval/named-title.js';
import { retrieverContract } from './retriever.contract.js';
import { fixtureIndex } from '../support/test-index.js';

retrieverContract('lexical', fixtureIndex, (o) => o.retrievers.lexical);
retrieverContract('dense', fixtureIndex, (o) => o.retrievers.dense);
retrieverContract('hybrid', fixtureIndex, (o) => o.retrievers.hybrid);
// Without labelled questions the learned ranking is the hybrid; test/retrieval/learned-ranking.test.ts runs it prepared.
retrieverContract('learned (no labels)', fixtureIndex, (o) => o.retrievers.learned);
retrieverContract('title lookup', fixtureIndex, (o) => new NamedDocumentRetriever(o.retrievers.hybrid, () => new TitleIndex(o.store.listDocuments())));

describe('signals', () => {
  it('the hybrid leaves the dense similarity, the lexical–dense agreement and the lists’ agreement on its top hit; a single-list retriever only its own', async () => {
    const o = await fixtureIndex();
    const q = '企业名称中的字号应当由几个汉字组成？';
    const hybrid = (await o.retrievers.hybrid.search(q, 5)).signals;
    expect(Object.keys(hybrid).sort()).toEqual(['agreement', 'similarity', 'topAgreement']);
    // Both lists rank the name rules first for a question in their own words.
    expect(hybrid.topAgreement).toBe(1);
    // The similarity is the dense retriever's own best score: the hybrid read it off the same list.
    const dense = await o.retrievers.dense.search(q, 10);
    expect(hybrid.similarity).toBeCloseTo(dense.hits[0].score, 12);
    expect(dense.signals).toEqual({ similarity: dense.hits[0].score });
    expect((await o.retrievers.lexical.search(q, 5)).signals).toEqual({});
  });
});

describe('query understanding (lexical and hybrid)', () => {
  let opened: OpenedIndex;
  beforeAll(async () => {
    opened = await fixtureIndex();
  });

  for (const name of ['lexical', 'hybrid'] as const) {
    it(`${name}: 第8条 and 第八条 find the same article`, async () => {
      const r = opened.retrievers[name];
      for (const q of ['企业名称登记管理规定第8条', '企业名称登记管理规定第八条', '企业名称登记管理规定 第 8 条 讲什么']) {
        const [top] = (await r.search(q, 3)).hits;
        expect(`${top.doc.title}/${top.chunk.label}`, q).toBe('企业名称登记管理规定/第八条');
      }
    });
  }

  it('hybrid: a 文号 in any spelling brings its document first', async () => {
    for (const q of ['国办发(2024)3 号是什么文件', '国办发〔2024〕3号是什么文件', '国办发 （ 2024 ） 3号 讲了什么']) {
      const [top] = (await opened.retrievers.hybrid.search(q, 3)).hits;
      expect(top.doc.docNo, q).toBe('国办发〔2024〕3号');
    }
    // 国发〔2024〕3号 is another document with the same year and number.
    const [top] = (await opened.retrievers.hybrid.search('国发〔2024〕3号的主题是什么', 3)).hits;
    expect(top.doc.docNo).toBe('国发〔2024〕3号');
  });

  it('hybrid: everyday words find the policy words (外卖骑手 → 网约配送员)', async () => {
    const hits = (await opened.retrievers.hybrid.search('外卖骑手的劳动权益怎么保障？', 5)).hits;
    expect(hits.some((h) => h.chunk.text.includes('网约配送员'))).toBe(true);
  });
});
