/**
 * One measurement of `npm run bench -- --scale`, run in a process of its own so its memory figures
 * are its own: `ingest CORPUS_DIR INDEX_DIR [--force]` builds (or reuses) an index and reports the
 * time and peak memory of the build; `serve INDEX_DIR QUESTIONS_FILE N_SEARCH N_ANSWER` loads the
 * index as the server does and reports start-up time, memory, and search and answer latency.
 * Prints one JSON line on stdout; progress goes to stderr.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ensureIndex } from '../embeddings/ensure-index.js';
import { loadIndex } from '../embeddings/index-store.js';
import { readManifest } from '../embeddings/manifest.js';
import { createProgressReporter } from '../embeddings/progress-reporter.js';
import { createAnswerer } from '../server/answer/create-answerer.js';
import { corpusTermStats } from '../server/answer/corpus-stats.js';
import { assembleQueryParts } from '../server/runtime.js';
import { percentile } from './bench-retrieval.js';

const mb = (bytes: number) => Math.round(bytes / 1e6);
/** process.resourceUsage().maxRSS is in kilobytes. */
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1000);

export interface IngestFigures {
  built: boolean;
  ingestMs: number;
  /** Wall time of each build stage (read, tokenise, embed: svd, embed: project, hnsw, …), in order. */
  stagesMs?: Record<string, number>;
  peakRssMb: number | null;
  builtAt: string;
  chunks: number;
  documents: number;
  problems: number;
}

/** Beside the index: how long its last build took here and how much memory it needed. */
const sidecar = (indexDir: string) => `${indexDir}.ingest.json`;

async function ingest(corpusDir: string, indexDir: string, force: boolean): Promise<IngestFigures> {
  const progress = createProgressReporter();
  const t0 = performance.now();
  const stagesMs: Record<string, number> = {};
  let stage = '';
  let since = t0;
  const onProgress: typeof progress.onProgress = (e) => {
    if (e.stage !== stage) {
      const now = performance.now();
      if (stage) stagesMs[stage] = (stagesMs[stage] ?? 0) + (now - since);
      stage = e.stage;
      since = now;
    }
    progress.onProgress(e);
  };
  const { index, built, problems } = await ensureIndex({ corpusDir, indexDir, embedder: { kind: 'local' }, force, onProgress, onLog: progress.log });
  if (stage) stagesMs[stage] = (stagesMs[stage] ?? 0) + (performance.now() - since);
  progress.done();
  const m = index.manifest;
  if (built) {
    const figures: IngestFigures = {
      built: true,
      ingestMs: performance.now() - t0,
      stagesMs,
      peakRssMb: peakMb(),
      builtAt: m.builtAt,
      chunks: m.counts.chunks,
      documents: m.counts.documents,
      problems: problems.length,
    };
    writeFileSync(sidecar(indexDir), JSON.stringify(figures));
    return figures;
  }
  // Reused: the figures of the build that made it, when it was measured here.
  let prev: IngestFigures | undefined;
  try {
    prev = JSON.parse(readFileSync(sidecar(indexDir), 'utf8')) as IngestFigures;
  } catch {
    prev = undefined;
  }
  if (prev && prev.builtAt === m.builtAt) return { ...prev, built: false };
  return { built: false, ingestMs: m.buildMs, peakRssMb: null, builtAt: m.builtAt, chunks: m.counts.chunks, documents: m.counts.documents, problems: m.counts.problems };
}

export interface ServeFigures {
  startupMs: number;
  /** Resident memory with the index loaded and the answerer's statistics built, before any question. */
  rssLoadedMb: number;
  /** After every search and answer. */
  rssAfterMb: number;
  heapUsedMb: number;
  peakRssMb: number;
  search: Record<'hybrid' | 'lexical' | 'dense', { p50: number; p95: number; n: number }>;
  answer: { p50: number; p95: number; n: number };
}

async function serve(indexDir: string, questionsFile: string, nSearch: number, nAnswer: number): Promise<ServeFigures> {
  const questions = readFileSync(questionsFile, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const t0 = performance.now();
  const manifest = readManifest(indexDir);
  if (!manifest) throw new Error(`No index at ${indexDir}.`);
  const index = await loadIndex(indexDir);
  const parts = assembleQueryParts(index);
  const answerer = createAnswerer({ store: parts.store, retriever: parts.retriever });
  // The answerer's term statistics are built at start-up in the server too.
  await corpusTermStats(parts.store);
  const startupMs = performance.now() - t0;
  const rssLoadedMb = mb(process.memoryUsage().rss);

  const pick = (n: number) => Array.from({ length: n }, (_, i) => questions[i % questions.length]);
  // An untimed round per retriever so lazy set-up (JIT, first HNSW search, caches) stays out of the figures.
  for (const q of questions.slice(0, 20)) {
    for (const r of Object.values(parts.retrievers)) await r.search(q, 10);
    await answerer.answer({ question: q });
  }
  const search = {} as ServeFigures['search'];
  for (const name of ['hybrid', 'lexical', 'dense'] as const) {
    const times: number[] = [];
    for (const q of pick(nSearch)) {
      const s = performance.now();
      await parts.retrievers[name].search(q, 10);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    search[name] = { p50: percentile(times, 50), p95: percentile(times, 95), n: times.length };
  }
  const times: number[] = [];
  for (const q of pick(nAnswer)) {
    const s = performance.now();
    await answerer.answer({ question: q });
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return {
    startupMs,
    rssLoadedMb,
    rssAfterMb: mb(process.memoryUsage().rss),
    heapUsedMb: mb(process.memoryUsage().heapUsed),
    peakRssMb: peakMb(),
    search,
    answer: { p50: percentile(times, 50), p95: percentile(times, 95), n: times.length },
  };
}

const [mode, ...args] = process.argv.slice(2);
try {
  let out: unknown;
  if (mode === 'ingest') out = await ingest(args[0], args[1], args.includes('--force'));
  else if (mode === 'serve') out = await serve(args[0], args[1], Number(args[2]), Number(args[3]));
  else throw new Error(`unknown mode ${mode}`);
  process.stdout.write(`${JSON.stringify(out)}\n`);
} catch (e) {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
}
