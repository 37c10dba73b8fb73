/**
 * Retrieval figures for `npm run bench`: quality on an evaluation set (hit@1, hit@5, MRR@10 for the
 * naive baseline, lexical, dense and hybrid side by side, overall and per tag), and speed (ingest,
 * start-up, search latency, memory, HNSW recall against brute force).
 *
 * eval/sets/dev.jsonl is our development set: the retrieval parameters were tuned on it
 * (docs/design.md), so its figures are optimistic for unseen questions.
 */
import type { Retriever } from '../server/types.js';
import { firstHitRank, reciprocalRank } from './metrics.js';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex } from '../embeddings/build-index.js';
import { ensureServerBundle, SERVER_BUNDLE } from '../server/build-if-stale.js';
import { loadCorpus } from '../embeddings/corpus/load-corpus.js';
import { corpusFingerprint } from '../embeddings/manifest.js';
import { createProgressReporter } from '../embeddings/progress-reporter.js';
import type { Config } from '../server/config.js';
import { DEFAULT_HYBRID, hybridRetriever, plainRetrievers, sourcesOf, type HybridOptions } from '../server/retrieval/retrievers.js';
import { openQueryParts, type OpenedIndex } from '../server/runtime.js';
import { RetrievalContext } from '../server/retrieval/retrieval-context.js';
import { freePort } from './free-port.js';
import { NaiveBaseline } from './naive-baseline.js';

export interface BenchItem {
  id: string;
  question: string;
  evidence: string[];
  type: string;
  tags: string[];
}

/** Answerable items of a JSONL set (unanswerable ones have no evidence to find). */
export function readBenchItems(file: string): BenchItem[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as BenchItem)
    .map((i) => ({ ...i, tags: i.tags ?? [] }))
    .filter((i) => i.evidence.length > 0);
}

export interface QualityRow {
  name: string;
  items: number;
  hit1: number;
  hit5: number;
  hit10: number;
  mrr10: number;
  /** Ranks per item id (null: not in the top 10). */
  ranks: Map<string, number | null>;
}

export type SearchTexts = (query: string, k: number) => Promise<string[]>;

export function fromRetriever(r: Retriever): SearchTexts {
  return async (q, k) => (await r.search(q, k)).hits.map((h) => h.chunk.text);
}

export function fromBaseline(b: NaiveBaseline): SearchTexts {
  return async (q, k) => b.search(q, k).map((p) => p.text);
}

export async function measureQuality(name: string, search: SearchTexts, items: BenchItem[]): Promise<QualityRow> {
  const ranks = new Map<string, number | null>();
  for (const item of items) ranks.set(item.id, firstHitRank(await search(item.question, 10), item.evidence, 10));
  return summarise(name, items, ranks);
}

export function summarise(name: string, items: BenchItem[], ranks: Map<string, number | null>): QualityRow {
  let hit1 = 0;
  let hit5 = 0;
  let hit10 = 0;
  let mrr = 0;
  for (const item of items) {
    const r = ranks.get(item.id) ?? null;
    if (r !== null && r <= 1) hit1++;
    if (r !== null && r <= 5) hit5++;
    if (r !== null && r <= 10) hit10++;
    mrr += reciprocalRank(r, 10);
  }
  const n = items.length || 1;
  return { name, items: items.length, hit1: hit1 / n, hit5: hit5 / n, hit10: hit10 / n, mrr10: mrr / n, ranks };
}

export function formatQuality(title: string, rows: QualityRow[]): string {
  const head = `${title} (${rows[0]?.items ?? 0} items)`;
  const lines = rows.map((r) => `  ${r.name.padEnd(22)} hit@1 ${r.hit1.toFixed(3)}   hit@5 ${r.hit5.toFixed(3)}   hit@10 ${r.hit10.toFixed(3)}   MRR@10 ${r.mrr10.toFixed(3)}`);
  return [head, ...lines].join('\n');
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

// ---------------------------------------------------------------------------------------------
// The retrieval section of `npm run bench`.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RetrievalBenchOptions {
  set: string;
  /** Skip the timed rebuild and the server start (quality and in-process latency only). */
  quick?: boolean;
  log?: (line: string) => void;
}

/** Every figure of the retrieval section, printed as it is measured. */
export async function runRetrievalBench(config: Config, opts: RetrievalBenchOptions): Promise<void> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const progress = createProgressReporter();
  const opened = await openQueryParts(config, { onProgress: progress.onProgress, onLog: progress.log });
  progress.done();
  log(`Index ${config.indexDir}: ${opened.indexInfo.documents} documents, ${opened.indexInfo.chunks} chunks, ${opened.indexInfo.embedder}`);

  await qualitySection(config, opened, opts.set, log);
  await latencySection(opened, opts.set, log);
  await hnswSection(opened, opts.set, log);
  if (!opts.quick) {
    await ingestSection(config, log);
    await serverSection(config, log);
  }
}

