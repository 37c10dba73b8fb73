import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareReports, formatAgainst, loadReport } from '../../eval/compare.js';
import { createInProcessTarget } from '../../eval/in-process-target.js';
import { loadSet } from '../../eval/load-set.js';
import { buildReport } from '../../eval/report.js';
import { runSet } from '../../eval/run-set.js';
import { MINI_SET, createFakeAnswerer, createFakeParts } from './eval-fakes.js';

async function reportWith(minScore: number) {
  const parts = createFakeParts();
  const target = createInProcessTarget({
    store: parts.store,
    retrievers: parts.retrievers,
    primary: 'hybrid',
    answerer: createFakeAnswerer(parts.retrievers.hybrid, minScore),
  });
  const run = await runSet(await loadSet(MINI_SET), target, { k: 5 });
  return buildReport(run, { setFile: 'mini.jsonl', target: 'in-process', primary: 'hybrid', k: 5, info: {} });
}

describe('--against', () => {
  it('reports deltas and the items that flipped, both ways', async () => {
    // Refusing nothing answers the two unanswerable items (worse) and the answerable item
    // the cautious answerer refused (better).
    const cautious = await reportWith(0.2);
    const reckless = await reportWith(-1);
    const refusedBefore = cautious.items.filter((r) => r.type !== 'unanswerable' && r.refused).map((r) => r.id);
    expect(refusedBefore.length).toBeGreaterThan(0);

    const a = compareReports(cautious, reckless, 'old/report.json');
    expect(a.worse.map((f) => f.id).sort()).toEqual(['m-unanswerable-script', 'm-unanswerable-tax']);
    expect(a.worse[0].failures).toEqual(['answered an unanswerable question']);
    expect(a.worse[0].change).toBe('no longer refused');
    // 给公司起字号… shares too little with 第八条 for the cautious answerer; answered now, it cites the evidence.
    expect(refusedBefore).toEqual(['m-name-chars']);
    expect(a.better).toEqual([expect.objectContaining({ id: 'm-name-chars', change: 'no longer refused, now cites the evidence', failures: [] })]);

    const refusal = a.figures.find((d) => d.key === 'refusalRate')!;
    expect(refusal).toMatchObject({ old: 1, now: 0, delta: -1, better: false });
    const answered = a.figures.find((d) => d.key === 'answeredRate')!;
    expect(answered.now).toBe(1);
    expect(answered.better).toBe(true);
    const hit5 = a.figures.find((d) => d.key === 'hit5')!;
    expect(hit5).toMatchObject({ delta: 0, better: null });
    expect(a.byType.unanswerable.find((d) => d.key === 'refusalRate')!.delta).toBe(-1);

    const text = formatAgainst(a);
    expect(text).toMatch(/held back\s+1\.000\s+0\.000\s+-1\.000\s+worse/);
    expect(text).toContain('Worse: 2 item(s) now fail');
    expect(text).toContain('  - m-unanswerable-tax [unanswerable] no longer refused; answered an unanswerable question');
  });

  it('lists items found in only one report', async () => {
    const old = await reportWith(0.2);
    const now = { ...old, items: old.items.slice(1).concat({ ...old.items[0], id: 'new-one' }) };
    const a = compareReports(old, now, 'old.json');
    expect(a.added).toEqual(['new-one']);
    expect(a.removed).toEqual([old.items[0].id]);
    expect(formatAgainst(a)).toContain('Only in this run: 1 item(s) (new-one)');
  });

  it('refuses a file that is not a report', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cewen-eval-against-'));
    await writeFile(path.join(dir, 'x.json'), '{"hello": 1}');
    await writeFile(path.join(dir, 'y.json'), 'not json');
    await expect(loadReport(path.join(dir, 'x.json'))).rejects.toThrow(/is not a Cewen evaluation report/);
    await expect(loadReport(path.join(dir, 'y.json'))).rejects.toThrow(/is not JSON/);
    await expect(loadReport(path.join(dir, 'z.json'))).rejects.toThrow(/Cannot read --against .*z\.json \(ENOENT\)/);
  });
});
