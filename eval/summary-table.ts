/** The plain-text tables printed at the end of a run. */
import { FIGURES, RETRIEVAL_FIGURES, formatValue, type Figure } from './figures.js';
import type { EvalReport, Metrics } from './types.js';

function table(header: string[], rows: string[][], alignLeft = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < alignLeft ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function judgedShown(report: EvalReport): boolean {
  return report.overall.judged !== null;
}

/** Per-type figures with the overall row last. */
export function formatSummary(report: EvalReport): string {
  const figures = FIGURES.filter((f) => f.key !== 'judged' || judgedShown(report));
  const hitK: Figure = { key: 'hitK', label: `hit@${report.k}`, title: '', kind: 'rate', higherIsBetter: true };
  const columns = [1, 5, 10].includes(report.k) ? figures : [hitK, ...figures];
  const row = (name: string, m: Metrics) => [name, String(m.items), ...columns.map((f) => formatValue(m[f.key], f.kind))];
  const rows = Object.entries(report.byType).map(([type, m]) => row(type, m));
  rows.push(row('all', report.overall));
  // Tagged subsets (e.g. #paraphrase) overlap the types; they come after the total.
  for (const [tag, m] of Object.entries(report.byTag ?? {})) rows.push(row(`#${tag}`, m));
  const model = typeof report.info.model === 'string' ? report.info.model : 'unknown model';
  const head = `Evaluation of ${report.set.file} (${report.set.items} items) · ${report.target} · ${model} · k=${report.k}`;
  const notes = [
    report.overall.errors ? `${report.overall.errors} item(s) failed with an error; see the report.` : '',
    judgedShown(report) ? '' : 'judged: not measured (no LLM configured; set LLM=openai to grade answers).',
  ].filter(Boolean);
  return [head, '', table(['type', 'n', ...columns.map((f) => f.label)], rows), ...(notes.length ? ['', ...notes] : [])].join('\n');
}

function ratio(value: number | null, base: number | null): string {
  if (value === null || base === null || base === 0) return '–';
  return `${(value / base).toFixed(2)}×`;
}

/** Retrievers side by side, and each figure as a ratio to the baseline. */
export function formatComparison(report: EvalReport): string {
  const cmp = report.compare;
  if (!cmp) return '';
  const baseline = cmp.retrievers.find((r) => r.name === cmp.baseline);
  const n = cmp.retrievers[0]?.overall.items ?? 0;
  const mark = (name: string) => (name === cmp.primary ? `${name} *` : name === cmp.baseline ? `${name} (baseline)` : name);
  const rateFigures = RETRIEVAL_FIGURES.filter((f) => f.kind === 'rate');
  const header = ['retriever', ...RETRIEVAL_FIGURES.map((f) => f.label), ...(baseline ? rateFigures.map((f) => `${f.label} ratio`) : [])];
  const rows = cmp.retrievers.map((r) => [
    mark(r.name),
    ...RETRIEVAL_FIGURES.map((f) => formatValue(r.overall[f.key], f.kind)),
    ...(baseline ? rateFigures.map((f) => ratio(r.overall[f.key], baseline.overall[f.key])) : []),
  ]);
  const types = Object.keys(cmp.retrievers[0]?.byType ?? {});
  const tags = Object.keys(cmp.retrievers[0]?.byTag ?? {});
  const perType = table(
    ['hit@5 by type', ...cmp.retrievers.map((r) => r.name)],
    [
      ...types.map((t) => [t, ...cmp.retrievers.map((r) => formatValue(r.byType[t]?.hit5, 'rate'))]),
      ...tags.map((t) => [`#${t}`, ...cmp.retrievers.map((r) => formatValue(r.byTag?.[t]?.hit5, 'rate'))]),
    ],
  );
  return [
    `Retrieval compared on the ${n} answerable items (* = the retriever answers use${baseline ? `; ratios are to ${baseline.name}` : ''})`,
    '',
    table(header, rows),
    '',
    perType,
  ].join('\n');
}
