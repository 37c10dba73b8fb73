/**
 * Citation enforcement as pure functions on fixture chunks: parse, verify, drop, renumber.
 */
import { describe, expect, it } from 'vitest';
import { checkAnswer, checkSentence } from '../../server/answer/citations.js';
import { parseMarkers, SentenceStream, splitSentences } from '../../server/answer/sentences.js';
import { bestPassage, SUPPORT_THRESHOLD, supportScore } from '../../server/answer/support.js';
import { keyTerms } from '../../embeddings/text/terms.js';
import type { GivenSource } from '../../server/answer/types.js';
import { fixtureCorpus } from '../support/fixture-corpus.js';

const fx = fixtureCorpus();
const chunk = (docId: string, label: string) => fx.chunks.find((c) => c.docId === docId && c.label === label)!;
const meta = (id: string) => fx.store.listDocuments().find((d) => d.id === id)!;
function given(...refs: [string, string][]): GivenSource[] {
  return refs.map(([docId, label], i) => ({ n: i + 1, chunk: chunk(docId, label), doc: meta(docId), score: 1 }));
}

// [1] 第六条 (组成), [2] 第八条 (字号), [3] 小微企业所得税 一, [4] 外商投资 （六）, [5] 第十二条
const sources = given(['fx-name-rules', '第六条'], ['fx-name-rules', '第八条'], ['fx-smallbiz-tax', '一'], ['fx-foreign-invest', '（六）'], ['fx-name-rules', '第十二条']);

