/**
 * `npm run bench -- --uploads`: how long an upload takes to become searchable, through the server's own
 * parts (server/runtime.ts with a temporary UPLOADS_DIR, so nothing of the real library changes):
 *   - a 20-page PDF printed by Chromium (skipped, with a sentence, when /usr/bin/chromium is missing);
 *   - 100 small text files in one change.
 * "Searchable" is measured from the start of the upload to the first search whose top result is the new
 * document; each figure is the median of three runs (each run's documents removed again after it).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../server/config.js';
import { openRuntime, type Runtime } from '../server/runtime.js';

const CHROMIUM = '/usr/bin/chromium';
const RUNS = 3;

/** A PDF of `pages` A4 pages printed by Chromium from Chinese HTML, one invented policy per page. */
async function printedPdf(pages: number): Promise<Uint8Array> {
  const { chromium } = await import('playwright-core');
  const body = Array.from(
    { length: pages },
    (_, p) =>
      `<section style="page-break-after:always"><h2>第${p + 1}部分</h2>${Array.from({ length: 18 }, (_, i) => `<p>第${p * 18 + i + 1}条 示范市对第${p + 1}类社区服务设施的第${i + 1}项建设给予补助，标准为每处${(p + 1) * 100 + i}元，由星河街道办事处受理申请。</p>`).join('')}</section>`,
  );
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><h1>示范市星河街道社区服务设施建设补助办法</h1>${body.join('')}</body></html>`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html);
    return new Uint8Array(await page.pdf({ format: 'A4' }));
  } finally {
    await browser.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Milliseconds from the upload to a search that finds an added document on top. */
async function timeToSearchable(runtime: Runtime, files: { name: string; bytes: Uint8Array }[], question: string): Promise<{ ms: number; documents: string[] }> {
  const t0 = performance.now();
  const added = await runtime.library.add(files);
  if (added.documents.length === 0) throw new Error(`nothing was added: ${added.skipped.map((s) => s.error).join(' ')}`);
  const deps = runtime.appDeps();
  for (;;) {
    const { hits } = await deps.retriever!.search(question, 1);
    if (hits[0] && added.documents.some((d) => d.id === hits[0].doc.id)) break;
    if (performance.now() - t0 > 60_000) throw new Error(`not searchable after 60 s: ${question}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { ms: performance.now() - t0, documents: added.documents.map((d) => d.id) };
}

export async function runUploadBench(config: Config): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cewen-bench-uploads-'));
  try {
    const runtime = await openRuntime({ ...config, uploadsDir: dir });
    runtime.appDeps();
    await runtime.answerer.warmUp?.();
    console.log(`\nUpload to searchable (${runtime.indexInfo.documents} documents in the index; median of ${RUNS} runs)`);

    if (existsSync(CHROMIUM)) {
      const pdf = await printedPdf(20);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await timeToSearchable(runtime, [{ name: 'bench-20-pages.pdf', bytes: pdf }], '星河街道的社区服务设施建设补助由谁受理？');
        times.push(r.ms);
        for (const id of r.documents) await runtime.library.remove(id);
      }
      console.log(`  20-page PDF (${(pdf.length / 1024).toFixed(0)} KB)      ${median(times).toFixed(0)} ms`);
    } else {
      console.log(`  20-page PDF: skipped (${CHROMIUM} is missing; it prints the PDF)`);
    }

    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const files = Array.from({ length: 100 }, (_, i) => ({
        name: `notice-${run}-${i}.txt`,
        bytes: new TextEncoder().encode(`关于第${run}批第${i}号社区微更新项目的通知\n一、第${run}批第${i}号社区微更新项目补助${1000 + i}元。\n二、本通知自印发之日起施行。`),
      }));
      const r = await timeToSearchable(runtime, files, `第${run}批第0号社区微更新项目补助多少钱？`);
      times.push(r.ms);
      for (const id of r.documents) await runtime.library.remove(id);
    }
    console.log(`  100 small text files, one change  ${median(times).toFixed(0)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
