/**
 * The report as one self-contained HTML page: no scripts, no external files, charts as inline SVG.
 * Questions, quotes, answers and document text are data from users and documents, so every
 * piece of text goes through `escapeHtml`, and a Content-Security-Policy forbids scripts outright.
 */
import type { AgainstResult } from './compare.js';
import { FIGURES, RETRIEVAL_FIGURES, formatValue, type Figure } from './figures.js';
import type { EvalReport, ItemResult, Metrics } from './types.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const COLORS = ['#2f6db5', '#e07b39', '#3a9e5c', '#b0413e', '#7d5ba6', '#8c6d31', '#4aa3a8', '#c45a9b'];

interface Series {
  name: string;
  values: (number | null)[];
}

/**
 * Grouped vertical bars: one group per category, one bar per series. `max` fixes the scale
 * (1 for rates); values are written above bars so the chart reads without hovering.
 */
function barChart(title: string, categories: string[], series: Series[], opts: { max?: number; unit?: (v: number) => string }): string {
  const unit = opts.unit ?? ((v: number) => v.toFixed(2));
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const max = opts.max ?? Math.max(1e-9, ...all) * 1.1;
  const barW = 16;
  const gap = 18;
  const groupW = series.length * barW + gap;
  const left = 48;
  const top = 28;
  const plotH = 180;
  const legendH = 22 * Math.ceil(series.length / 4);
  const width = Math.max(360, left + categories.length * groupW + 16);
  const height = top + plotH + 40 + legendH;
  const y = (v: number) => top + plotH - (Math.min(v, max) / max) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">`);
  parts.push(`<title>${escapeHtml(title)}</title>`);
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    parts.push(`<line x1="${left}" x2="${width - 8}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd" />`);
    parts.push(`<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="10" fill="#555">${escapeHtml(unit(v))}</text>`);
  }
  categories.forEach((cat, ci) => {
    const gx = left + ci * groupW + gap / 2;
    series.forEach((s, si) => {
      const v = s.values[ci];
      const x = gx + si * barW;
      if (v === null || v === undefined) {
        parts.push(`<text x="${x + barW / 2}" y="${top + plotH - 3}" text-anchor="middle" font-size="9" fill="#999">–</text>`);
        return;
      }
      const h = top + plotH - y(v);
      parts.push(
        `<rect x="${x}" y="${y(v).toFixed(1)}" width="${barW - 2}" height="${h.toFixed(1)}" fill="${COLORS[si % COLORS.length]}"><title>${escapeHtml(`${cat} · ${s.name}: ${unit(v)}`)}</title></rect>`,
      );
    });
    parts.push(`<text x="${gx + (series.length * barW) / 2}" y="${top + plotH + 16}" text-anchor="middle" font-size="11">${escapeHtml(cat)}</text>`);
  });
  series.forEach((s, si) => {
    const lx = left + (si % 4) * 130;
    const ly = top + plotH + 34 + Math.floor(si / 4) * 22;
    parts.push(`<rect x="${lx}" y="${ly}" width="12" height="12" fill="${COLORS[si % COLORS.length]}" />`);
    parts.push(`<text x="${lx + 16}" y="${ly + 10}" font-size="11">${escapeHtml(s.name)}</text>`);
  });
  parts.push(`<text x="${left}" y="16" font-size="13" font-weight="bold">${escapeHtml(title)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

function metricsTable(report: EvalReport): string {
  const figures = FIGURES.filter((f) => f.key !== 'judged' || report.overall.judged !== null);
  const head = `<tr><th>type</th><th>n</th>${figures.map((f) => `<th title="${escapeHtml(f.title)}">${escapeHtml(f.label)}</th>`).join('')}</tr>`;
  const row = (name: string, m: Metrics, cls = '') =>
    `<tr${cls ? ` class="${cls}"` : ''}><td>${escapeHtml(name)}</td><td>${m.items}</td>${figures.map((f) => `<td>${escapeHtml(formatValue(m[f.key], f.kind))}</td>`).join('')}</tr>`;
  const rows = Object.entries(report.byType).map(([t, m]) => row(t, m));
  rows.push(row('all', report.overall, 'total'));
  for (const [tag, m] of Object.entries(report.byTag ?? {})) rows.push(row(`#${tag}`, m, 'tag'));
  return `<table class="figures"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function perTypeChart(report: EvalReport): string {
  const types = Object.keys(report.byType);
  const keys: Figure[] = FIGURES.filter((f) =>
    ['hit1', 'hit5', 'mrr10', 'citationPrecision', 'citationRecall', 'evidenceCited', 'answeredRate', 'confidentWrong', 'refusalRate', 'judged'].includes(f.key),
  ).filter((f) => f.key !== 'judged' || report.overall.judged !== null);
  const categories = [...types, 'all'];
  const series = keys.map((f) => ({
    name: f.label,
    values: categories.map((t) => (t === 'all' ? report.overall : report.byType[t])[f.key]),
  }));
  return barChart('Figures by question type', categories, series, { max: 1 });
}

function latencyChart(report: EvalReport): string {
  const categories = [...Object.keys(report.byType), 'all'];
  const keys = FIGURES.filter((f) => f.kind === 'ms');
  const series = keys.map((f) => ({
    name: f.label,
    values: categories.map((t) => (t === 'all' ? report.overall : report.byType[t])[f.key]),
  }));
  return barChart('Latency by question type (ms)', categories, series, { unit: (v) => formatValue(v, 'ms') });
}

/**
 * The risk–coverage curve as an SVG line: share answered (x) against share of answered that is wrong (y),
 * one point per confidence threshold, the run's operating point marked.
 */
function riskCoverageChart(curve: NonNullable<EvalReport['riskCoverage']>): string {
  const left = 48;
  const top = 20;
  const w = 320;
  const h = 200;
  const maxRisk = Math.max(0.2, ...curve.points.map((p) => p.risk)) * 1.05;
  const x = (c: number): string => (left + c * w).toFixed(1);
  const y = (r: number): string => (top + h - (r / maxRisk) * h).toFixed(1);
  const path = curve.points.map((p, i) => `${i ? 'L' : 'M'}${x(p.coverage)},${y(p.risk)}`).join(' ');
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (v) =>
        `<line x1="${x(v)}" x2="${x(v)}" y1="${top}" y2="${top + h}" stroke="#eee" /><text x="${x(v)}" y="${top + h + 14}" text-anchor="middle" font-size="10" fill="#555">${v}</text>` +
        `<line x1="${left}" x2="${left + w}" y1="${y(v * maxRisk)}" y2="${y(v * maxRisk)}" stroke="#eee" /><text x="${left - 6}" y="${Number(y(v * maxRisk)) + 4}" text-anchor="end" font-size="10" fill="#555">${(v * maxRisk).toFixed(2)}</text>`,
    )
    .join('');
  const op = curve.operating;
  const title = 'Risk–coverage: share answered (x) vs. share of answered that is wrong (y)';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + w + 24}" height="${top + h + 44}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${grid}<path d="${path}" fill="none" stroke="${COLORS[0]}" stroke-width="2" /><circle cx="${x(op.coverage)}" cy="${y(op.risk)}" r="5" fill="${COLORS[3]}"><title>${escapeHtml(`operating point: answered ${op.coverage.toFixed(3)}, wrong ${op.risk.toFixed(3)}`)}</title></circle><text x="${left + w / 2}" y="${top + h + 32}" text-anchor="middle" font-size="11" fill="#333">answered (coverage)</text></svg>`;
}

