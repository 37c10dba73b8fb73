import { describe, expect, it } from 'vitest';
import {
  containsEvidence,
  failureReasons,
  firstHitRank,
  hitAt,
  keywordRecall,
  percentile,
  reciprocalRank,
  riskCoverage,
  scoreCitations,
  splitSentences,
  statusOf,
  summarize,
  summarizeRetrieval,
  supportScore,
} from '../../eval/metrics.js';
import type { AnswerOutcome, ItemResult } from '../../eval/types.js';

// Real text from 企业名称登记管理规定 (data/corpus/002_9c1ae6a01c93274d.txt), with the PDF's stray spaces.
const ART8 = '第八条 企业名称中的字号应当由两个以上汉字组成。\n县级以上地方行政区划名称、行业或者经营特点不得作为字号，另有含义的除外。';
const ART4 = '第四条 企业只能登记一个企业名称，企业名称受法律保护。';
const ART5 = '第五条 企业名称应当使用规范汉字。民族自治地方的企业名 称可以同时使用本民族自治地方通用的民族文字。';

describe('hits', () => {
  it('matches evidence with all whitespace ignored on both sides, nothing else', () => {
    expect(containsEvidence(ART5, ['民族自治地方的企业名称可以'])).toBe(true);
    expect(containsEvidence('企业 名称\u3000应当\n使用', ['企业名称 应当使用'])).toBe(true);
    expect(containsEvidence(ART5, ['企业名称应当使用规范汉字；'])).toBe(false);
    expect(containsEvidence(ART5, [])).toBe(false);
    expect(containsEvidence(ART5, ['nope', '规范汉字'])).toBe(true);
  });

  it('finds the rank of the first passage holding any quote', () => {
    const texts = [ART4, ART5, ART8, ART8];
    expect(firstHitRank(texts, ['两个以上汉字'])).toBe(3);
    expect(firstHitRank(texts, ['两个以上汉字'], 2)).toBeNull();
    expect(firstHitRank(texts, ['不存在的话'])).toBeNull();
  });

  it('computes hit@k and reciprocal rank cut at 10', () => {
    expect([hitAt(3, 1), hitAt(3, 3), hitAt(3, 5), hitAt(null, 10)]).toEqual([false, true, true, false]);
    expect(reciprocalRank(1)).toBe(1);
    expect(reciprocalRank(4)).toBe(0.25);
    expect(reciprocalRank(11)).toBe(0);
    expect(reciprocalRank(null)).toBe(0);
  });

  it('summarizes ranks by hand: ranks 1, 2, 6, none', () => {
    const m = summarizeRetrieval([1, 2, 6, null], [1, 2, 3, 40], 5);
    expect(m.hit1).toBe(0.25);
    expect(m.hit5).toBe(0.5);
    expect(m.hit10).toBe(0.75);
    // (1 + 1/2 + 1/6 + 0) / 4
    expect(m.mrr10).toBeCloseTo((1 + 0.5 + 1 / 6) / 4, 12);
    expect(m.searchP50).toBe(2);
    expect(m.searchP95).toBe(40);
  });
});

