/**
 * The refusal confidence's agreement and novelty parts. Texts: sentences of 《企业名称登记管理规定》
 * (data/corpus/000_802860970c280f04.txt) standing in for a corpus.
 */
import { describe, expect, it } from 'vitest';
import type { Chunk, DocumentMeta } from '../embeddings/types.js';
import { retrievalConfidence, retrieverAgreement, AGREEMENT_WEIGHT, NOVEL_TERM_PENALTY } from '../server/answer/refusal.js';
import { TermStats } from '../server/answer/terms.js';
import type { SearchHit } from '../server/types.js';

const TEXTS = [
  '第四条 企业只能登记一个企业名称，企业名称受法律保护。',
  '第十六条 企业名称由申请人自主申报。',
  '第二十四条 申请人登记或者使用企业名称违反本规定的，依照企业登记相关法律、行政法规的规定予以处罚。',
];
const stats = TermStats.fromTexts(TEXTS);

const hit = (docId: string, text = TEXTS[0]): SearchHit => ({
  doc: { id: docId, title: '企业名称登记管理规定', sources: [] } as DocumentMeta,
  chunk: { id: `${docId}:0:0`, docId, articleId: 'a', label: '第四条', headingPath: [], text, start: 0, end: text.length } as Chunk,
  score: 1,
});

describe('retriever agreement', () => {
  it('is the share of the lexical top 5 whose document the dense top 5 also has', () => {
    const lexical = ['a', 'b', 'c', 'd', 'e', 'f'].map((d) => hit(d));
    const dense = ['c', 'a', 'x', 'y', 'z', 'b'].map((d) => hit(d));
    // b is 6th in the dense list: only the top 5 count.
    expect(retrieverAgreement(lexical, dense)).toBeCloseTo(2 / 5);
    expect(retrieverAgreement(lexical, [])).toBe(0);
  });
});

describe('novel vocabulary', () => {
  it('flags a word with a character pair no text has, not one made of known pairs', () => {
    expect(stats.hasUnseenBigram('育儿')).toBe(true);
    expect(stats.hasUnseenBigram('企业名称')).toBe(false);
    expect(stats.hasUnseenBigram('2024')).toBe(false);
  });

  it('lowers the confidence only when the agreement is consulted', () => {
    const hits = [hit('a')];
    const known = retrievalConfidence('企业名称受法律保护吗？', hits, stats, 0.6, 1);
    const novel = retrievalConfidence('企业名称受育儿法律保护吗？', hits, stats, 0.6, 1);
    expect(novel.novel).toEqual(['育儿']);
    expect(known.novel).toEqual([]);
    const withoutAgreement = retrievalConfidence('企业名称受育儿法律保护吗？', hits, stats, 0.6);
    expect(withoutAgreement.novel).toEqual([]);
    // The novel question also covers fewer of its own terms; the step comes on top of that.
    const plain = retrievalConfidence('企业名称受育儿法律保护吗？', hits, stats, 0.6, 0);
    expect(novel.score).toBeCloseTo(plain.score + AGREEMENT_WEIGHT);
    expect(plain.score).toBeCloseTo(withoutAgreement.score - NOVEL_TERM_PENALTY);
  });
});
