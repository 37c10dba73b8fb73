/**
 * The quality floor CI guards: the real in-process evaluation (bundled corpus, the shared test
 * index, extractive answers) on the project's own set, eval/sets/dev.jsonl. Below any floor the
 * suite fails with the figures that missed. The full table of a run is printed for the log.
 */
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSet } from '../../eval/load-set.js';
import { loadInProcessTarget } from '../../eval/real-parts.js';
import { buildReport } from '../../eval/report.js';
import { runSet } from '../../eval/run-set.js';
import { formatSummary } from '../../eval/summary-table.js';
import { checkThresholds } from '../../eval/thresholds.js';
import { loadConfig } from '../../server/config.js';
import { TEST_INDEX_DIR } from '../support/real-server.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SET = path.join(ROOT, 'eval/sets/dev.jsonl');

/** The floors, as the CLI's threshold flags (npm run eval -- --set eval/sets/dev.jsonl --min-hit5 0.85 …). */
const FLOORS = new Map([
  ['min-hit1', 0.78],
  ['min-hit5', 0.95],
  ['min-mrr', 0.85],
  ['min-citation-precision', 0.8],
  ['min-refusal', 0.85],
  ['min-evidence-cited', 0.9],
  ['max-not-found', 0.05],
  ['max-wrong', 0.1],
]);

describe('quality floor on eval/sets/dev.jsonl', () => {
  it('meets every floor in-process with the extractive answerer', async () => {
    const config = loadConfig({ INDEX_DIR: TEST_INDEX_DIR, UPLOADS_DIR: path.join(os.tmpdir(), 'cewen-no-uploads') }, ROOT);
    const items = await loadSet(SET);
    expect(items.length).toBeGreaterThanOrEqual(120);
    const target = await loadInProcessTarget(config);
    const run = await runSet(items, target, { k: 5 });
    const report = buildReport(run, {
      setFile: 'eval/sets/dev.jsonl',
      target: target.description,
      primary: target.primary,
      k: 5,
      info: await target.info(),
    });
    console.log(formatSummary(report));
    expect(report.overall.errors).toBe(0);
    const misses = checkThresholds(report.overall, FLOORS);
    expect(misses, `below the quality floor:\n${misses.join('\n')}`).toEqual([]);
  }, 300_000);
});
