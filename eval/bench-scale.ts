/**
 * `npm run bench -- --scale [--scales 1,3,10] [--no-stard] [--rebuild] [--searches N] [--answers N]`
 *
 * The cost curve as the corpus grows: for the bundled corpus as shipped (.txt pipeline), synthetic
 * corpora of 1×, 3× and 10× its articles (eval/scale-corpus.ts) and the 58,530-article STARD corpus,
 * each ingested and served in a process of its own (eval/bench-scale-child.ts): ingest time and peak
 * memory, index size on disk, server memory, search p50/p95 at k=10, answer p50/p95 (extractive).
 * Indexes live in data/bench/ and are reused while up to date (their build figures were recorded when
 * they were built here); --rebuild measures every build afresh. Growth is the slope of log(cost)
 * against log(chunks) over the synthetic points, and the corpus size at which each target would be
 * crossed is extrapolated from it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../embeddings/corpus/load-corpus.js';
import { corpusFingerprint } from '../embeddings/manifest.js';
import { loadConfig } from '../server/config.js';
import type { IngestFigures, ServeFigures } from './bench-scale-child.js';
import { checkStardDir, corpusFile, DEFAULT_STARD_DIR, loadQueries } from './benchmarks/stard-data.js';
import { DEFAULT_BENCH_DIR, stageCorpusFile } from './benchmarks/stard-index.js';
import { writeScaledCorpus } from './scale-corpus.js';

const CHILD = fileURLToPath(new URL('./bench-scale-child.ts', import.meta.url));
const SCALE_CODE = fileURLToPath(new URL('./scale-corpus.ts', import.meta.url));

/** The targets of the scale figures (issue: 58,530 articles on this 2-core machine). */
export const TARGETS = { ingestMs: 5 * 60_000, peakRssMb: 3000, searchP95Ms: 50 };

interface Point {
  name: string;
  /** Multiple of the bundled corpus (synthetic points), for the growth fit. */
  scale?: number;
  corpusDir: string;
  indexDir: string;
  questionsFile: string;
}

interface PointFigures extends Point {
  ingest: IngestFigures;
  serve: ServeFigures;
  indexBytes: number;
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/** Runs the child with this process's loader flags (tsx) and returns its JSON line. */
function child<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    p.on('error', reject);
    p.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line) reject(new Error(`${path.basename(CHILD)} ${args[0]} failed (exit ${code})`));
      else resolve(JSON.parse(line) as T);
    });
  });
}