/** Rows of the curve at round coverages, so the table reads without the chart. */
function riskCoverageRows(curve: NonNullable<EvalReport['riskCoverage']>): string {
  const rows: string[] = [];
  for (const target of [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]) {
    const p = curve.points.find((q) => q.coverage >= target - 1e-9);
    if (p) rows.push(`<tr><td>${p.coverage.toFixed(3)}</td><td>${p.risk.toFixed(3)}</td><td>${p.threshold.toFixed(3)}</td></tr>`);
  }
  return `<table class="figures"><thead><tr><th>answered</th><th>wrong</th><th>confidence ≥</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function riskCoverageSection(report: EvalReport): string {
  const curve = report.riskCoverage;
  if (!curve) return '';
  const op = curve.operating;
  return `<section><h2>Risk–coverage (${curve.items} items)</h2><p>Each point answers every item whose confidence is at least a threshold: x is the share of items answered, y the share of those that are wrong (unanswerable, or no citation holds the evidence). The run's operating point: <b>${op.coverage.toFixed(3)}</b> answered, <b>${op.risk.toFixed(3)}</b> of them wrong.</p><div class="charts">${riskCoverageChart(curve)}${riskCoverageRows(curve)}</div></section>`;
}

function compareSection(report: EvalReport): string {
  const cmp = report.compare;
  if (!cmp) return '';
  const base = cmp.retrievers.find((r) => r.name === cmp.baseline);
  const rate = RETRIEVAL_FIGURES.filter((f) => f.kind === 'rate');
  const head = `<tr><th>retriever</th>${RETRIEVAL_FIGURES.map((f) => `<th>${escapeHtml(f.label)}</th>`).join('')}${base ? rate.map((f) => `<th>${escapeHtml(f.label)} / ${escapeHtml(base.name)}</th>`).join('') : ''}</tr>`;
  const rows = cmp.retrievers.map((r) => {
    const ratios = base
      ? rate
          .map((f) => {
            const v = r.overall[f.key];
            const b = base.overall[f.key];
            return `<td>${v === null || b === null || b === 0 ? '–' : `${(v / b).toFixed(2)}×`}</td>`;
          })
          .join('')
      : '';
    const name = r.name === cmp.primary ? `${r.name} (answers)` : r.name === cmp.baseline ? `${r.name} (baseline)` : r.name;
    return `<tr><td>${escapeHtml(name)}</td>${RETRIEVAL_FIGURES.map((f) => `<td>${escapeHtml(formatValue(r.overall[f.key], f.kind))}</td>`).join('')}${ratios}</tr>`;
  });
  const chart = barChart(
    'Retrieval by retriever',
    rate.map((f) => f.label),
    cmp.retrievers.map((r) => ({ name: r.name, values: rate.map((f) => r.overall[f.key]) })),
    { max: 1 },
  );
  const types = Object.keys(cmp.retrievers[0]?.byType ?? {});
  const tags = Object.keys(cmp.retrievers[0]?.byTag ?? {});
  const byType = barChart(
    'hit@5 by question type and retriever',
    [...types, ...tags.map((t) => `#${t}`)],
    cmp.retrievers.map((r) => ({ name: r.name, values: [...types.map((t) => r.byType[t]?.hit5 ?? null), ...tags.map((t) => r.byTag?.[t]?.hit5 ?? null)] })),
    { max: 1 },
  );
  return `<section><h2>Retrievers compared (${cmp.retrievers[0]?.overall.items ?? 0} answerable items)</h2><table class="figures"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table><div class="charts">${chart}${byType}</div></section>`;
}