describe('sentences and citations', () => {
  it('splits sentences and keeps markers before or after the full stop with their sentence', () => {
    const s = splitSentences('企业只能登记一个企业名称[1]。字号应当由两个以上汉字组成。[2][3]\n另有含义的除外[1, 2]！没有引用的句子。');
    expect(s.map((x) => x.cites)).toEqual([[1], [2, 3], [1, 2], []]);
    expect(s[1].text).toBe('字号应当由两个以上汉字组成。[2][3]');
    expect(s[0].content).toBe('企业只能登记一个企业名称');
  });

  it('counts a clause ending in ； as a sentence when it is cited on its own', () => {
    const s = splitSentences('《规定》第二条：甲负责名称登记；[1]乙负责具体规范；[2]丙负责数据库，并向社会开放。[1]');
    expect(s.map((x) => [x.text, x.cites])).toEqual([
      ['《规定》第二条：甲负责名称登记；[1]', [1]],
      ['乙负责具体规范；[2]', [2]],
      ['丙负责数据库，并向社会开放。[1]', [1]],
    ]);
    // An uncited ； stays inside its sentence.
    expect(splitSentences('甲；乙。[1]')).toHaveLength(1);
  });

  it('strips document titles from what must be supported', () => {
    const [s] = splitSentences('根据《企业名称登记管理规定》第八条，字号应当由两个以上汉字组成。[1]');
    expect(s.content).toBe('根据第八条字号应当由两个以上汉字组成');
  });

  it('strips 文号s too: an answer may name a document by its number instead of its title', () => {
    expect(splitSentences('国发〔2021〕7号（十七）完善社会保障制度。[1]')[0].content).toBe('十七完善社会保障制度');
    expect(splitSentences('财政部 税务总局公告2023年第6号一、按20%的税率缴纳企业所得税。[1]')[0].content).toBe('一按20的税率缴纳企业所得税');
    expect(splitSentences('国务院令第765号第十条：登记应当在10日内办理。[1]')[0].content).toBe('第十条登记应当在10日内办理');
  });

  it('scores support as the share of the sentence bigrams found in the chunk', () => {
    // 企业名称受法律保护 → 8 bigrams, all in 第四条.
    expect(supportScore('企业名称受法律保护', ART4)).toBe(1);
    // 企业名称违法 → 5 bigrams (企业 业名 名称 称违 违法); the first 3 are in 第四条.
    expect(supportScore('企业名称违法', ART4)).toBeCloseTo(3 / 5, 12);
    expect(supportScore('个人所得税', ART4)).toBe(0);
  });

  it('scores precision and recall of citations on a hand-made answer', () => {
    const outcome: AnswerOutcome = {
      answer: '企业只能登记一个企业名称。[1] 字号应当由两个以上汉字组成。[2] 个人所得税起征点为五千元。[2] 另外还有规定。',
      refused: false,
      model: 'x',
      citations: [
        { n: 1, chunkId: 'c4', quote: '', article: '第四条', docTitle: 'T' },
        { n: 2, chunkId: 'c8', quote: '', article: '第八条', docTitle: 'T' },
        { n: 3, chunkId: 'c5', quote: '规范汉字', article: '第五条', docTitle: 'T' },
      ],
    };
    const texts = new Map([
      ['c4', ART4],
      ['c8', ART8],
    ]);
    const r = scoreCitations(outcome, ['两个以上汉字组成'], texts);
    // [1] supports sentence 1; [2] holds the evidence (and supports sentence 2);
    // [3] is cited by no sentence and its quote (used when the chunk is unknown) lacks the evidence.
    expect(r.citations.map((c) => [c.n, c.containsEvidence, c.supportsSentence, c.precise])).toEqual([
      [1, false, true, true],
      [2, true, true, true],
      [3, false, false, false],
    ]);
    // 4 content sentences, 2 supported (the tax one cites [2] which does not support it; the last cites nothing).
    expect(r.sentences.map((s) => s.supported)).toEqual([true, true, false, false]);
    expect(r.evidenceCited).toBe(true);
  });

  it('counts no sentences for a refusal', () => {
    const r = scoreCitations({ answer: '资料库中未找到相关规定。', citations: [], refused: true, model: 'x' }, [], new Map());
    expect(r.sentences).toEqual([]);
    expect(r.citations).toEqual([]);
  });
});

