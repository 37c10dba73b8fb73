/**
 * The pure parts of the STARD benchmark and the scale bench, on hand-computed cases: ranking metrics
 * over corpus ids, the reference's bigrams, the question memory, the synthetic corpus copies and
 * the growth fit.
 */
import { describe, expect, it } from 'vitest';
import { describeSlope, logSlope, marginal } from '../../eval/bench-scale.js';
import { BigramBm25, wordBigrams } from '../../eval/benchmarks/bigram-bm25.js';
import { QuestionMemory } from '../../server/retrieval/learned/question-memory.js';
import { dedupeIds, firstGoldRank, rankingFigures, recallAt } from '../../server/retrieval/learned/ranking-metrics.js';
import { replicaRows, rotateSentences, shiftDigits } from '../../eval/scale-corpus.js';
import type { CorpusDocument } from '../../embeddings/types.js';

describe('ranking metrics over corpus ids', () => {
  it('chunks of one article count once, at their best rank; unmapped chunks are dropped', () => {
    expect(dedupeIds([7, 7, undefined, 3, 7, 9, 3], 3)).toEqual([7, 3, 9]);
  });

  it('Recall@k, Hit@10 and MRR@100 as SOURCE.md defines them, macro-averaged', () => {
    const runs = [
      // 2 gold: one at rank 1, one at rank 12.
      { ranked: [5, ...Array.from({ length: 10 }, (_, i) => 100 + i), 6], gold: [5, 6] },
      // 1 gold at rank 3.
      { ranked: [1, 2, 3], gold: [3] },
      // gold not retrieved.
      { ranked: [1, 2], gold: [4] },
    ];
    expect(recallAt(runs[0].ranked, runs[0].gold, 10)).toBe(0.5);
    expect(recallAt(runs[0].ranked, runs[0].gold, 20)).toBe(1);
    expect(firstGoldRank(runs[1].ranked, runs[1].gold)).toBe(3);
    const f = rankingFigures(runs);
    expect(f.questions).toBe(3);
    expect(f.recall[1]).toBeCloseTo((0.5 + 0 + 0) / 3, 10);
    expect(f.recall[5]).toBeCloseTo((0.5 + 1 + 0) / 3, 10);
    expect(f.recall[20]).toBeCloseTo((1 + 1 + 0) / 3, 10);
    expect(f.hit10).toBeCloseTo(2 / 3, 10);
    expect(f.mrr100).toBeCloseTo((1 + 1 / 3 + 0) / 3, 10);
  });
});

describe('the BM25-bigram reference', () => {
  it('takes bigrams over letters and digits only, across punctuation', () => {
    expect(wordBigrams('民法典第54条：个体')).toEqual(['民法', '法典', '典第', '第5', '54', '4条', '条个', '个体']);
  });

  it('ranks the row sharing the most rare bigrams first', () => {
    const bm = BigramBm25.build([
      { id: 1, text: '个体工商户条例第二条有经营能力的公民可以经登记成为个体工商户' },
      { id: 2, text: '中华人民共和国民法典第五十四条自然人从事工商业经营经依法登记为个体工商户' },
      { id: 3, text: '中华人民共和国刑法第一条为了惩罚犯罪保护人民' },
    ]);
    expect(bm.search('谁可以成为个体工商户？', 3)[0]).toBe(1);
    expect(bm.search('惩罚犯罪', 3)).toEqual([3]);
  });
});

describe('question memory', () => {
  const law = new Map([
    [10, '民法典'],
    [11, '民法典'],
    [12, '民法典'],
    [20, '动物防疫法'],
  ]);
  const memory = QuestionMemory.build(
    [
      { key: 1, question: '夫妻一方经营个体工商户所欠债务谁偿还', answers: [10] },
      { key: 2, question: '个体工商户的债务由谁承担', answers: [10, 11] },
      { key: 3, question: '遗弃的动物造成他人损害怎么办', answers: [20] },
    ],
    (id) => law.get(id),
  );

  it('finds the closest remembered questions, best first and scaled to 1, never the one left out', () => {
    const near = memory.neighbours('个体工商户欠的债务谁来还', 3);
    expect(
      near
        .map((n) => n.item.key)
        .slice(0, 2)
        .sort(),
    ).toEqual([1, 2]);
    expect(near[0].similarity).toBe(1);
    expect(near.every((n, i) => i === 0 || n.similarity <= near[i - 1].similarity)).toBe(true);
    expect(memory.neighbours('遗弃的动物造成他人损害怎么办', 3)[0].item.key).toBe(3);
    expect(memory.neighbours('遗弃的动物造成他人损害怎么办', 3, 3).map((n) => n.item.key)).not.toContain(3);
    expect(memory.lawOfId(11)).toBe('民法典');
  });
});

describe('synthetic corpus copies', () => {
  const text = '示例办法\n第一条　本办法自2024年1月1日起施行。有效期5年。\n第二条　由国务院负责解释';
  const a = text.indexOf('第一条');
  const b = text.indexOf('第二条');
  const doc: CorpusDocument = {
    id: 'd1',
    title: '示例办法',
    docNo: '国发〔2024〕3号',
    sources: [{ file: 'x.txt', start: 0, end: text.length }],
    text,
    articles: [
      { id: 'd1:0', docId: 'd1', label: '第一条', headingPath: [], start: a, end: b - 1 },
      { id: 'd1:1', docId: 'd1', label: '第二条', headingPath: [], start: b, end: text.length },
    ],
  };

  it('copy 0 is the document; other copies differ in title, ids, digits and sentence order', () => {
    expect(shiftDigits('国发〔2024〕3号', 1)).toBe('国发〔3135〕4号');
    expect(rotateSentences('甲。乙。丙。', 1)).toBe('乙。丙。甲。');
    const [a0] = replicaRows(doc, 0);
    const [a1, b1] = replicaRows(doc, 1);
    expect(a0).toMatchObject({ id: '0:d1:0', title: '示例办法', text: '第一条　本办法自2024年1月1日起施行。有效期5年。', docNo: '国发〔2024〕3号' });
    expect(a1.title).toBe('示例办法（第2辑）');
    expect(a1.docNo).toBe('国发〔3135〕4号');
    expect(a1.text).not.toBe(a0.text);
    expect(a1.text.length).toBe(a0.text.length);
    // No digit and one sentence: marked so the copy stays a distinct text.
    expect(b1.text).toBe('第二条　由国务院负责解释（第2辑）');
  });
});

describe('growth fit', () => {
  it('slope of log(cost) on log(size), and the marginal cost with the size where a limit is crossed', () => {
    expect(logSlope([1, 3, 10], [5, 15, 50])).toBeCloseTo(1, 10);
    expect(logSlope([1, 10, 100], [2, 2, 2])).toBeCloseTo(0, 10);
    expect(describeSlope(1.05)).toMatch(/^linear/);
    expect(describeSlope(0.5)).toMatch(/^sub-linear/);
    // 100 ms at 10k chunks, 160 ms at 20k: +60 ms per 10k, so 400 ms at 60k.
    expect(marginal({ n: 10_000, v: 100 }, { n: 20_000, v: 160 }, 400)).toEqual({ per10k: 60, at: 60_000 });
    expect(marginal({ n: 10_000, v: 100 }, { n: 20_000, v: 90 }, 400).at).toBe(Infinity);
  });
});
