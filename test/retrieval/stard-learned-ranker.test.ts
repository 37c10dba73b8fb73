/**
 * The ranker learned from labelled questions (server/retrieval/learned/learned-ranker.ts): its signals are
 * leave-one-out, its order is the weighted sum, the translation model links lay words to statute words, and the fit gives weight to a signal that predicts
 * the labelled articles and none to one that does not. Small hand-made questions; the figures on
 * STARD come from `npx tsx eval/benchmarks/stard-tune.ts` (docs/stard.md).
 */
import { describe, expect, it } from 'vitest';
import { modelWords, TranslationModel } from '../../server/retrieval/learned/translation-model.js';
import { FEATURES, fitWeights, LearnedRanker, objective, orderCandidates, type Candidate, type Weights } from '../../server/retrieval/learned/learned-ranker.js';

const law = new Map([
  [10, '民法典'],
  [11, '民法典'],
  [12, '民法典'],
  [20, '动物防疫法'],
  [30, '劳动合同法'],
]);
const items = [
  { key: 1, question: '夫妻一方经营个体工商户所欠债务谁偿还', answers: [10] },
  { key: 2, question: '个体工商户的债务由谁承担', answers: [10, 11] },
  { key: 3, question: '遗弃的动物造成他人损害怎么办', answers: [20] },
  { key: 4, question: '公司不签劳动合同怎么赔偿', answers: [30] },
];
const at = (f: (typeof FEATURES)[number]) => FEATURES.indexOf(f);
const only = (f: (typeof FEATURES)[number], w = 1): Weights => ({ ...(Object.fromEntries(FEATURES.map((x) => [x, 0])) as Weights), [f]: w });

describe('learned ranker signals', () => {
  const ranker = LearnedRanker.build(items, (id) => law.get(id));

  it('votes for the articles of the nearest labelled questions and brings in articles the retriever missed', () => {
    const c = ranker.candidates('个体工商户欠的债务谁来还', [
      { id: 20, score: 3 },
      { id: 12, score: 1.5 },
    ]);
    const byId = new Map(c.map((x) => [x.id, x.features]));
    expect([...byId.keys()].sort()).toEqual([10, 11, 12, 20]);
    // The best-voted article's vote is the confidence: how much the closest labelled question shares the question's words.
    const v = at('articleVote5');
    expect(byId.get(10)![v]).toBeGreaterThan(0);
    expect(byId.get(10)![v]).toBeLessThan(1);
    expect(byId.get(10)![v]).toBe(Math.max(...c.map((x) => x.features[v])));
    expect(byId.get(20)![at('retrieverScore')]).toBe(1);
    expect(byId.get(12)![at('retrieverScore')]).toBe(0.5);
    expect(byId.get(10)![at('retrieverScore')]).toBe(0);
    // 12 is never cited but its law is, by the nearest questions.
    expect(byId.get(12)![at('lawVote30')]).toBeGreaterThan(byId.get(20)![at('lawVote30')]);
  });

  it('scales votes and priors by how close the closest labelled question is, and reorders only above minConfidence', () => {
    const vote = (q: string, id: number) => new Map(ranker.candidates(q, []).map((x) => [x.id, x.features])).get(id)?.[at('articleVote5')] ?? 0;
    const prior = (q: string, id: number) => new Map(ranker.candidates(q, [{ id, score: 1 }]).map((x) => [x.id, x.features])).get(id)![at('articlePrior')];
    // A labelled question asked again: full confidence; a looser wording: less; nothing shared: nothing.
    expect(vote('公司不签劳动合同怎么赔偿', 30)).toBe(1);
    expect(vote('不签劳动合同', 30)).toBeGreaterThan(0);
    expect(vote('不签劳动合同', 30)).toBeLessThan(1);
    expect(prior('公司不签劳动合同怎么赔偿', 30)).toBeGreaterThan(prior('不签劳动合同', 30));
    expect(prior('今天天气', 30)).toBe(0);

    // Gated: the retriever's order stands unless a labelled question is close enough.
    const retrieved = [
      { id: 12, score: 2 },
      { id: 30, score: 1 },
    ];
    const gated = LearnedRanker.build(items, (id) => law.get(id), { minConfidence: 0.99 });
    expect(gated.rank('不签劳动合同', retrieved, 10)).toEqual([12, 30]);
    expect(gated.rank('公司不签劳动合同怎么赔偿', retrieved, 10)[0]).toBe(30);
  });

  it('leaves the question out of its own votes and priors', () => {
    const withIt = new Map(ranker.candidates('遗弃的动物造成他人损害怎么办', []).map((x) => [x.id, x.features]));
    expect(withIt.get(20)![at('articleVote5')]).toBe(1);
    expect(withIt.get(20)![at('articlePrior')]).toBeGreaterThan(0);
    const left = new Map(ranker.candidates('遗弃的动物造成他人损害怎么办', [{ id: 20, score: 1 }], 3).map((x) => [x.id, x.features]));
    expect(left.get(20)![at('articleVote5')]).toBe(0);
    expect(left.get(20)![at('articlePrior')]).toBe(0);
    expect(left.get(20)![at('lawPrior')]).toBe(0);
  });

  it('orders by the weighted sum of the signals, ties in candidate order', () => {
    const cands: Candidate<number>[] = [
      { id: 1, features: [1, 0.2, 0, 0, 0, 0, 0, 0] },
      { id: 2, features: [0.5, 0.1, 1, 0, 0, 0, 0, 0] },
      { id: 3, features: [0.5, 0.1, 0, 0, 0, 0, 0, 0] },
    ];
    expect(orderCandidates(cands, only('retrieverScore'), 10)).toEqual([1, 2, 3]);
    expect(orderCandidates(cands, { ...only('retrieverScore'), articleVote5: 1 }, 2)).toEqual([2, 1]);
  });
});

