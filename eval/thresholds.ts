/** Quality floors from the command line (`--min-hit5 0.9` …): a run below any of them exits non-zero. */
import { FIGURES, formatValue } from './figures.js';
import type { Metrics } from './types.js';

export interface Threshold {
  flag: string;
  key: keyof Metrics;
  kind: 'min' | 'max';
}

/** Every threshold flag the CLI accepts. */
export const THRESHOLDS: Threshold[] = [
  { flag: 'min-hit1', key: 'hit1', kind: 'min' },
  { flag: 'min-hit5', key: 'hit5', kind: 'min' },
  { flag: 'min-hit10', key: 'hit10', kind: 'min' },
  { flag: 'min-mrr', key: 'mrr10', kind: 'min' },
  { flag: 'min-citation-precision', key: 'citationPrecision', kind: 'min' },
  { flag: 'min-citation-recall', key: 'citationRecall', kind: 'min' },
  { flag: 'min-evidence-cited', key: 'evidenceCited', kind: 'min' },
  { flag: 'min-keyword-recall', key: 'keywordRecall', kind: 'min' },
  { flag: 'min-refusal', key: 'refusalRate', kind: 'min' },
  { flag: 'max-false-refusal', key: 'falseRefusalRate', kind: 'max' },
  { flag: 'max-not-found', key: 'notFoundRate', kind: 'max' },
  { flag: 'max-wrong', key: 'confidentWrong', kind: 'max' },
  { flag: 'min-judged', key: 'judged', kind: 'min' },
];

/** Parses a threshold value; rates are between 0 and 1. */
export function parseThresholdValue(flag: string, raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new Error(`--${flag} needs a number between 0 and 1, got "${raw}".`);
  }
  return v;
}

/** Messages for every threshold the figures miss; a figure that could not be measured misses too. */
export function checkThresholds(metrics: Metrics, wanted: ReadonlyMap<string, number>): string[] {
  const failures: string[] = [];
  for (const t of THRESHOLDS) {
    const limit = wanted.get(t.flag);
    if (limit === undefined) continue;
    const label = FIGURES.find((f) => f.key === t.key)?.label ?? t.key;
    const value = metrics[t.key];
    if (value === null) {
      failures.push(`${label} was not measured (no items to measure it on), but --${t.flag} ${limit} asks for it`);
    } else if (t.kind === 'min' ? value < limit : value > limit) {
      failures.push(`${label} ${formatValue(value, 'rate')} is ${t.kind === 'min' ? 'below' : 'above'} --${t.flag} ${limit}`);
    }
  }
  return failures;
}