/** Least-squares slope of log(y) on log(x): 1 is linear, 0 constant. */
export function logSlope(xs: readonly number[], ys: readonly number[]): number {
  const pts = xs.map((x, i) => [Math.log(x), Math.log(ys[i])]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  let num = 0;
  let den = 0;
  for (const [a, b] of pts) {
    num += (a - mx) * (b - my);
    den += (a - mx) ** 2;
  }
  return den ? num / den : NaN;
}

export function describeSlope(b: number): string {
  if (!Number.isFinite(b)) return 'n/a';
  if (b < 0.2) return `about constant (slope ${b.toFixed(2)})`;
  if (b < 0.8) return `sub-linear (slope ${b.toFixed(2)})`;
  if (b < 1.2) return `linear (slope ${b.toFixed(2)})`;
  return `super-linear (slope ${b.toFixed(2)})`;
}

/**
 * The cost of 10,000 more chunks between two measured points, and the corpus size at which the cost
 * reaches `limit` if it keeps growing at that rate (Infinity when it does not grow).
 */
export function marginal(prev: { n: number; v: number }, last: { n: number; v: number }, limit?: number): { per10k: number; at: number } {
  const per10k = ((last.v - prev.v) / (last.n - prev.n)) * 10_000;
  const at = limit === undefined || !(per10k > 0) ? Infinity : last.n + Math.max(0, (limit - last.v) / per10k) * 10_000;
  return { per10k, at };
}

const USAGE = `Usage: npm run bench -- --scale [--scales 1,3,10] [--no-stard] [--rebuild] [--searches N] [--answers N]`;

export async function runScaleBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'boolean' },
      scales: { type: 'string', default: '1,3,10' },
      'no-stard': { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
      searches: { type: 'string', default: '300' },
      answers: { type: 'string', default: '30' },
      'bench-dir': { type: 'string', default: DEFAULT_BENCH_DIR },
      'stard-dir': { type: 'string', default: DEFAULT_STARD_DIR },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const scales = values
    .scales!.split(',')
    .map(Number)
    .filter((k) => Number.isInteger(k) && k >= 1);
  const searches = Number(values.searches);
  const answers = Number(values.answers);
  const benchDir = path.resolve(values['bench-dir']!);
  const config = loadConfig();
  mkdirSync(benchDir, { recursive: true });
  const log = (line: string) => process.stderr.write(`${line}\n`);

  // Questions: the project's own set for the bundled corpus, the STARD test split for STARD.
  const devQuestions = path.join(benchDir, 'questions-dev.txt');
  writeFileSync(
    devQuestions,
    readFileSync(path.join('eval', 'sets', 'dev.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { question: string }).question)
      .join('\n'),
  );

  const points: Point[] = [{ name: 'bundled .txt 1×', corpusDir: config.corpusDir, indexDir: path.join(benchDir, 'scale-txt-1x', 'index'), questionsFile: devQuestions }];
  const source = corpusFingerprint(config.corpusDir).fingerprint;
  const scaleCode = readFileSync(SCALE_CODE, 'utf8');
  let bundled: Awaited<ReturnType<typeof loadCorpus>> | undefined;
  for (const k of scales) {
    const base = path.join(benchDir, `scale-${k}x`);
    const corpusDir = path.join(base, 'corpus');
    const stamp = path.join(base, 'source.json');
    const want = JSON.stringify({ source, k, code: scaleCode.length + ':' + scaleCode.slice(0, 64) });
    if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== want || !existsSync(corpusDir)) {
      bundled ??= await loadCorpus(config.corpusDir);
      log(`Writing the ${k}× corpus (${bundled.documents.length * k} documents)…`);
      const { rows } = await writeScaledCorpus(bundled.documents, k, corpusDir);
      writeFileSync(stamp, want);
      log(`  ${rows} articles`);
    }
    points.push({ name: `bundled JSONL ${k}×`, scale: k, corpusDir, indexDir: path.join(base, 'index'), questionsFile: devQuestions });
  }
  if (!values['no-stard']) {
    const stardDir = values['stard-dir']!;
    checkStardDir(stardDir);
    const corpusDir = path.join(benchDir, 'stard-full', 'corpus');
    stageCorpusFile(corpusFile(stardDir, 'full'), corpusDir);
    const q = path.join(benchDir, 'questions-stard-test.txt');
    writeFileSync(
      q,
      loadQueries(stardDir, 'test')
        .map((x) => x.question)
        .join('\n'),
    );
    points.push({ name: 'STARD 58,530 articles', corpusDir, indexDir: path.join(benchDir, 'stard-full', 'index'), questionsFile: q });
  }

  const results: PointFigures[] = [];
  for (const p of points) {
    log(`\n== ${p.name}: ingest (${path.relative(process.cwd(), p.indexDir)})`);
    const ingest = await child<IngestFigures>(['ingest', p.corpusDir, p.indexDir, ...(values.rebuild ? ['--force'] : [])]);
    log(`== ${p.name}: serve (${searches} searches per retriever, ${answers} answers)`);
    const serve = await child<ServeFigures>(['serve', p.indexDir, p.questionsFile, String(searches), String(answers)]);
    results.push({ ...p, ingest, serve, indexBytes: dirBytes(p.indexDir) });
  }

  const text = formatScale(results);
  process.stdout.write(`\n${text}\n`);
  const out = path.resolve('eval', 'out', 'bench-scale.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ createdAt: new Date().toISOString(), targets: TARGETS, points: results }, null, 1)}\n`);
  process.stdout.write(`Figures: ${path.relative(process.cwd(), out)}\n`);
  return 0;
}

const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fmtMs = (ms: number) => `${ms.toFixed(1)}`;

export function formatScale(rows: readonly PointFigures[]): string {
  const head = ['corpus', 'chunks', 'ingest', 'peak MB', 'index MB', 'start-up', 'server MB', 'hybrid p50/p95 ms', 'lexical p95', 'dense p95', 'answer p50/p95 ms'];
  const body = rows.map((r) => [
    r.name,
    String(r.ingest.chunks),
    `${fmtS(r.ingest.ingestMs)}${r.ingest.built ? '' : '*'}`,
    r.ingest.peakRssMb === null ? 'n/a' : String(r.ingest.peakRssMb),
    (r.indexBytes / 1e6).toFixed(0),
    fmtS(r.serve.startupMs),
    String(r.serve.rssAfterMb),
    `${fmtMs(r.serve.search.hybrid.p50)} / ${fmtMs(r.serve.search.hybrid.p95)}`,
    fmtMs(r.serve.search.lexical.p95),
    fmtMs(r.serve.search.dense.p95),
    `${r.serve.answer.p50.toFixed(0)} / ${r.serve.answer.p95.toFixed(0)}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`;
  const out = ['Cost as the corpus grows (one process per measurement; search at k=10)', line(head), ...body.map(line)];
  if (rows.some((r) => !r.ingest.built))
    out.push('  * index reused: ingest time and peak memory are those recorded when it was built (n/a: built by another command; --rebuild to measure)');

  const staged = rows.filter((r) => r.ingest.stagesMs && Object.keys(r.ingest.stagesMs).length);
  if (staged.length) {
    out.push('', 'Ingest by stage (wall time):');
    for (const r of staged) {
      out.push(
        `  ${r.name.padEnd(22)} ${Object.entries(r.ingest.stagesMs!)
          .filter(([, ms]) => ms >= 50)
          .map(([st, ms]) => `${st} ${fmtS(ms)}`)
          .join(' · ')}`,
      );
    }
  }

  const synth = rows.filter((r) => r.scale !== undefined);
  if (synth.length >= 2) {
    const n = synth.map((r) => r.ingest.chunks);
    const last = synth[synth.length - 1];
    const metrics: { name: string; get: (r: PointFigures) => number | null; limit?: number; unit: string }[] = [
      { name: 'ingest time', get: (r) => r.ingest.ingestMs, limit: TARGETS.ingestMs, unit: 'ms' },
      { name: 'ingest peak memory', get: (r) => r.ingest.peakRssMb, limit: TARGETS.peakRssMb, unit: 'MB' },
      { name: 'index size', get: (r) => r.indexBytes / 1e6, unit: 'MB' },
      { name: 'server memory', get: (r) => r.serve.rssAfterMb, unit: 'MB' },
      { name: 'hybrid search p95', get: (r) => r.serve.search.hybrid.p95, limit: TARGETS.searchP95Ms, unit: 'ms' },
      { name: 'lexical search p95', get: (r) => r.serve.search.lexical.p95, unit: 'ms' },
      { name: 'dense search p95', get: (r) => r.serve.search.dense.p95, unit: 'ms' },
      { name: 'answer p95', get: (r) => r.serve.answer.p95, unit: 'ms' },
    ];
    out.push('', `Growth over the synthetic points (${synth.map((r) => `${r.scale}×`).join(', ')}: ${n.join(', ')} chunks), slope of log(cost) on log(chunks):`);
    for (const m of metrics) {
      const ys = synth.map(m.get);
      if (ys.some((y) => y === null)) {
        out.push(`  ${m.name.padEnd(20)} n/a (a reused index without recorded figures)`);
        continue;
      }
      const b = logSlope(n, ys as number[]);
      // Fixed costs (start-up, dictionaries, the capped SVD) flatten the slope at small sizes; the
      // marginal cost between the two largest points is what the next documents will cost.
      const prev = synth[synth.length - 2];
      const { per10k, at } = marginal({ n: prev.ingest.chunks, v: m.get(prev) as number }, { n: last.ingest.chunks, v: m.get(last) as number }, m.limit);
      let note = `; ${per10k >= 0 ? '+' : ''}${per10k.toFixed(Math.abs(per10k) >= 10 ? 0 : 1)} ${m.unit} per 10k chunks between ${prev.scale}× and ${last.scale}×`;
      if (Number.isFinite(at)) note += `; at that rate ${m.limit} ${m.unit} at about ${Math.round(at).toLocaleString('en-US')} chunks`;
      out.push(`  ${m.name.padEnd(20)} ${describeSlope(b)}${note}`);
    }
  }
  const stard = rows.find((r) => r.scale === undefined && r.name.startsWith('STARD'));
  if (stard) {
    const ok = (v: number | null, limit: number) => (v === null ? 'not measured' : v <= limit ? 'met' : 'missed');
    out.push(
      '',
      `Targets on the STARD corpus (${stard.ingest.chunks} chunks): ingest ≤ 5 min: ${ok(stard.ingest.ingestMs, TARGETS.ingestMs)} (${fmtS(stard.ingest.ingestMs)}); ` +
        `peak memory ≤ 3 GB: ${ok(stard.ingest.peakRssMb, TARGETS.peakRssMb)} (${stard.ingest.peakRssMb ?? 'n/a'} MB); ` +
        `hybrid search p95 ≤ 50 ms: ${ok(stard.serve.search.hybrid.p95, TARGETS.searchP95Ms)} (${fmtMs(stard.serve.search.hybrid.p95)} ms)`,
    );
  }
  return out.join('\n');
}

// Run directly (`npx tsx eval/bench-scale.ts`) as well as from cli/bench.ts --scale.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runScaleBench(process.argv.slice(2));
}
