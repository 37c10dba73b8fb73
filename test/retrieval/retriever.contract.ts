/**
 * What every retriever (lexical, dense, hybrid, learned, title lookup) must do, run against each in retrievers.test.ts:
 * the same cases for every implementation, as Hono runs one routing suite against every router.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenedIndex } from '../../server/runtime.js';
import { RetrievalContext } from '../../server/retrieval/retrieval-context.js';
import type { Retriever, SearchHit } from '../../server/types.js';

const compact = (s: string) => s.normalize('NFKC').replace(/[\s\p{P}]+/gu, '');

export function retrieverContract(name: string, open: () => Promise<OpenedIndex>, pick: (o: OpenedIndex) => Retriever): void {
  describe(`retriever contract: ${name}`, () => {
    let opened: OpenedIndex;
    let r: Retriever;
    beforeAll(async () => {
      opened = await open();
      r = pick(opened);
    });

    const check = (hits: SearchHit[], k: number) => {
      expect(hits.length).toBeLessThanOrEqual(k);
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
      for (const h of hits) {
        // A hit is a real chunk of a real document, and its text is that document's text at its range.
        const doc = opened.store.getDocument(h.chunk.docId);
        expect(doc?.id).toBe(h.doc.id);
        expect(doc!.text.slice(h.chunk.start, h.chunk.end)).toBe(h.chunk.text);
        expect(opened.store.getChunk(h.chunk.id)?.text).toBe(h.chunk.text);
        expect(Number.isFinite(h.score)).toBe(true);
      }
    };

    it('returns at most k hits, best first, each a chunk of its document', async () => {
      for (const k of [1, 3, 10]) check((await r.search('企业名称中的字号应当由几个汉字组成', k)).hits, k);
    });

    it('finds the article a question is worded after', async () => {
      const hits = (await r.search('企业名称中的字号应当由几个汉字组成？', 5)).hits;
      expect(hits.map((h) => `${h.doc.title}/${h.chunk.label}`)).toContain('企业名称登记管理规定/第八条');
    });

    it('returns one result per distinct text (the same measures printed in two compilations)', async () => {
      const hits = (await r.search('助力中小微企业稳增长调结构强能力若干措施 加大对中小微企业的金融支持', 10)).hits;
      check(hits, 10);
      const texts = hits.map((h) => compact(h.chunk.text));
      expect(new Set(texts).size).toBe(texts.length);
    });

    it('keeps to a document when filtered by docId', async () => {
      const doc = opened.store.listDocuments().find((d) => d.title === '企业名称登记管理规定')!;
      const hits = (await r.search('外商投资 研发中心', 5, { docId: doc.id })).hits;
      expect(hits.length).toBeGreaterThan(0);
      check(hits, 5);
      for (const h of hits) expect(h.doc.id).toBe(doc.id);
    });

    it('filters by issuer, year and 文号 in any spelling', async () => {
      const byIssuer = (await r.search('即时配送 平台', 5, { issuer: '国务院办公厅' })).hits;
      expect(byIssuer.length).toBeGreaterThan(0);
      for (const h of byIssuer) expect(h.doc.issuer).toContain('国务院办公厅');

      const byYear = (await r.search('即时配送 政务服务', 10, { year: 2024 })).hits;
      expect(byYear.length).toBeGreaterThan(0);
      for (const h of byYear) expect(h.doc.date ? h.doc.date.startsWith('2024') : h.doc.docNo?.includes('〔2024〕')).toBe(true);

      for (const spelling of ['国办发(2024)3 号', '国办发〔2024〕3号', '国办发［2024］第3号']) {
        const byDocNo = (await r.search('网约配送员', 5, { docNo: spelling })).hits;
        expect(byDocNo.length).toBeGreaterThan(0);
        for (const h of byDocNo) expect(h.doc.docNo).toBe('国办发〔2024〕3号');
      }
    });

    it('returns nothing when the filter matches no document', async () => {
      expect((await r.search('企业名称', 5, { docNo: '国发〔1999〕99号' })).hits).toEqual([]);
      expect((await r.search('企业名称', 5, { issuer: '不存在的机关', year: 2023 })).hits).toEqual([]);
    });

    it('answers a query with no known word without failing', async () => {
      const hits = (await r.search('zzqx qqq', 5)).hits;
      check(hits, 5);
    });

    it('gives the same result for a question analysed once as for its text', async () => {
      const q = '企业名称中的字号应当由几个汉字组成？';
      expect(await r.search(new RetrievalContext(opened.index).analyze(q), 5)).toEqual(await r.search(q, 5));
    });

    it('leaves signals that are numbers in range, and none it has no list for', async () => {
      const { signals } = await r.search('企业名称中的字号应当由几个汉字组成？', 5);
      for (const v of Object.values(signals)) expect(Number.isFinite(v)).toBe(true);
      if (signals.agreement !== undefined) expect(signals.agreement).toBeGreaterThanOrEqual(0);
      if (signals.agreement !== undefined) expect(signals.agreement).toBeLessThanOrEqual(1);
      if (signals.similarity !== undefined) expect(Math.abs(signals.similarity)).toBeLessThanOrEqual(1 + 1e-9);
      if (signals.topAgreement !== undefined) expect(signals.topAgreement).toBeGreaterThanOrEqual(0);
      if (signals.topAgreement !== undefined) expect(signals.topAgreement).toBeLessThanOrEqual(1);
      expect(Object.keys(signals).every((k) => k === 'similarity' || k === 'agreement' || k === 'topAgreement')).toBe(true);
    });
  });
}