describe('keywords, percentiles, failures', () => {
  it('computes keyword recall with whitespace and full-width forms folded', () => {
    expect(keywordRecall('到 2027 年基本形成', ['２０２７', '基本形成', '泛在可及'])).toBeCloseTo(2 / 3, 12);
    expect(keywordRecall('任何回答', [])).toBeNull();
  });

  it('uses nearest-rank percentiles', () => {
    const v = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(v, 50)).toBe(5);
    expect(percentile(v, 95)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('says why an item failed', () => {
    const base = { rank: 1, status: 'answered' as const, evidenceCited: true, citations: [] };
    expect(failureReasons({ ...base, type: 'fact' }, 5)).toEqual([]);
    expect(failureReasons({ ...base, type: 'fact', rank: 7 }, 5)).toEqual(['evidence at rank 7, not in top 5']);
    expect(failureReasons({ ...base, type: 'fact', rank: null, status: 'not_found' }, 5)).toEqual(['evidence not in top 10', 'not found, but answerable']);
    expect(failureReasons({ ...base, type: 'fact', status: 'closest' }, 5)).toEqual(['evidence shown as closest, not answered']);
    expect(failureReasons({ ...base, type: 'fact', status: 'closest', evidenceCited: false }, 5)).toEqual(['closest provisions shown, none holds the evidence']);
    expect(failureReasons({ ...base, type: 'unanswerable', rank: null }, 5)).toEqual(['answered an unanswerable question']);
    expect(failureReasons({ ...base, type: 'unanswerable', rank: null, status: 'closest' }, 5)).toEqual([]);
    expect(failureReasons({ ...base, type: 'unanswerable', rank: null, status: 'not_found' }, 5)).toEqual([]);
  });
});

/** A scored item with every field at a neutral value; tests set what they measure. */
const item = (over: Partial<ItemResult>): ItemResult => ({
  id: 'x',
  line: 1,
  type: 'fact',
  question: 'q',
  evidence: ['e'],
  referenceAnswer: '',
  doc: '',
  keywords: [],
  rank: null,
  retrieved: [],
  searchMs: 1,
  answer: '',
  refused: false,
  status: 'answered',
  model: 'm',
  answerMs: 10,
  citations: [],
  sentences: [],
  keywordRecall: null,
  evidenceCited: false,
  judged: null,
  failures: [],
  ...over,
});

describe('summarize', () => {
  const cite = (precise: boolean) => ({ n: 1, chunkId: 'c', article: '', docTitle: '', containsEvidence: precise, supportsSentence: false, precise });
  const sentence = (supported: boolean) => ({ text: 's', cites: [1], supported });

  it('adds items up to the figures computed by hand', () => {
    const results = [
      item({ id: 'a', rank: 1, citations: [cite(true), cite(false)], sentences: [sentence(true), sentence(false)], keywordRecall: 1, evidenceCited: true, searchMs: 2, answerMs: 20 }),
      item({ id: 'b', rank: 3, citations: [cite(true)], sentences: [sentence(true)], keywordRecall: 0.5, evidenceCited: true, searchMs: 4, answerMs: 40, failures: ['f'] }),
      item({ id: 'c', rank: null, refused: true, status: 'not_found', keywordRecall: 0, searchMs: 6, answerMs: 60, failures: ['f'] }),
      item({ id: 'd', type: 'unanswerable', evidence: [], refused: true, status: 'closest', answer: '没有找到直接回答的条文', searchMs: 8, answerMs: 80 }),
      item({ id: 'e', type: 'unanswerable', evidence: [], citations: [cite(false)], sentences: [sentence(false)], searchMs: 10, answerMs: 100, failures: ['f'] }),
    ];
    const m = summarize(results, 5);
    expect(m).toMatchObject({ items: 5, answerable: 3, unanswerable: 2, failed: 3, errors: 0 });
    expect(m.hit1).toBeCloseTo(1 / 3, 12);
    expect(m.hit5).toBeCloseTo(2 / 3, 12);
    expect(m.mrr10).toBeCloseTo((1 + 1 / 3 + 0) / 3, 12);
    // 4 citations over all items, 2 precise; 4 sentences, 2 supported.
    expect(m.citationPrecision).toBe(0.5);
    expect(m.citationRecall).toBe(0.5);
    expect(m.evidenceCited).toBeCloseTo(2 / 3, 12);
    expect(m.keywordRecall).toBe(0.5);
    expect(m.refusalRate).toBe(0.5);
    expect(m.falseRefusalRate).toBeCloseTo(1 / 3, 12);
    expect(m.answeredRate).toBeCloseTo(2 / 3, 12);
    expect(m.notFoundRate).toBeCloseTo(1 / 3, 12);
    // Answered: a, b (right), e (unanswerable: wrong).
    expect(m.confidentWrong).toBeCloseTo(1 / 3, 12);
    // Answers shown (not not_found): a, b, e with '' and d with 11 characters → median of [0, 0, 0, 11].
    expect(m.answerChars).toBe(0);
    expect(m.judged).toBeNull();
    expect([m.searchP50, m.searchP95, m.answerP50, m.answerP95]).toEqual([6, 10, 60, 100]);
  });

  it('leaves out what cannot be measured and counts errors apart', () => {
    const m = summarize([item({ id: 'a', error: 'boom', failures: ['error: boom'] }), item({ id: 'b', type: 'unanswerable', evidence: [], refused: true, status: 'not_found' })], 5);
    expect(m.hit5).toBeNull();
    expect(m.citationPrecision).toBeNull();
    expect(m.refusalRate).toBe(1);
    expect(m.errors).toBe(1);
    expect(m.failed).toBe(1);
  });
});

describe('riskCoverage', () => {
  const scored = (id: string, confidence: number | undefined, right: boolean, status: ItemResult['status'] = 'answered'): ItemResult =>
    item({ id, type: right ? 'fact' : 'unanswerable', evidence: [], refused: status !== 'answered', status, ...(confidence === undefined ? {} : { confidence }), evidenceCited: right });

  it('answers the most confident first and counts the wrong ones among them', () => {
    const curve = riskCoverage([scored('a', 0.9, true), scored('b', 0.8, false), scored('c', 0.8, true), scored('d', 0.3, true, 'closest'), scored('e', undefined, true, 'not_found')])!;
    expect(curve.items).toBe(4);
    // Ties (0.8) are answered together: one point for both.
    expect(curve.points).toEqual([
      { threshold: 0.9, coverage: 0.25, risk: 0 },
      { threshold: 0.8, coverage: 0.75, risk: 1 / 3 },
      { threshold: 0.3, coverage: 1, risk: 0.25 },
    ]);
    expect(curve.operating).toEqual({ coverage: 0.75, risk: 1 / 3 });
  });

  it('is absent when no item has a confidence', () => {
    expect(riskCoverage([scored('a', undefined, true)])).toBeUndefined();
  });
});

describe('closest answers', () => {
  it('scores only the quoted provisions, not the sentence that introduces them', () => {
    const outcome: AnswerOutcome = {
      answer: '没有找到直接回答的条文，以下规定最接近：\n《办法》第三条：企业应当按月缴纳社会保险费。[1]',
      citations: [{ n: 1, chunkId: 'c1', quote: '', article: '第三条', docTitle: '办法' }],
      refused: true,
      status: 'closest',
      model: 'extractive',
    };
    const s = scoreCitations(outcome, ['按月缴纳社会保险费'], new Map([['c1', '第三条 企业应当按月缴纳社会保险费。']]));
    expect(s.sentences).toHaveLength(1);
    expect(s.sentences[0].supported).toBe(true);
    expect(s.evidenceCited).toBe(true);
    expect(statusOf({ refused: true })).toBe('not_found');
    expect(statusOf({ refused: false })).toBe('answered');
  });
});
