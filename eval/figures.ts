/**
 * The figures of a report in one list: their labels, how to print them and which way is better.
 * The summary table, the HTML report, `--against` and the thresholds all read it.
 */
import type { Metrics, RetrievalMetrics } from './types.js';

export interface Figure<K extends string = keyof Metrics> {
  key: K;
  /** Short column label. */
  label: string;
  /** What it means, for the HTML report. */
  title: string;
  kind: 'rate' | 'ms' | 'count';
  higherIsBetter: boolean;
}

export const FIGURES: Figure[] = [
  { key: 'hit1', label: 'hit@1', title: 'evidence in the first retrieved passage', kind: 'rate', higherIsBetter: true },
  { key: 'hit5', label: 'hit@5', title: 'evidence in the first five passages', kind: 'rate', higherIsBetter: true },
  { key: 'hit10', label: 'hit@10', title: 'evidence in the first ten passages', kind: 'rate', higherIsBetter: true },
  { key: 'mrr10', label: 'MRR@10', title: 'mean reciprocal rank of the first passage holding evidence, cut at 10', kind: 'rate', higherIsBetter: true },
  { key: 'citationPrecision', label: 'cit.P', title: 'citations whose chunk supports the sentence citing it or holds the evidence', kind: 'rate', higherIsBetter: true },
  { key: 'citationRecall', label: 'cit.R', title: 'answer sentences with a supporting citation', kind: 'rate', higherIsBetter: true },
  { key: 'evidenceCited', label: 'ev.shown', title: 'answerable items where a cited chunk holds the evidence, whatever the status', kind: 'rate', higherIsBetter: true },
  { key: 'keywordRecall', label: 'kw.R', title: 'reference keywords found in the answer', kind: 'rate', higherIsBetter: true },
  { key: 'answeredRate', label: 'answered', title: 'answerable items answered (status answered)', kind: 'rate', higherIsBetter: true },
  { key: 'notFoundRate', label: 'not found', title: 'answerable items given "not found"', kind: 'rate', higherIsBetter: false },
  {
    key: 'confidentWrong',
    label: 'wrong',
    title: 'answered items that are unanswerable or cite no evidence, over all answered ("confident answers wrong")',
    kind: 'rate',
    higherIsBetter: false,
  },
  { key: 'refusalRate', label: 'held back', title: 'unanswerable items not answered (closest or not found)', kind: 'rate', higherIsBetter: true },
  { key: 'answerChars', label: 'chars', title: 'median length of the answers shown (answered or closest), characters', kind: 'count', higherIsBetter: false },
  { key: 'judged', label: 'judged', title: 'correctness graded by the LLM against the reference answer', kind: 'rate', higherIsBetter: true },
  { key: 'searchP50', label: 'search p50', title: 'retrieval latency, median (ms)', kind: 'ms', higherIsBetter: false },
  { key: 'searchP95', label: 'search p95', title: 'retrieval latency, 95th percentile (ms)', kind: 'ms', higherIsBetter: false },
  { key: 'answerP50', label: 'answer p50', title: 'whole answer latency, median (ms)', kind: 'ms', higherIsBetter: false },
  { key: 'answerP95', label: 'answer p95', title: 'whole answer latency, 95th percentile (ms)', kind: 'ms', higherIsBetter: false },
  { key: 'failed', label: 'failed', title: 'items with at least one failure', kind: 'count', higherIsBetter: false },
];

export const RETRIEVAL_FIGURES: Figure<keyof RetrievalMetrics>[] = [
  { key: 'hit1', label: 'hit@1', title: 'evidence in the first passage', kind: 'rate', higherIsBetter: true },
  { key: 'hit5', label: 'hit@5', title: 'evidence in the first five passages', kind: 'rate', higherIsBetter: true },
  { key: 'hit10', label: 'hit@10', title: 'evidence in the first ten passages', kind: 'rate', higherIsBetter: true },
  { key: 'mrr10', label: 'MRR@10', title: 'mean reciprocal rank, cut at 10', kind: 'rate', higherIsBetter: true },
  { key: 'searchP50', label: 'p50 ms', title: 'retrieval latency, median', kind: 'ms', higherIsBetter: false },
  { key: 'searchP95', label: 'p95 ms', title: 'retrieval latency, 95th percentile', kind: 'ms', higherIsBetter: false },
];

export function formatValue(value: number | null | undefined, kind: Figure['kind']): string {
  if (value === null || value === undefined) return '–';
  if (kind === 'rate') return value.toFixed(3);
  if (kind === 'ms') return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
  return String(value);
}