function againstSection(a: AgainstResult | undefined): string {
  if (!a) return '';
  const rows = a.figures
    .map(
      (d) =>
        `<tr class="${d.better === null ? '' : d.better ? 'better' : 'worse'}"><td>${escapeHtml(d.label)}</td><td>${escapeHtml(formatValue(d.old, d.kind))}</td><td>${escapeHtml(formatValue(d.now, d.kind))}</td><td>${d.delta === null ? '–' : escapeHtml((d.delta >= 0 ? '+' : '') + formatValue(d.delta, d.kind))}</td></tr>`,
    )
    .join('');
  const list = (items: AgainstResult['better']) =>
    items.length
      ? `<ul>${items.map((f) => `<li><code>${escapeHtml(f.id)}</code> [${escapeHtml(f.type)}] ${escapeHtml(f.change)} — ${escapeHtml(f.question)}</li>`).join('')}</ul>`
      : '<p>none</p>';
  return `<section><h2>Against ${escapeHtml(a.oldFile)}</h2><table class="figures"><thead><tr><th>figure</th><th>before</th><th>now</th><th>delta</th></tr></thead><tbody>${rows}</tbody></table><h3>Now pass (${a.better.length})</h3>${list(a.better)}<h3>Now fail (${a.worse.length})</h3>${list(a.worse)}</section>`;
}

