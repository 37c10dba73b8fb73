/**
 * Each ranking stage on its own, on hand-made candidate lists: what it adds, to which chunks, in which
 * units. The whole pipeline is covered by the retriever contract (retriever.contract.ts).
 */
import { describe, expect, it } from 'vitest';
import type { CandidateSource, RankState } from '../../server/retrieval/rank-state.js';
import { byScore } from '../../server/retrieval/rank-state.js';
import { restrictTo } from '../../server/retrieval/stages/doc-number-boost.js';
import { fuseLists, fuseStage, scoreUnit } from '../../server/retrieval/stages/fuse.js';
import { lawStage } from '../../server/retrieval/stages/law-boost.js';
import { orderStage } from '../../server/retrieval/stages/order.js';
import { listStage } from '../../server/retrieval/pipeline.js';

const source = (name: string, weight: number): CandidateSource => ({ name, weight, candidates: async () => [] });

function state(lists: Record<string, { chunk: number; score: number }[]>): RankState {
  return { ctx: {} as RankState['ctx'], q: {} as RankState['q'], lists: new Map(Object.entries(lists)), scores: new Map(), unit: 1 };
}

describe('fusion', () => {
  it('weighted: each list normalised by its best, times its weight, summed per chunk', () => {
    const fused = fuseLists(
      [
        {
          items: [
            { chunk: 1, score: 8 },
            { chunk: 2, score: 4 },
          ],
          weight: 1,
        },
        {
          items: [
            { chunk: 2, score: 0.9 },
            { chunk: 3, score: 0.45 },
          ],
          weight: 0.5,
        },
      ],
      { fusion: 'weighted', rrfK: 60 },
    );
    expect(fused.get(1)).toBeCloseTo(1);
    expect(fused.get(2)).toBeCloseTo(0.5 + 0.5);
    expect(fused.get(3)).toBeCloseTo(0.25);
  });

  it('reciprocal rank: weight / (k + rank), scores ignored', () => {
    const fused = fuseLists(
      [
        {
          items: [
            { chunk: 7, score: 100 },
            { chunk: 9, score: 99 },
          ],
          weight: 2,
        },
      ],
      { fusion: 'rrf', rrfK: 60 },
    );
    expect(fused.get(7)).toBeCloseTo(2 / 61);
    expect(fused.get(9)).toBeCloseTo(2 / 62);
  });

  it('the unit is the best score a chunk can get: first on every list', () => {
    const sources = [source('lexical', 1), source('dense', 0.05)];
    expect(scoreUnit(sources, { fusion: 'weighted', rrfK: 60 })).toBeCloseTo(1.05);
    expect(scoreUnit(sources, { fusion: 'rrf', rrfK: 60 })).toBeCloseTo(1.05 / 61);
    const s = state({ lexical: [{ chunk: 1, score: 3 }], dense: [{ chunk: 1, score: 0.8 }] });
    fuseStage(sources, { fusion: 'weighted', rrfK: 60 }).run(s);
    expect(s.scores.get(1)).toBeCloseTo(s.unit);
  });

  it("scales a source's weight by the strength it reports for this question", () => {
    const sources = [source('lexical', 1), source('questions', 0.8)];
    const s = { ...state({ lexical: [{ chunk: 1, score: 3 }], questions: [{ chunk: 2, score: 5 }] }), strength: new Map([['questions', 0.25]]) };
    fuseStage(sources, { fusion: 'weighted', rrfK: 60 }).run(s);
    expect(s.scores.get(1)).toBeCloseTo(1);
    expect(s.scores.get(2)).toBeCloseTo(0.8 * 0.25);
  });

  it('an empty list adds nothing and a missing one is skipped', () => {
    const s = state({ lexical: [] });
    fuseStage([source('lexical', 1), source('dense', 1)], { fusion: 'weighted', rrfK: 60 }).run(s);
    expect(s.scores.size).toBe(0);
  });
});

describe('ordering', () => {
  it('orders by score, ties by chunk position whatever the insertion order', () => {
    const s = state({});
    s.scores = new Map([
      [5, 1],
      [2, 1],
      [9, 3],
    ]);
    orderStage.run(s);
    expect(s.order!.map((c) => c.chunk)).toEqual([9, 2, 5]);
    expect(
      [
        { chunk: 3, score: 1 },
        { chunk: 1, score: 1 },
      ]
        .sort(byScore)
        .map((c) => c.chunk),
    ).toEqual([1, 3]);
  });

  it('a single-source retriever keeps its list as it is', () => {
    const list = [
      { chunk: 4, score: 2 },
      { chunk: 1, score: 1 },
    ];
    const s = state({ lexical: list });
    listStage('lexical').run(s);
    expect(s.order).toBe(list);
  });
});

describe('restricted lookups', () => {
  it('restrictTo allows only the named chunks that the user filter allows, sorted', () => {
    const user = { allows: (c: number) => c !== 3, empty: false };
    const f = restrictTo([5, 3, 1], user);
    expect(f.chunks).toEqual([1, 5]);
    expect(f.allows(3)).toBe(false);
    expect(f.allows(5)).toBe(true);
    expect(restrictTo([3], user).empty).toBe(true);
  });
});

describe('national-law bonus', () => {
  it("adds its weight in score units to a national law's chunks only", () => {
    // Chunks 0 and 1 belong to document 0 (a national law), chunk 2 to document 1.
    const s: RankState = { ...state({}), ctx: { docIsLaw: [true, false], index: { chunkDoc: [0, 0, 1] } } as unknown as RankState['ctx'] };
    s.unit = 2;
    s.scores = new Map([
      [0, 1],
      [2, 1.2],
    ]);
    lawStage({ lawBoost: 0.125 }).run(s);
    expect(s.scores.get(0)).toBeCloseTo(1.25);
    expect(s.scores.get(2)).toBeCloseTo(1.2);
    expect(s.scores.has(1)).toBe(false);
    lawStage({ lawBoost: 0 }).run(s);
    expect(s.scores.get(0)).toBeCloseTo(1.25);
  });

  it('leaves alone a question that quotes the text the lexical search put first', () => {
    const text = '有经营能力的公民，依照本条例规定经登记，成为个体工商户。';
    const ctx = { docIsLaw: [true, false], index: { chunkDoc: [0, 1], chunks: [{ text: '自然人从事工商业经营，经依法登记，为个体工商户。' }, { text }] } };
    const run = (question: string) => {
      const s: RankState = { ...state({ lexical: [{ chunk: 1, score: 9 }] }), ctx: ctx as unknown as RankState['ctx'], q: { text: question } as RankState['q'] };
      s.scores = new Map([
        [0, 1],
        [1, 1],
      ]);
      lawStage({ lawBoost: 0.125 }).run(s);
      return s.scores.get(0);
    };
    expect(run('有经营能力的公民经登记可以成为个体工商户')).toBe(1);
    expect(run('摆摊卖菜要不要去登记')).toBeCloseTo(1.125);
  });
});
