/**
 * `--against OLD.json`: what changed since an earlier report — each figure's delta and the
 * items that went from passing to failing or back.
 */
import { readFile } from 'node:fs/promises';
import { FIGURES, formatValue } from './figures.js';
import { hitAt } from './metrics.js';
import type { EvalReport, ItemResult, Metrics } from './types.js';

export interface FigureDelta {
  key: keyof Metrics;
  label: string;
  kind: 'rate' | 'ms' | 'count';
  old: number | null;
  now: number | null;
  delta: number | null;
  /** true better, false worse, null unchanged or not comparable. */
  better: boolean | null;
}

export interface FlippedItem {
  id: string;
  type: string;
  question: string;
  /** What changed, e.g. `rank 7 → 2`, `now refused`. */
  change: string;
  /** Why it fails now (empty when it passes now). */
  failures: string[];
}

export interface AgainstResult {
  oldFile: string;
  oldCreatedAt: string;
  figures: FigureDelta[];
  byType: Record<string, FigureDelta[]>;
  better: FlippedItem[];
  worse: FlippedItem[];
  /** Items in only one of the two reports. */
  added: string[];
  removed: string[];
}

export async function loadReport(file: string): Promise<EvalReport> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read --against ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  let report: EvalReport;
  try {
    report = JSON.parse(raw) as EvalReport;
  } catch (err) {
    throw new Error(`--against ${file} is not JSON (${(err as Error).message}).`);
  }
  if (report?.version !== 1 || !Array.isArray(report.items) || typeof report.overall !== 'object') {
    throw new Error(`--against ${file} is not a Cewen evaluation report (report.json written by npm run eval).`);
  }
  return report;
}

function deltas(old: Metrics | undefined, now: Metrics | undefined): FigureDelta[] {
  return FIGURES.map((f) => {
    const o = old?.[f.key] ?? null;
    const n = now?.[f.key] ?? null;
    const delta = o === null || n === null ? null : n - o;
    // Latency moves by noise; call it better or worse only beyond 10 %.
    const noise = f.kind === 'ms' ? Math.abs(o ?? 0) * 0.1 : 1e-9;
    const better = delta === null || Math.abs(delta) <= noise ? null : f.higherIsBetter === delta > 0;
    return { key: f.key, label: f.label, kind: f.kind, old: o, now: n, delta, better };
  });
}

function describeChange(old: ItemResult, now: ItemResult, k: number): string {
  const parts: string[] = [];
  if (hitAt(old.rank, k) !== hitAt(now.rank, k) || old.rank !== now.rank) {
    parts.push(`rank ${old.rank ?? '–'} → ${now.rank ?? '–'}`);
  }
  if (old.refused !== now.refused) parts.push(now.refused ? 'now refused' : 'no longer refused');
  if (old.evidenceCited !== now.evidenceCited) parts.push(now.evidenceCited ? 'now cites the evidence' : 'no longer cites the evidence');
  if (!!old.error !== !!now.error) parts.push(now.error ? 'now errors' : 'no longer errors');
  return parts.join(', ') || 'failure reasons changed';
}

export function compareReports(old: EvalReport, now: EvalReport, oldFile: string): AgainstResult {
  const oldItems = new Map(old.items.map((r) => [r.id, r]));
  const nowIds = new Set(now.items.map((r) => r.id));
  const better: FlippedItem[] = [];
  const worse: FlippedItem[] = [];
  for (const r of now.items) {
    const o = oldItems.get(r.id);
    if (!o) continue;
    const wasOk = o.failures.length === 0;
    const isOk = r.failures.length === 0;
    if (wasOk === isOk) continue;
    const flipped = { id: r.id, type: r.type, question: r.question, change: describeChange(o, r, now.k), failures: r.failures };
    (isOk ? better : worse).push(flipped);
  }
  const byType: Record<string, FigureDelta[]> = {};
  for (const type of new Set([...Object.keys(old.byType), ...Object.keys(now.byType)])) {
    byType[type] = deltas(old.byType[type], now.byType[type]);
  }
  return {
    oldFile,
    oldCreatedAt: old.createdAt,
    figures: deltas(old.overall, now.overall),
    byType,
    better,
    worse,
    added: now.items.filter((r) => !oldItems.has(r.id)).map((r) => r.id),
    removed: old.items.filter((r) => !nowIds.has(r.id)).map((r) => r.id),
  };
}

function signed(d: FigureDelta): string {
  if (d.delta === null) return '–';
  const v = formatValue(Math.abs(d.delta), d.kind);
  return `${d.delta >= 0 ? '+' : '-'}${v}`;
}

export function formatAgainst(a: AgainstResult): string {
  const rows = a.figures.map((d) => [d.label, formatValue(d.old, d.kind), formatValue(d.now, d.kind), signed(d), d.better === null ? '' : d.better ? 'better' : 'worse']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), ['figure', 'before', 'now', 'delta'][i].length));
  const fmt = (r: string[]) => [r[0].padEnd(widths[0]), r[1].padStart(widths[1]), r[2].padStart(widths[2]), r[3].padStart(widths[3]), r[4]].join('  ').trimEnd();
  const lines = [`Against ${a.oldFile} (${a.oldCreatedAt})`, '', fmt(['figure', 'before', 'now', 'delta', '']), ...rows.map(fmt), ''];
  lines.push(`Better: ${a.better.length} item(s) now pass`);
  for (const f of a.better) lines.push(`  + ${f.id} [${f.type}] ${f.change} — ${f.question}`);
  lines.push(`Worse: ${a.worse.length} item(s) now fail`);
  for (const f of a.worse) lines.push(`  - ${f.id} [${f.type}] ${f.change}; ${f.failures.join('; ')} — ${f.question}`);
  if (a.added.length) lines.push(`Only in this run: ${a.added.length} item(s) (${a.added.slice(0, 10).join(', ')}${a.added.length > 10 ? ', …' : ''})`);
  if (a.removed.length) lines.push(`Only in the old report: ${a.removed.length} item(s) (${a.removed.slice(0, 10).join(', ')}${a.removed.length > 10 ? ', …' : ''})`);
  return lines.join('\n');
}
