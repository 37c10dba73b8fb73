import { describe, expect, it } from 'vitest';
import { createInProcessTarget } from '../../eval/in-process-target.js';
import { loadSet } from '../../eval/load-set.js';
import { buildReport } from '../../eval/report.js';
import { runSet } from '../../eval/run-set.js';
import { formatComparison, formatSummary } from '../../eval/summary-table.js';
import type { Answerer } from '../../server/types.js';
import { MINI_SET, createFakeAnswerer, createFakeParts } from './eval-fakes.js';

function target(answerer?: Answerer) {
  const parts = createFakeParts();
  return createInProcessTarget({
    store: parts.store,
    retrievers: parts.retrievers,
    primary: 'hybrid',
    baseline: 'lexical',
    answerer: answerer ?? parts.answerer,
  });
}

describe('running a set in-process', () => {
  it('retrieves, answers and scores every item through the injected parts', async () => {
    const items = await loadSet(MINI_SET);
    const seen: number[] = [];
    const run = await runSet(items, target(), { k: 5, onItem: (done) => seen.push(done) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const byId = new Map(run.results.map((r) => [r.id, r]));

    // The question shares 企业 / 登记 / 名称 with 第四条, which holds the evidence.
    const one = byId.get('m-one-name')!;
    expect(one.rank).toBe(1);
    expect(one.refused).toBe(false);
    expect(one.citations).toEqual([expect.objectContaining({ n: 1, chunkId: 'd-name:4:0', containsEvidence: true, precise: true })]);
    expect(one.sentences).toEqual([expect.objectContaining({ cites: [1], supported: true })]);
    expect(one.keywordRecall).toBe(1);
    expect(one.failures).toEqual([]);

    // Evidence sits in a chunk whose text has a stray space (民族自治地方的企业名 称): matching ignores it.
    expect(byId.get('m-article-5')!.retrieved.some((p) => p.id === 'd-name:5:0' && p.hit)).toBe(true);

    for (const id of ['m-unanswerable-tax', 'm-unanswerable-script']) {
      expect(byId.get(id)).toMatchObject({ refused: true, rank: null, failures: [] });
    }
    expect(run.compare).toBeUndefined();
  });

  it('warms the pipeline up with one untimed round before the timed items', async () => {
    const items = (await loadSet(MINI_SET)).slice(0, 2);
    const parts = createFakeParts();
    const asked: string[] = [];
    const counting: Answerer = { model: 'counting', answer: async (req) => (asked.push(req.question), parts.answerer.answer(req)) };
    await runSet(items, target(counting), { k: 5 });
    expect(asked).toEqual([items[0].question, items[0].question, items[1].question]);
    asked.length = 0;
    await runSet(items, target(counting), { k: 5, warmUp: false });
    expect(asked).toEqual([items[0].question, items[1].question]);
  });

  it('records an item whose pipeline throws as an error and goes on', async () => {
    const items = (await loadSet(MINI_SET)).slice(0, 3);
    const parts = createFakeParts();
    let calls = 0;
    const flaky: Answerer = {
      model: 'flaky',
      answer: async (req) => {
        calls++;
        if (calls === 2) throw new Error('model crashed');
        return parts.answerer.answer(req);
      },
    };
    const run = await runSet(items, target(flaky), { k: 5, warmUp: false });
    expect(run.results.map((r) => r.error)).toEqual([undefined, 'answer: model crashed', undefined]);
    expect(run.results[1].failures).toEqual(['error: answer: model crashed']);
    // What was retrieved before the answer failed is kept for the report.
    expect(run.results[1].retrieved.length).toBeGreaterThan(0);
    expect(run.results[1].rank).toBe(1);
    const report = buildReport(run, { setFile: 'mini', target: 'in-process', primary: 'hybrid', k: 5, info: {} });
    expect(report.overall.errors).toBe(1);
    expect(formatSummary(report)).toContain('1 item(s) failed with an error');
  });

  it('compares every retriever on the answerable items, baseline first', async () => {
    const items = await loadSet(MINI_SET);
    const run = await runSet(items, target(), { k: 5, compare: true });
    const report = buildReport(run, { setFile: 'mini', target: 'in-process', primary: 'hybrid', baseline: 'lexical', k: 5, info: {} });
    const cmp = report.compare!;
    expect(cmp.retrievers.map((r) => r.name)).toEqual(['lexical', 'dense', 'hybrid']);
    const answerableIds = items
      .filter((i) => i.type !== 'unanswerable')
      .map((i) => i.id)
      .sort();
    for (const r of cmp.retrievers) {
      expect(Object.keys(r.ranks).sort()).toEqual(answerableIds);
      expect(r.overall.items).toBe(6);
    }
    // The primary retriever's ranks are the ones of the main run.
    const hybrid = cmp.retrievers.find((r) => r.name === 'hybrid')!;
    for (const res of run.results.filter((x) => x.type !== 'unanswerable')) expect(hybrid.ranks[res.id]).toBe(res.rank);
    expect(Object.keys(hybrid.byType)).toEqual(['fact', 'number', 'article', 'who', 'list']);
    // Tagged items get their own breakdown: m-name-chars and m-2027 are tagged paraphrase.
    expect(hybrid.byTag?.paraphrase?.items).toBe(2);
    expect(report.byTag?.paraphrase?.items).toBe(2);
    expect(report.byTag?.paraphrase?.hit5).toBe(run.results.filter((r) => r.tags?.includes('paraphrase') && r.rank !== null && r.rank <= 5).length / 2);
    expect(formatSummary(report)).toMatch(/^#paraphrase\s+2\s/m);
    const text = formatComparison(report);
    expect(text).toMatch(/lexical \(baseline\)/);
    expect(text).toMatch(/hybrid \*/);
    expect(text).toMatch(/1\.00×/);
  });

  it('asks the judge about answered, answerable items only; a refusal scores 0', async () => {
    const items = await loadSet(MINI_SET);
    const parts = createFakeParts();
    const asked: string[] = [];
    const run = await runSet(items, target(createFakeAnswerer(parts.retrievers.hybrid, 0.5)), {
      k: 5,
      judge: async ({ question, reference, answer }) => {
        asked.push(question);
        expect(reference.length).toBeGreaterThan(0);
        return answer.includes(reference.replace(/。$/, '')) ? 1 : 0.5;
      },
    });
    for (const r of run.results) {
      if (r.type === 'unanswerable') expect(r.judged).toBeNull();
      else if (r.refused) expect(r.judged).toBe(0);
      else expect([0.5, 1]).toContain(r.judged);
    }
    expect(asked.length).toBe(run.results.filter((r) => r.type !== 'unanswerable' && !r.refused).length);
    expect(asked.length).toBeGreaterThan(0);
  });

  it('stops asking a judge that fails and says so once', async () => {
    const items = await loadSet(MINI_SET);
    const errors: string[] = [];
    let calls = 0;
    const run = await runSet(items, target(), {
      k: 5,
      judge: async () => {
        calls++;
        throw new Error('endpoint down');
      },
      onJudgeError: (e) => errors.push(e.message),
    });
    expect(calls).toBe(1);
    expect(errors).toEqual(['endpoint down']);
    expect(run.results.every((r) => r.judged === null || r.judged === 0)).toBe(true);
  });
});