describe('markers and sentences', () => {
  it('parses every marker form models write', () => {
    expect(parseMarkers('甲[1]乙[2][3]丙[4,5]丁[6、7]戊【8】己［9］庚[^10]')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps trailing markers and closing quotes with the sentence they close', () => {
    const s = splitSentences('企业名称应当使用规范汉字。[1][2] 字号由两个以上汉字组成。”[3]\n最后一句', { semicolons: true });
    expect(s.map((x) => x.text)).toEqual(['企业名称应当使用规范汉字。[1][2]', '字号由两个以上汉字组成。”[3]', '最后一句']);
  });

  it('never cuts a streamed sentence between its markers, whatever the chunking', () => {
    const text = '企业名称由四部分组成。[1][2]跨省经营的可以不含行政区划名称；[1]\n\n字号应当由两个以上汉字组成！[3]';
    const whole = new SentenceStream();
    const expected = [...whole.push(text), ...whole.end()];
    for (const size of [1, 2, 3, 5, 8]) {
      const s = new SentenceStream();
      const got: string[] = [];
      for (let i = 0; i < text.length; i += size) got.push(...s.push(text.slice(i, i + size)));
      got.push(...s.end());
      expect(got).toEqual(expected);
    }
    expect(expected.map((x) => x.trim())).toEqual(['企业名称由四部分组成。[1][2]', '跨省经营的可以不含行政区划名称；[1]', '字号应当由两个以上汉字组成！[3]']);
  });

  it('keeps a clause ended by ； with the clause whose marker cites it, and cuts where a marker follows ；', () => {
    const text = '有下列情形之一的，不得担任法定代表人：（一）无民事行为能力；（二）个人所负数额较大的债务到期未清偿。[1]跨省经营的可以不含行政区划名称；[2]字号由两个以上汉字组成。[3]';
    for (const size of [1, 4, text.length]) {
      const s = new SentenceStream();
      const got: string[] = [];
      for (let i = 0; i < text.length; i += size) got.push(...s.push(text.slice(i, i + size)));
      got.push(...s.end());
      expect(got.map((x) => x.trim())).toEqual([
        '有下列情形之一的，不得担任法定代表人：（一）无民事行为能力；（二）个人所负数额较大的债务到期未清偿。[1]',
        '跨省经营的可以不含行政区划名称；[2]',
        '字号由两个以上汉字组成。[3]',
      ]);
    }
  });

  it('key terms drop stopwords and citation markers, and keep numbers', () => {
    const t = keyTerms('根据规定，对小型微利企业年应纳税所得额不超过100万元的部分减按25%计入。[3]');
    expect(t.words).toEqual(expect.arrayContaining(['小型', '微利', '100', '万元', '25%']));
    expect(t.words).not.toContain('根据');
    expect(t.words.join('')).not.toContain('[3]');
  });
});

describe('support score', () => {
  it('is high for a sentence taken from the chunk and low for one about something else', () => {
    const own = supportScore('企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成。', sources[0], fx.stats);
    const other = supportScore('企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成。', sources[2], fx.stats);
    expect(own.score).toBeGreaterThanOrEqual(0.95);
    expect(other.score).toBeLessThan(SUPPORT_THRESHOLD);
  });

  it('accepts a paraphrase that keeps the key terms, and says which terms are missing', () => {
    const s = supportScore('按规定，企业名称中的字号至少要由两个汉字组成。', sources[1], fx.stats);
    expect(s.score).toBeGreaterThanOrEqual(SUPPORT_THRESHOLD);
    const made = supportScore('企业名称中的字号应当由五个以上汉字组成，并缴纳登记费。', sources[1], fx.stats);
    expect(made.missing).toEqual(expect.arrayContaining(['登记费']));
  });

  it('finds the passage of the chunk that supports a sentence', () => {
    const p = bestPassage('跨行业综合经营的企业名称可以不写行业或者经营特点。', sources[0].chunk, fx.stats);
    expect(p.text).toContain('跨行业综合经营的企业');
    expect(sources[0].chunk.text.slice(p.start, p.end)).toBe(p.text);
  });
});

describe('checkSentence', () => {
  it('keeps a sentence whose marker points to a supporting source', () => {
    const c = checkSentence('企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成。[1]', sources, fx.stats);
    expect(c.status).toBe('ok');
    expect(c.cites).toEqual([1]);
  });

  it('drops a sentence whose only marker points to a source that was not given, even when a given source would support it', () => {
    const c = checkSentence('企业名称中的字号应当由两个以上汉字组成。[9]', sources, fx.stats);
    expect(c.invalidMarkers).toEqual([9]);
    expect(c.status).toBe('dropped');
    expect(c.cites).toEqual([]);
  });

  it('removes a marker to a given source that does not support the sentence, keeping the one that does', () => {
    const c = checkSentence('企业名称中的字号应当由两个以上汉字组成。[3][2]', sources, fx.stats);
    expect(c.status).toBe('ok');
    expect(c.cites).toEqual([2]);
    expect(c.unsupportedMarkers).toEqual([3]);
  });

  it('never attaches a source to an uncited sentence, even one a given source supports', () => {
    const uncited = '小型微利企业年应纳税所得额不超过100万元的部分，减按25%计入应纳税所得额。';
    expect(checkSentence(uncited, sources, fx.stats).status).toBe('dropped');
    expect(checkSentence(`${uncited}[3]`, sources, fx.stats).status).toBe('ok');
  });

  it('drops a sentence whose figures the cited source does not hold, however many words they share', () => {
    const right = checkSentence('小型微利企业年应纳税所得额不超过100万元的部分，减按25%计入应纳税所得额。[3]', sources, fx.stats);
    const wrongRate = checkSentence('小型微利企业年应纳税所得额不超过100万元的部分，减按12.5%计入应纳税所得额。[3]', sources, fx.stats);
    const wrongAmount = checkSentence('小型微利企业年应纳税所得额不超过300万元的部分，减按25%计入应纳税所得额。[3]', sources, fx.stats);
    expect(right.status).toBe('ok');
    expect(wrongRate.support[3]).toBeGreaterThanOrEqual(SUPPORT_THRESHOLD);
    expect(wrongRate.status).toBe('dropped');
    expect(wrongAmount.status).toBe('dropped');
  });

  it('drops a sentence that names another policy than the one it cites', () => {
    const title = meta('fx-name-rules').title;
    expect(checkSentence(`根据《${title}》，企业名称中的字号应当由两个以上汉字组成。[2]`, sources, fx.stats).status).toBe('ok');
    expect(checkSentence('根据《市场主体登记管理条例》，企业名称中的字号应当由两个以上汉字组成。[2]', sources, fx.stats).status).toBe('dropped');
  });

  it('drops a sentence no given source supports, cited or not', () => {
    expect(checkSentence('新能源汽车免征车辆购置税，每辆最高补贴三万元。[1]', sources, fx.stats).status).toBe('dropped');
    expect(checkSentence('个人住房公积金贷款利率为百分之三点一。', sources, fx.stats).status).toBe('dropped');
  });

  it('treats a connective without content terms as no claim at all', () => {
    expect(checkSentence('具体如下：', sources, fx.stats).status).toBe('empty');
  });
});

describe('checkAnswer', () => {
  it('renumbers kept citations in order of first use and builds full citations', () => {
    const r = checkAnswer(
      '企业名称中的字号应当由两个以上汉字组成。[2] 企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成。[1][3]外商投资企业可以依法参与政府采购活动。[4]',
      sources,
      fx.stats,
    );
    expect(r.citations.map((c) => c.chunkId)).toEqual([sources[1].chunk.id, sources[0].chunk.id, sources[3].chunk.id]);
    expect(r.sentences[1].unsupportedMarkers).toEqual([3]);
    expect(r.citations.map((c) => c.n)).toEqual([1, 2, 3]);
    expect(r.answer).toBe('企业名称中的字号应当由两个以上汉字组成。[1]企业名称由行政区划名称、字号、行业或者经营特点、组织形式组成。[2]外商投资企业可以依法参与政府采购活动。[3]');
    for (const c of r.citations) {
      const ch = fx.store.getChunk(c.chunkId)!;
      expect(ch.text).toContain(c.quote);
      expect(c.article).toBe(ch.label);
      expect(c.doc.title).toBe(meta(ch.docId).title);
    }
  });

  it('counts dropped sentences and leaves no sentence without a citation', () => {
    const r = checkAnswer(
      '企业名称应当使用规范汉字。\n企业名称登记每件收费200元。[1]\n企业名称中的字号应当由两个以上汉字组成。[7]',
      given(['fx-name-rules', '第五条'], ['fx-name-rules', '第八条']),
      fx.stats,
    );
    // Uncited, a figure the source lacks, a marker to no given source: all three go.
    expect(r.dropped).toBe(3);
    expect(r.invalidMarkers).toBe(1);
    expect(r.answer).toBe('');
    for (const s of splitSentences(r.answer, { semicolons: true })) expect(parseMarkers(s.text).length).toBeGreaterThan(0);
  });

  it('gives nothing when nothing is supported', () => {
    const r = checkAnswer('外资企业可以享受十年免税。[1] 注册资本最低为一亿元。', sources, fx.stats);
    expect(r.answer).toBe('');
    expect(r.citations).toEqual([]);
    expect(r.dropped).toBe(2);
  });

  it('gives every citation of an expired document its validity note, and keeps the answer text to sentences and markers', () => {
    const src = given(['fx-iit-extend', '一']);
    const r = checkAnswer('上市公司股权激励单独计税优惠政策执行至2023年12月31日。[1] 该政策自2023年1月1日起继续执行。[1]', src, fx.stats, {
      validityNote: (d) => (d.validUntil ? `有效期至${d.validUntil}` : undefined),
    });
    expect(r.citations[0].validityNote).toBe('有效期至2023-12-31');
    expect(r.answer).not.toContain('（有效期至');
  });
});

describe('markers after splitting', () => {
  it('are all read, whatever a split before searched', () => {
    // The split looks for markers after each sentence end; a marker found further on must not make a later read skip those before it.
    splitSentences('第一句。后面还有很长的一句话[2]', { semicolons: true });
    expect(parseMarkers('短句。[1]')).toEqual([1]);
  });
});
