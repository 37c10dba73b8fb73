/**
 * The refusal confidence's agreement and novelty parts. Texts: sentences of 《企业名称登记管理规定》
 * (data/corpus/000_802860970c280f04.txt) standing in for a corpus.
 */
import { describe, expect, it } from 'vitest';
import type { Chunk, DocumentMeta } from '../../embeddings/types.js';
import { questionTerms } from '../../embeddings/text/analyze-question.js';
import {
  CONCENTRATION_WEIGHT,
  figureShortfall,
  numberPart,
  retrievalConfidence,
  withAbbreviations,
  AGREEMENT_WEIGHT,
  FIGURE_SHARE,
  NOVEL_TERM_PENALTY,
} from '../../server/answer/refusal.js';
import { retrieverAgreement } from '../../server/retrieval/signals.js';
import { TermStats } from '../../embeddings/text/terms.js';
import type { SearchHit } from '../../server/types.js';

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
    const known = retrievalConfidence('企业名称受法律保护吗？', hits, stats, { similarity: 0.6, agreement: 1 });
    const novel = retrievalConfidence('企业名称受育儿法律保护吗？', hits, stats, { similarity: 0.6, agreement: 1 });
    expect(novel.novel).toEqual(['育儿']);
    expect(known.novel).toEqual([]);
    const withoutAgreement = retrievalConfidence('企业名称受育儿法律保护吗？', hits, stats, { similarity: 0.6 });
    expect(withoutAgreement.novel).toEqual([]);
    // The novel question also covers fewer of its own terms; the step comes on top of that.
    const plain = retrievalConfidence('企业名称受育儿法律保护吗？', hits, stats, { similarity: 0.6, agreement: 0 });
    expect(novel.score).toBeCloseTo(plain.score + AGREEMENT_WEIGHT);
    // (Concentration comes with the agreement: one hit of five is from the top hit's document.)
    expect(plain.score).toBeCloseTo(withoutAgreement.score + CONCENTRATION_WEIGHT * plain.concentration - NOVEL_TERM_PENALTY);
  });
});

describe('everyday phrasing in the coverage', () => {
  it("keeps only dictionary words of the question, not the guesser's words for runs of single characters", () => {
    // jieba's guesser makes 要出 of 至少要出多少钱 and 年定 of 2025年定了; neither is a word any text has.
    const words = questionTerms('银行和网贷平台联合放款，平台自己至少要出多少钱？').words;
    expect(words).toEqual(expect.arrayContaining(['银行', '平台', '联合']));
    expect(words).not.toContain('要出');
    expect(questionTerms('国家给2025年定了多大的技术交易额目标？').words).not.toContain('年定');
    // A name the dictionary knows stays, however rare.
    expect(questionTerms('企业名称受育儿法律保护吗？').words).toContain('育儿');
    // A guessed word of content characters only is a word of the question: 加分 (高考/加/分 in the dictionary).
    expect(questionTerms('高考加分有哪些条件？').words).toEqual(['高考', '加分', '条件']);
  });

  it('counts an abbreviation as covered by the text that spells it out, its characters in order', () => {
    const q = { words: ['民企', '住建部', '育儿'], bigrams: [] };
    const text = '住房和城乡建设部支持民营企业发展';
    const alt = withAbbreviations(q, text, new Map());
    expect(alt.get('民企')).toEqual(['民营企']);
    expect(alt.get('住建部')).toEqual(['住房和城乡建设部']);
    expect(alt.has('育儿')).toBe(false);
    // Too far apart is not an abbreviation.
    expect(withAbbreviations({ words: ['民企'], bigrams: [] }, '民主监督和管理的国有企业', new Map()).has('民企')).toBe(false);
    const hits = [hit('a', '第一条 住房和城乡建设部支持民营企业发展。')];
    expect(retrievalConfidence('住建部怎么支持民企？', hits, stats).coverage).toBe(1);
  });
});

describe('the figure part', () => {
  it('is measured against what the best chunk covers, not in absolute terms', () => {
    // A sentence stating the figure that covers as much as the chunk does: no shortfall.
    expect(figureShortfall(0.3, 0.3)).toBe(0);
    // No figure-stating sentence at all: the full share is missing.
    expect(figureShortfall(0, 0.8)).toBeCloseTo(FIGURE_SHARE);
    expect(figureShortfall(0.2, 0.8)).toBeCloseTo(FIGURE_SHARE - 0.25);
  });

  it('of a question in several parts, looks at the part asking the number', () => {
    expect(numberPart('失业了领失业金，多久能批下来？领取期间医保费谁来交？')).toBe('失业了领失业金，多久能批下来？');
    // Too short to stand alone: the whole question.
    expect(numberPart('身份证丢了，人在外地能补办吗？要多长时间？')).toBe('身份证丢了，人在外地能补办吗？要多长时间？');
    // Every part asks a number, or there is one part: the whole question.
    expect(numberPart('企业名称保留期是多久？')).toBe('企业名称保留期是多久？');
  });
});

describe('concentration', () => {
  it("is the share of the top 5 hits from the top hit's document, added with the agreement", () => {
    const one = ['a', 'a', 'a', 'b', 'c'].map((d) => hit(d));
    const spread = ['a', 'b', 'c', 'd', 'e'].map((d) => hit(d));
    const q = '企业名称受法律保护吗？';
    const c1 = retrievalConfidence(q, one, stats, { similarity: 0.6, agreement: 1 });
    const c2 = retrievalConfidence(q, spread, stats, { similarity: 0.6, agreement: 1 });
    expect(c1.concentration).toBeCloseTo(3 / 5);
    expect(c2.concentration).toBeCloseTo(1 / 5);
    expect(c1.score - c2.score).toBeCloseTo(CONCENTRATION_WEIGHT * (2 / 5));
    // Without the agreement (a single retriever) it is not counted.
    expect(retrievalConfidence(q, one, stats, { similarity: 0.6 }).score).toBeCloseTo(retrievalConfidence(q, spread, stats, { similarity: 0.6 }).score);
  });
});
