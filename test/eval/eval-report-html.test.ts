import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { compareReports } from '../../eval/compare.js';
import { createInProcessTarget } from '../../eval/in-process-target.js';
import { loadSet } from '../../eval/load-set.js';
import { buildReport } from '../../eval/report.js';
import { escapeHtml, renderReportHtml } from '../../eval/report-html.js';
import { runSet } from '../../eval/run-set.js';
import { MINI_SET, createFakeAnswerer, createFakeParts } from './eval-fakes.js';

const VOID = new Set(['meta', 'br', 'link', 'img', 'input', 'hr']);

/** Checks that every tag is closed in order, and that no raw < or > is left in text. */
function tagBalanceProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = html.replace(/^<!DOCTYPE html>/i, '');
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>/g;
  let last = 0;
  for (const m of body.matchAll(tag)) {
    const between = body.slice(last, m.index);
    if (/[<>]/.test(between)) problems.push(`raw < or > in text: ${between.slice(0, 60)}`);
    last = m.index! + m[0].length;
    const [, closing, nameRaw, , selfClosing] = m;
    const name = nameRaw.toLowerCase();
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else if (!selfClosing && !VOID.has(name)) {
      stack.push(name);
    }
  }
  if (/[<>]/.test(body.slice(last))) problems.push('raw < or > after the last tag');
  if (stack.length) problems.push(`unclosed: ${stack.join(' ')}`);
  return problems;
}

async function failingReport() {
  const parts = createFakeParts();
  // An answerer that never refuses: both unanswerable items fail and land in the failed table.
  const target = createInProcessTarget({
    store: parts.store,
    retrievers: parts.retrievers,
    primary: 'hybrid',
    baseline: 'lexical',
    answerer: createFakeAnswerer(parts.retrievers.hybrid, -1),
  });
  const run = await runSet(await loadSet(MINI_SET), target, { k: 5, compare: true });
  return buildReport(run, { setFile: 'mini.jsonl', target: 'in-process', primary: 'hybrid', baseline: 'lexical', k: 5, info: { model: '<b>x</b>' } });
}

describe('HTML report', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
  });

  it('is well-formed, self-contained, and escapes questions', async () => {
    const report = await failingReport();
    const html = renderReportHtml(report);
    expect(tagBalanceProblems(html)).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;移民火星有没有补贴？');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    // Nothing is loaded from elsewhere.
    expect(html).not.toMatch(/\s(?:src|href)="(?!#)/);
    // Figures by type, latency, retrievers, hit@5 by type, and the risk–coverage curve.
    expect((html.match(/<svg /g) ?? []).length).toBe(5);
    expect(html).toContain('Risk–coverage (8 items)');
  });

  it('shows the failed items as text in a real browser, with no script run', async () => {
    const report = await failingReport();
    const failed = report.items.filter((r) => r.failures.length);
    const old = { ...report, items: report.items.map((r) => ({ ...r, failures: [] })) };
    const html = renderReportHtml(report, compareReports(old, report, 'old.json'));
    const dir = await mkdtemp(path.join(tmpdir(), 'cewen-eval-html-'));
    const file = path.join(dir, 'report.html');
    await writeFile(file, html);

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    try {
      const page = await browser.newPage();
      let dialogs = 0;
      page.on('dialog', async (d) => {
        dialogs++;
        await d.dismiss();
      });
      await page.goto(pathToFileURL(file).toString());
      const state = await page.evaluate(() => ({
        scripts: document.querySelectorAll('script').length,
        bold: Array.from(document.querySelectorAll('dd b')).length,
        rows: Array.from(document.querySelectorAll('table.failed tbody tr')).map((tr) => ({
          id: tr.id,
          question: tr.children[1].textContent,
        })),
        svgs: document.querySelectorAll('svg').length,
        headings: Array.from(document.querySelectorAll('h2')).map((h) => h.textContent),
      }));
      expect(state.scripts).toBe(0);
      expect(state.bold).toBe(0);
      expect(dialogs).toBe(0);
      expect(state.rows.map((r) => r.id)).toEqual(failed.map((r) => `item-${r.id}`));
      expect(state.rows.map((r) => r.question)).toContain("<script>alert('x')</script>移民火星有没有补贴？");
      expect(state.svgs).toBe(5);
      expect(state.headings).toEqual(['Figures', 'Risk–coverage (8 items)', 'Retrievers compared (6 answerable items)', 'Against old.json', `Failed items (${failed.length} of 8)`]);
    } finally {
      await browser.close();
    }
  });
});