/** The shipped retrievers beside the baseline and the variants the design note discusses. */
async function qualitySection(config: Config, opened: OpenedIndex, set: string, log: (l: string) => void): Promise<void> {
  const items = readBenchItems(set);
  const ctx = new RetrievalContext(opened.index);
  const bare = new RetrievalContext(opened.index, { expand: false });
  const { lexical, dense } = opened.retrievers;
  const noExpansion = plainRetrievers(bare);
  const variant = (o: Partial<HybridOptions>) => hybridRetriever(ctx, sourcesOf(ctx), { ...DEFAULT_HYBRID, ...o });
  const naive = await NaiveBaseline.build(config.corpusDir);
  const rows: [string, SearchTexts][] = [
    [`naive (BM25, ${naive.size} windows)`, fromBaseline(naive)],
    ['lexical, no expansion', fromRetriever(noExpansion.lexical)],
    ['lexical', fromRetriever(lexical)],
    ['dense, no expansion', fromRetriever(noExpansion.dense)],
    ['dense', fromRetriever(dense)],
    ['hybrid, no rerank', fromRetriever(variant({ coverageWeight: 0, answerTypeWeight: 0 }))],
    ['hybrid + dense 0.2 (weighted)', fromRetriever(variant({ denseWeight: 0.2 }))],
    ['hybrid + dense 0.1 (weighted)', fromRetriever(variant({ denseWeight: 0.1 }))],
    ['hybrid + dense 0.05 (weighted)', fromRetriever(variant({ denseWeight: 0.05 }))],
    ['hybrid + dense (RRF 1:1)', fromRetriever(variant({ fusion: 'rrf', denseWeight: 1 }))],
    [`hybrid (shipped)`, fromRetriever(opened.retrievers.hybrid)],
  ];
  const measured: QualityRow[] = [];
  for (const [name, search] of rows) measured.push(await measureQuality(name, search, items));
  log('');
  log(formatQuality(`Retrieval quality on ${path.relative(ROOT, set)} (dev set: parameters were tuned on it)`, measured));
  for (const tag of ['paraphrase', 'article-ref', 'docno-variant']) {
    const sub = items.filter((i) => i.tags.includes(tag));
    if (sub.length)
      log(
        formatQuality(
          `  only items tagged "${tag}"`,
          measured.map((r) => summarise(r.name, sub, r.ranks)),
        ),
      );
  }
}

async function latencySection(opened: OpenedIndex, set: string, log: (l: string) => void): Promise<void> {
  const questions = readBenchItems(set).map((i) => i.question);
  log('');
  log(`Search latency in-process, k=10, ${questions.length} questions × 3 rounds (after one warm-up round)`);
  for (const [name, r] of Object.entries(opened.retrievers)) {
    // Without labelled questions the learned ranking is the hybrid itself.
    if (r === opened.retrievers.learned && r.status.state !== 'ready') continue;
    for (const q of questions) await r.search(q, 10);
    const times: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const q of questions) {
        const t = performance.now();
        await r.search(q, 10);
        times.push(performance.now() - t);
      }
    }
    times.sort((a, b) => a - b);
    log(`  ${name.padEnd(10)} p50 ${percentile(times, 50).toFixed(2)} ms   p95 ${percentile(times, 95).toFixed(2)} ms   max ${times[times.length - 1].toFixed(1)} ms`);
  }
}

/** HNSW against an exact cosine scan over the same stored vectors, at the retriever's search breadth. */
async function hnswSection(opened: OpenedIndex, set: string, log: (l: string) => void): Promise<void> {
  const index = opened.index.vectors;
  const n = index.size;
  const vectors = Array.from({ length: n }, (_, i) => Float32Array.from(index.vector(i)));
  const questions = readBenchItems(set).map((i) => i.question);
  const queries = [...(await opened.index.embeddings.embedDocuments(questions)), ...Array.from({ length: 200 }, (_, i) => Array.from(vectors[Math.floor((i * 7919) % n)]))].filter((q) =>
    q.some((x) => x !== 0),
  );
  let found = 0;
  for (const q of queries) {
    let qn = 0;
    for (const x of q) qn += x * x;
    qn = Math.sqrt(qn);
    const exact = vectors
      .map((v, i) => {
        let dot = 0;
        for (let j = 0; j < v.length; j++) dot += v[j] * q[j];
        return { i, s: dot / qn };
      })
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, 10);
    const want = new Set(exact.map((e) => e.i));
    const got = await index.nearest(q, 10);
    found += got.filter((g) => want.has(g.label)).length;
  }
  log('');
  log(`HNSW recall@10 against brute-force cosine: ${(found / (queries.length * 10)).toFixed(4)} (${queries.length} queries: dev questions and stored chunks; ${n} vectors)`);
}