function failedRow(r: ItemResult): string {
  const evidence = r.evidence.length ? `<ul>${r.evidence.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>` : '<p class="muted">(none: unanswerable)</p>';
  const retrieved = r.retrieved.length
    ? `<ol>${r.retrieved
        .map(
          (p) =>
            `<li class="${p.hit ? 'hit' : ''}"><span class="src">${escapeHtml(p.docTitle ?? '')} ${escapeHtml(p.label ?? '')}</span>${p.hit ? ' <b>✓ evidence</b>' : ''}<br />${escapeHtml(p.snippet)}</li>`,
        )
        .join('')}</ol>`
    : '<p class="muted">(nothing)</p>';
  const citations = r.citations.length
    ? `<ul class="cites">${r.citations
        .map(
          (c) =>
            `<li class="${c.precise ? '' : 'bad'}">[${c.n}] ${escapeHtml(c.docTitle)} ${escapeHtml(c.article)}${c.containsEvidence ? ' · holds evidence' : ''}${c.supportsSentence ? ' · supports its sentence' : ''}${c.precise ? '' : ' · unsupported'}</li>`,
        )
        .join('')}</ul>`
    : '';
  const answer = `<p><b>${escapeHtml(r.status)}</b>${r.confidence !== undefined ? ` · confidence ${r.confidence.toFixed(3)}` : ''}</p><p class="answer">${escapeHtml(r.answer)}</p>${citations}`;
  return `<tr id="item-${escapeHtml(r.id)}"><td><code>${escapeHtml(r.id)}</code><br />${escapeHtml(r.type)}<br />line ${r.line}</td><td>${escapeHtml(r.question)}</td><td>${evidence}</td><td>${retrieved}</td><td>${answer}</td><td><ul>${r.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul></td></tr>`;
}

function failedSection(report: EvalReport): string {
  const failed = report.items.filter((r) => r.failures.length > 0);
  if (failed.length === 0) return `<section><h2>Failed items</h2><p>None of the ${report.items.length} items failed.</p></section>`;
  return `<section><h2>Failed items (${failed.length} of ${report.items.length})</h2><table class="failed"><thead><tr><th>item</th><th>question</th><th>expected evidence</th><th>retrieved (top ${report.k})</th><th>answer</th><th>why it failed</th></tr></thead><tbody>${failed.map(failedRow).join('')}</tbody></table></section>`;
}

const STYLE = `
body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;font-size:13px}
table.figures td{text-align:right}table.figures td:first-child{text-align:left}tr.total{font-weight:bold;background:#f4f4f4}
tr.tag td{color:#555;font-style:italic}tr.better td{background:#eaf6ec}tr.worse td{background:#fbeaea}
table.failed td{max-width:320px;overflow-wrap:anywhere}table.failed ol,table.failed ul{margin:0;padding-left:18px}
li.hit{background:#eaf6ec}li.bad{color:#b0413e}.src{color:#555;font-size:12px}.muted{color:#888}
.answer{white-space:pre-wrap}.charts{display:flex;flex-wrap:wrap;gap:24px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dt{color:#555}`;

export function renderReportHtml(report: EvalReport, against?: AgainstResult): string {
  const info = Object.entries(report.info)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8" />
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Cewen evaluation · ${escapeHtml(report.set.file)} · ${escapeHtml(report.createdAt)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Cewen evaluation</h1>
<dl><dt>set</dt><dd>${escapeHtml(report.set.file)} (${report.set.items} items)</dd><dt>target</dt><dd>${escapeHtml(report.target)}</dd><dt>k</dt><dd>${report.k}</dd><dt>run at</dt><dd>${escapeHtml(report.createdAt)}</dd>${info}</dl>
<section><h2>Figures</h2>${metricsTable(report)}<p class="muted">Rates are 0–1; hit@k and MRR over answerable items; held back over unanswerable items; wrong over answered items; latency in milliseconds.${report.overall.judged === null ? ' Judged correctness not measured (no LLM configured).' : ''}</p>
<div class="charts">${perTypeChart(report)}${latencyChart(report)}</div></section>
${riskCoverageSection(report)}
${compareSection(report)}
${againstSection(against)}
${failedSection(report)}
</body>
</html>
`;
}
