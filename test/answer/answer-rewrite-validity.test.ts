/**
 * Follow-up rewriting by rule, validity notes, refusal confidence: pure functions.
 */
import { describe, expect, it } from 'vitest';
import type { DocumentMeta } from '../../embeddings/types.js';
import { isRefusalSentence, notFoundText, retrievalConfidence } from '../../server/answer/refusal.js';
import { looksLikeFollowUp, ruleRewrite } from '../../server/answer/rewrite-followup.js';
import { bareTitleKey } from '../../embeddings/text/titles.js';
import { isoDate, markHistorical, ValidityIndex } from '../../server/answer/validity.js';
import type { ChatTurn } from '../../server/wire.js';
import { fixtureCorpus } from '../support/fixture-corpus.js';

const h = (...qs: string[]): ChatTurn[] =>
  qs.flatMap((q) => [
    { role: 'user' as const, content: q },
    { role: 'assistant' as const, content: '（回答）' },
  ]);

describe('follow-up rewriting by rule', () => {
  it('substitutes the refined subject into the previous question', () => {
    expect(ruleRewrite('那外资企业呢？', h('企业名称有什么要求？'))).toBe('外资企业名称有什么要求？');
    expect(ruleRewrite('那么外商投资企业呢', h('企业名称有什么要求？'))).toBe('外商投资企业名称有什么要求？');
  });

  it('asks the previous question about a new topic when nothing is refined', () => {
    expect(ruleRewrite('那个体工商户呢？', h('小型微利企业的所得税优惠是什么？'))).toBe('个体工商户：小型微利企业的所得税优惠是什么？');
  });

  it('adds the topic to a follow-up that asks its own question', () => {
    expect(ruleRewrite('还有哪些条件？', h('小型微利企业的所得税优惠是什么？'))).toBe('关于小型微利企业的所得税优惠是什么：哪些条件？');
  });

  it('resolves a chain of follow-ups', () => {
    // 那字号呢 → 字号：企业名称有什么要求；then 外商投资企业 refines 企业 in that.
    expect(ruleRewrite('那外商投资企业呢？', h('企业名称有什么要求？', '那字号呢？'))).toBe('字号：外商投资企业名称有什么要求？');
  });

  it('leaves standalone questions and first questions alone', () => {
    const q = '小型微利企业年应纳税所得额不超过100万元的部分怎么缴税？';
    expect(looksLikeFollowUp(q, h('企业名称有什么要求？'))).toBe(false);
    expect(ruleRewrite(q, h('企业名称有什么要求？'))).toBe(q);
    expect(ruleRewrite('那外资企业呢？', [])).toBe('那外资企业呢？');
  });
});

