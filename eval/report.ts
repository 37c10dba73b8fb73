/** Assembles the report written to report.json (and read back by `--against`). */
import { groupByTag, groupByType, riskCoverage, summarize } from './metrics.js';
import type { RunOutput } from './run-set.js';
import { QUESTION_TYPES, type EvalReport, type Metrics, type RetrieverComparison } from './types.js';

export interface ReportMeta {
  setFile: string;
  limit?: number;
  target: string;
  primary: string;
  baseline?: string;
  k: number;
  info: Record<string, unknown>;
  createdAt?: Date;
}

/** Baseline first, then the others by name, the primary last: the order a reader compares in. */
function orderComparison(list: RetrieverComparison[], primary: string, baseline?: string): RetrieverComparison[] {
  const rank = (name: string) => (name === baseline ? 0 : name === primary ? 2 : 1);
  const known = ['naive', 'lexical', 'dense', 'hybrid'];
  return [...list].sort((a, b) => rank(a.name) - rank(b.name) || (known.indexOf(a.name) + 1 || 99) - (known.indexOf(b.name) + 1 || 99) || a.name.localeCompare(b.name));
}

function withCurve(curve: EvalReport['riskCoverage']): Pick<EvalReport, 'riskCoverage'> {
  return curve ? { riskCoverage: curve } : {};
}

export function buildReport(run: RunOutput, meta: ReportMeta): EvalReport {
  const byType: Record<string, Metrics> = {};
  const groups = groupByType(run.results);
  // Types in the contract's order, so reports of different runs line up.
  for (const type of QUESTION_TYPES) {
    const group = groups.get(type);
    if (group) byType[type] = summarize(group, meta.k);
  }
  const byTag: Record<string, Metrics> = {};
  for (const [tag, group] of groupByTag(run.results)) byTag[tag] = summarize(group, meta.k);
  return {
    version: 1,
    createdAt: (meta.createdAt ?? new Date()).toISOString(),
    set: { file: meta.setFile, items: run.results.length, ...(meta.limit !== undefined ? { limit: meta.limit } : {}) },
    target: meta.target,
    k: meta.k,
    info: meta.info,
    overall: summarize(run.results, meta.k),
    byType,
    ...(Object.keys(byTag).length ? { byTag } : {}),
    ...(run.compare ? { compare: { primary: meta.primary, baseline: meta.baseline, retrievers: orderComparison(run.compare, meta.primary, meta.baseline) } } : {}),
    ...withCurve(riskCoverage(run.results)),
    items: run.results,
  };
}