describe('fitting the weights', () => {
  // 40 questions: the retriever's first candidate is always wrong; the gold one carries articleVote5.
  // lawPrior is noise (highest on a wrong candidate).
  const examples = Array.from({ length: 40 }, (_, i) => ({
    gold: [i * 10 + 2],
    candidates: [
      { id: i * 10 + 1, features: [1, 0.2, 0, 0, 0, 0, 1, 0] },
      { id: i * 10 + 2, features: [0.8, 0.17, 1, 0, 0, 0, 0, 0] },
      { id: i * 10 + 3, features: [0.7, 0.14, 0, 0, 0, 0, 0.5, 0] },
    ],
  }));

  it('weights the signal that predicts the labels and not the noise', () => {
    const w = fitWeights(examples);
    expect(w.retrieverScore).toBe(1);
    expect(w.articleVote5).toBeGreaterThan(0);
    expect(w.lawPrior).toBe(0);
    expect(objective(examples, w)).toBeGreaterThan(objective(examples, only('retrieverScore')));
    expect(orderCandidates(examples[0].candidates, w, 1)).toEqual([2]);
  });

  it('moves only the features it is given', () => {
    const w = fitWeights(examples, ['retrieverScore', 'lawPrior']);
    expect(w.articleVote5).toBe(0);
  });
});

describe('the translation model', () => {
  const pairs = [
    ['老公欠的钱我要还吗', '夫妻一方以个人名义为家庭日常生活需要所负的债务，属于夫妻共同债务。配偶'],
    ['老公出轨可以离婚吗', '配偶有重婚或者与他人同居的，调解无效的，应当准予离婚。'],
    ['被公司辞退有补偿吗', '用人单位解除劳动合同的，应当向劳动者支付经济补偿。'],
    ['公司辞退员工要给钱吗', '用人单位依照本法规定解除劳动合同的，应当支付经济补偿。'],
  ].map(([q, a]) => ({ question: modelWords(q), article: modelWords(a) }));
  const model = TranslationModel.train(pairs);

  it('keeps Chinese words only', () => {
    expect(modelWords('第54条 个体工商户 abc')).not.toContain('abc');
    expect(modelWords('第54条 个体工商户 abc')).toContain('工商户');
  });

  it('scores an unseen article that uses the statute words of a lay question above one that does not', () => {
    const q = modelWords('老公欠债怎么办');
    const spouse = model.score(q, modelWords('配偶一方的债务'));
    const labour = model.score(q, modelWords('用人单位应当支付经济补偿'));
    expect(spouse).toBeGreaterThan(0);
    expect(spouse).toBeGreaterThan(labour);
    expect(model.score(modelWords('辞退'), modelWords('解除劳动合同的经济补偿'))).toBeGreaterThan(model.score(modelWords('辞退'), modelWords('配偶的债务')));
    expect(model.score(q, [])).toBe(0);
  });

  it('gives a learned ranker a translation signal only when it has the article texts', () => {
    const text = new Map([
      [10, '夫妻共同债务由配偶共同偿还'],
      [20, '饲养的动物造成他人损害的，动物饲养人应当承担侵权责任'],
      [30, '用人单位解除劳动合同应当支付经济补偿'],
      [11, '配偶'],
      [12, ''],
    ]);
    const withText = LearnedRanker.build(items, (id) => law.get(id), { articleText: (id) => text.get(id) });
    const t = at('translation');
    const c = withText.candidates('公司不签劳动合同怎么赔偿', [
      { id: 30, score: 1 },
      { id: 10, score: 0.9 },
    ]);
    // Per question word, not scaled to the best candidate; the labour-contract article predicts this question best.
    const best = c.reduce((a, b) => (b.features[t] > a.features[t] ? b : a));
    expect(best.id).toBe(30);
    expect(best.features[t]).toBeGreaterThan(0);
    expect(best.features[t]).toBeLessThan(1);
    const without = LearnedRanker.build(items, (id) => law.get(id)).candidates('公司不签劳动合同怎么赔偿', [{ id: 30, score: 1 }]);
    expect(without.every((x) => x.features[t] === 0)).toBe(true);
  });
});