describe('validity notes', () => {
  const doc = (id: string, title: string, date: string, extra: Partial<DocumentMeta> = {}): DocumentMeta => ({
    id,
    title,
    date,
    sources: [{ file: 'x.txt', start: 0, end: 1 }],
    ...extra,
  });
  const today = () => new Date(2025, 5, 1);

  it('notes an expired document', () => {
    const v = new ValidityIndex([], today);
    expect(v.note(doc('a', '关于小微企业和个体工商户所得税优惠政策的公告', '2023-03-26', { validUntil: '2024-12-31' }))).toBe('已于2024年12月31日到期，仅供了解历史规定');
    expect(v.note(doc('b', '某通知', '2023-03-26', { validUntil: '2027-12-31' }))).toBeUndefined();
    expect(v.note(doc('c', '某通知', '2023-03-26', { validUntil: '2025-06' }))).toBeUndefined();
  });

  it('notes a newer document with the same title, whatever the spacing and brackets', () => {
    const old = doc('old', '财政部 税务总局关于延续实施有关个人所得税优惠政策的公告', '2023-01-16');
    const newer = doc('new', '财政部税务总局关于延续实施有关个人所得税优惠政策的公告', '2023-08-18', { docNo: '财政部 税务总局公告2023年第2号' });
    const v = new ValidityIndex([old, newer], today);
    expect(bareTitleKey(old.title)).toBe(bareTitleKey(newer.title));
    expect(v.note(old)).toBe('资料库中有同名的更新文件（2023-08-18，财政部 税务总局公告2023年第2号），本文件可能已被替代，仅供了解历史规定');
    expect(v.note(newer)).toBeUndefined();
  });

  it('reads the end date from the text, not a licence term in it', () => {
    const texts: Record<string, string> = {
      tax: '一、对小型微利企业年应纳税所得额不超过100万元的部分……\n四、本公告执行期限为2021年1月1日至2022年12月31日。',
      licence: '第十条 食品经营许可证有效期为5年。\n第五十条 本办法自2023年12月1日起施行。',
    };
    const tax = doc('tax', '关于实施小微企业和个体工商户所得税优惠政策的公告', '2021-04-02');
    const licence = doc('licence', '食品经营许可和备案管理办法', '2023-06-15', { effectiveDate: '2023-12-01' });
    const v = new ValidityIndex([tax, licence], today, (id) => texts[id]);
    expect(v.validUntil(tax)).toBe('2022-12-31');
    expect(v.note(tax)).toBe('已于2022年12月31日到期，仅供了解历史规定');
    expect(v.validUntil(licence)).toBeUndefined();
    expect(v.note(licence)).toBeUndefined();
  });

  it('notes a document a later one repeals, by 文号 or by title, but not for a repealed article', () => {
    const old13 = doc('old13', '关于进一步完善研发费用税前加计扣除政策的公告', '2021-03-31', { docNo: '财政部 税务总局公告2021年第13号' });
    const oldTitle = doc('oldTitle', '企业名称登记管理实施办法', '2004-06-14');
    const partly = doc('partly', '关于个人所得税若干政策问题的通知', '2019-01-01');
    const newer = doc('new', '关于进一步完善研发费用税前加计扣除政策的公告', '2023-03-26', { docNo: '财政部 税务总局公告2023年第7号' });
    const texts: Record<string, string> = {
      new: '三、本公告自2023年1月1日起执行，《财政部 税务总局关于进一步完善研发费用税前加计扣除政策的公告》（财政部 税务总局公告2021年第13号）同时废止。《企业名称登记管理实施办法》同时废止。《关于个人所得税若干政策问题的通知》第二条同时废止。',
    };
    const v = new ValidityIndex([old13, oldTitle, partly, newer], today, (id) => texts[id]);
    expect(v.repealedByDoc(old13)?.id).toBe('new');
    expect(v.note(old13)).toBe('已被《关于进一步完善研发费用税前加计扣除政策的公告》（财政部 税务总局公告2023年第7号）废止，仅供了解历史规定');
    expect(v.repealedByDoc(oldTitle)?.id).toBe('new');
    expect(v.repealedByDoc(partly)).toBeUndefined();
    expect(v.repealedByDoc(newer)).toBeUndefined();
    expect(v.inForce(newer)).toBe(true);
  });

  it('marks the sources no longer in force as historical', () => {
    const v = { inForce: (d: DocumentMeta) => d.id !== 'old' };
    const src = (n: number, id: string) => ({ n, doc: doc(id, id, '2024-01-01') });
    expect(markHistorical([src(1, 'old'), src(2, 'a')], v).map((s) => [s.n, s.historical])).toEqual([
      [1, true],
      [2, undefined],
    ]);
  });

  it('formats today as a local date', () => {
    expect(isoDate(new Date(2024, 0, 5))).toBe('2024-01-05');
  });
});

describe('refusal', () => {
  const fx = fixtureCorpus();

  it('is confident when the best chunks cover the question and not when they do not', async () => {
    const yes = '企业名称中的字号有什么要求？';
    const no = '个人住房公积金贷款利率是多少？';
    const c1 = retrievalConfidence(yes, (await fx.retriever.search(yes, 8)).hits, fx.stats);
    const c2 = retrievalConfidence(no, (await fx.retriever.search(no, 8)).hits, fx.stats);
    expect(c1.score).toBeGreaterThan(c2.score);
    expect(c2.missing).toEqual(expect.arrayContaining(['公积金', '利率']));
  });

  it('has zero confidence with no hits', () => {
    expect(retrievalConfidence('企业名称', [], fx.stats).score).toBe(0);
  });

  it('says plainly that the corpus does not answer and lists the closest documents', () => {
    const t = notFoundText([{ id: 'x', title: '企业名称登记管理规定', docNo: '国务院令第734号', date: '2020-12-28', file: 'f' }]);
    expect(t.startsWith('资料库中未找到')).toBe(true);
    expect(t).toContain('《企业名称登记管理规定》（国务院令第734号，2020-12-28）');
  });

  it('recognises a model that says the sources do not answer', () => {
    expect(isRefusalSentence('资料库中未找到能够回答该问题的规定。')).toBe(true);
    expect(isRefusalSentence('所给资料中没有提及外资企业的名称要求。')).toBe(true);
    expect(isRefusalSentence('企业名称应当使用规范汉字。')).toBe(false);
  });
});