/** A full rebuild of the corpus into a scratch folder, timed by stage. */
async function ingestSection(config: Config, log: (l: string) => void): Promise<void> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cewen-bench-ingest-'));
  const stages = new Map<string, number>();
  let stage = '';
  let at = performance.now();
  const onProgress = (e: { stage: string }) => {
    if (e.stage === stage) return;
    const now = performance.now();
    if (stage) stages.set(stage, (stages.get(stage) ?? 0) + now - at);
    stage = e.stage;
    at = now;
  };
  try {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const fp = corpusFingerprint(config.corpusDir);
    const corpus = await loadCorpus(config.corpusDir, { onProgress });
    const manifest = await buildIndex(corpus, path.join(out, 'index'), {
      embedder: config.embeddings,
      source: { dir: config.corpusDir, fingerprint: fp.fingerprint, files: fp.files },
      onProgress,
    });
    onProgress({ stage: '' });
    const total = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const size = dirSize(path.join(out, 'index'));
    log('');
    log(
      `Full ingest of ${config.corpusDir}: ${(total / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU (${manifest.counts.documents} documents, ${manifest.counts.chunks} chunks; index ${(size / 1e6).toFixed(1)} MB on disk)`,
    );
    log(
      `  machine load average while measuring: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')} (1/5/15 min, ${os.cpus().length} cores) — wall times stretch with it`,
    );
    log(`  by stage: ${[...stages].map(([s, ms]) => `${s} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The real server as `npm start` runs it (the compiled dist/server.mjs) on the built index: time to first /api/health, then memory. */
async function serverSection(config: Config, log: (l: string) => void): Promise<void> {
  await ensureServerBundle(SERVER_BUNDLE, log);
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), INDEX_DIR: config.indexDir, CORPUS_DIR: config.corpusDir };
  const t0 = performance.now();
  const child = spawn(process.execPath, [SERVER_BUNDLE], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`dist/server.mjs exited:\n${out}`);
      const ok = await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (performance.now() - t0 > 120_000) throw new Error(`dist/server.mjs did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const startMs = performance.now() - t0;
    const loaded = /loaded in ([\d.]+) s/.exec(out)?.[1];
    const serverMs: number[] = [];
    const search = (query: string) =>
      fetch(`${url}/api/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, k: 10 }) })
        .then(async (r) => {
          if (!r.ok) throw new Error(`POST /api/search answered ${r.status}: ${await r.text()}`);
          return r.json() as Promise<{ tookMs: number }>;
        })
        .then((j) => serverMs.push(j.tookMs));
    // The server loads the segmenter right after it starts listening; give it that second.
    await new Promise((r) => setTimeout(r, 1000));
    const tFirst = performance.now();
    await search('第一次查询');
    const firstMs = performance.now() - tFirst;
    const times: number[] = [];
    for (const q of ['开公司需要什么条件', '小微企业所得税优惠', '国办发(2024)3号是什么文件', '市场主体登记管理条例第43条', '残保金怎么交']) {
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        await search(q);
        times.push(performance.now() - t);
      }
    }
    times.sort((a, b) => a - b);
    const rss = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1];
    log('');
    log(
      `Server start-up with the built index: ${(startMs / 1000).toFixed(2)} s to the first /api/health answer (process start, module loading and index load${loaded ? `; index load alone ${loaded} s` : ''})`,
    );
    log(`Server memory with the index loaded, after 50 searches: RSS ${rss ? `${(Number(rss) / 1024).toFixed(0)} MB` : 'n/a (no /proc)'}`);
    const handler = serverMs.slice(1).sort((a, b) => a - b);
    log(
      `POST /api/search over HTTP on loopback, k=10: first ${firstMs.toFixed(1)} ms, then p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (50 requests; the route's own tookMs p50 ${percentile(handler, 50).toFixed(1)} ms, p95 ${percentile(handler, 95).toFixed(1)} ms)`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

function dirSize(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirSize(p) : fs.statSync(p).size;
  }
  return total;
}
