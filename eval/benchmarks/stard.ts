/**
 * `npm run eval -- --benchmark stard [--split test|train|all] [--corpus full|golddocs] [--limit N]
 *  [--answers N] [--rebuild] [--out FILE] [--stard-dir DIR] [--bench-dir DIR]`
 *
 * STARD / LeCoQA, an external statute-retrieval benchmark (../shared/benchmarks/stard_lecoqa/SOURCE.md):
 * indexes the benchmark corpus with the product's own pipeline in data/bench/stard-<corpus>/ (reused
 * while up to date), runs the questions through lexical-only, dense-only and hybrid retrieval and the
 * benchmark's reference (BM25 over character bigrams), and prints Recall@1/5/10/20/100, Hit@10 and
 * MRR@100 side by side. With --answers N it also answers N test questions with the configured answer
 * model and reports how often a citation names a gold article.
 *
 * Retrieval parameters are tuned on the train split only; the test split is for reporting.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readJsonlFile } from '../../embeddings/corpus/load-jsonl.js';
import { createProgressReporter } from '../../embeddings/progress-reporter.js';
import { loadConfig } from '../../server/config.js';
import type { ArticleTable } from '../../server/retrieval/learned/labels.js';
import { prepareLearnedRanking, assembleQueryParts } from '../../server/runtime.js';
import { createProgress } from '../progress.js';
import { BigramBm25 } from './bigram-bm25.js';
import { formatFiguresTable, RANK_DEPTH } from '../../server/retrieval/learned/ranking-metrics.js';
import { runStardAnswers, formatAnswerFigures } from './stard-answers.js';
import { checkStardDir, corpusFile, DEFAULT_STARD_DIR, loadQueries, type StardCorpus, type StardQuery, type StardSplit } from './stard-data.js';
import { DEFAULT_BENCH_DIR, ensureStardIndex, type BenchIndex } from './stard-index.js';
import { retrieverRanker, runRankers, type Ranker } from './stard-run.js';

const USAGE = `Usage: npm run eval -- --benchmark stard [options]

Retrieval (and optionally answers) on the STARD / LeCoQA statute-retrieval benchmark.

  --split test|train|all     questions to run (default test; tune on train only)
  --corpus full|golddocs     58,530 articles, or the 11,084 of the documents holding a gold article (default full)
  --limit N                  only the first N questions of the split
  --answers N                also answer N questions of the split and check their citations (default 0)
  --rebuild                  rebuild the benchmark index even when it is up to date
  --out FILE                 where the JSON figures go (default eval/out/stard-<split>-<corpus>.json)
  --stard-dir DIR            the benchmark folder (default ${DEFAULT_STARD_DIR})
  --bench-dir DIR            where benchmark indexes live (default ${DEFAULT_BENCH_DIR})`;

/** The product's learned ranking (server/retrieval/learned/) fitted on the train split's labelled questions. */
export const LEARNED_ROW = 'hybrid + learned (train)';

/** The train questions as a labels file (docs/learned-ranking.md), gold articles by name (中华人民共和国民法典第五十四条). */
export async function writeTrainLabels(train: readonly StardQuery[], dir: string): Promise<string> {
  const file = path.join(dir, 'labels-train.jsonl');
  await writeFile(file, train.map((q) => JSON.stringify({ question: q.question, articles: q.goldNames })).join('\n') + '\n');
  return file;
}

/** How many train gold articles the labels file's names resolved to, checked against the benchmark's gold ids. */
export function labelsCheck(train: readonly StardQuery[], articles: ArticleTable, bench: BenchIndex): string {
  let named = 0;
  let right = 0;
  for (const q of train) {
    const gold = new Set(q.goldIds);
    for (const name of q.goldNames) {
      named++;
      const ids = articles.resolve(name).flatMap((a) => a.chunks.map((c) => bench.chunkIds[c]));
      if (ids.some((id) => id !== undefined && gold.has(id))) right++;
    }
  }
  return `Train labels: ${right} of ${named} gold article names resolved to their gold article.`;
}

/** Published on the test split over the full corpus (SOURCE.md), for the header. */
const REFERENCE_NOTE = 'SOURCE.md reference (test, full): BM25-bigram R@10 .485, Hit@10 .605, MRR@100 .415';

export interface StardCliOptions {
  split: StardSplit;
  corpus: StardCorpus;
  limit?: number;
  answers: number;
  rebuild: boolean;
  out?: string;
  stardDir: string;
  benchDir: string;
}

export function parseStardArgs(argv: string[]): StardCliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      benchmark: { type: 'string' },
      split: { type: 'string', default: 'test' },
      corpus: { type: 'string', default: 'full' },
      limit: { type: 'string' },
      answers: { type: 'string', default: '0' },
      rebuild: { type: 'boolean', default: false },
      out: { type: 'string' },
      'stard-dir': { type: 'string', default: DEFAULT_STARD_DIR },
      'bench-dir': { type: 'string', default: DEFAULT_BENCH_DIR },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) return 'help';
  if (values.benchmark !== 'stard') throw new Error(`--benchmark must be "stard", got "${values.benchmark}".`);
  if (!['test', 'train', 'all'].includes(values.split!)) throw new Error(`--split must be test, train or all, got "${values.split}".`);
  if (!['full', 'golddocs'].includes(values.corpus!)) throw new Error(`--corpus must be full or golddocs, got "${values.corpus}".`);
  const int = (flag: string, raw: string | undefined, min: number): number | undefined => {
    if (raw === undefined) return undefined;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < min) throw new Error(`--${flag} needs a whole number ≥ ${min}, got "${raw}".`);
    return v;
  };
  return {
    split: values.split as StardSplit,
    corpus: values.corpus as StardCorpus,
    limit: int('limit', values.limit, 1),
    answers: int('answers', values.answers, 0) ?? 0,
    rebuild: values.rebuild === true,
    out: values.out,
    stardDir: values['stard-dir']!,
    benchDir: values['bench-dir']!,
  };
}

/** The reference retriever over the same corpus file: name + content of every row. */
export async function buildReference(stardDir: string, corpus: StardCorpus): Promise<BigramBm25<number>> {
  const file = corpusFile(stardDir, corpus);
  const read = await readJsonlFile(file, path.basename(file));
  if (!read.ok) throw new Error(read.problems.map((p) => p.message).join('\n'));
  return BigramBm25.build(read.rows.map((r) => ({ id: Number(r.sourceId), text: `${r.title}${r.label}${r.text}` })));
}

export async function runStardCli(argv: string[]): Promise<number> {
  let opts: StardCliOptions | 'help';
  try {
    opts = parseStardArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    checkStardDir(opts.stardDir);
    const config = loadConfig();
    const all = loadQueries(opts.stardDir, opts.split);
    const queries = opts.limit ? all.slice(0, opts.limit) : all;

    const progress = createProgressReporter();
    const bench = await ensureStardIndex({
      stardDir: opts.stardDir,
      corpus: opts.corpus,
      benchDir: opts.benchDir,
      embedder: config.embeddings,
      onProgress: progress.onProgress,
      onLog: progress.log,
      force: opts.rebuild,
    });
    progress.done();
    const m = bench.index.manifest;
    process.stderr.write(
      `${bench.built ? `Built (${bench.built})` : 'Reusing'} ${path.relative(process.cwd(), bench.indexDir)}: ${m.counts.documents} documents, ` +
        `${m.counts.chunks} chunks, embedder ${m.embedder.name}, built in ${(bench.buildMs / 1000).toFixed(1)} s\n`,
    );

    const reference = await buildReference(opts.stardDir, opts.corpus);
    // As `npm start` would serve this corpus: with the question memories, whose law questions name articles
    // by law and number; the row without them shows what they add.
    const parts = assembleQueryParts(bench.index, { syntheticQuestions: config.syntheticQuestions, lawQuestions: config.lawQuestions });
    const plain = assembleQueryParts(bench.index);
    const remembered = [parts.questionBanks.everyday, parts.questionBanks.laws].reduce((n, f) => n + (f.bank?.articleChunks.size ?? 0), 0);
    process.stderr.write(`Question memory: ${remembered} articles of this corpus have remembered questions.\n`);
    const idOf = new Map(bench.index.chunks.map((c, i) => [c.id, bench.chunkIds[i]]));
    const chunkIdOf = (id: string) => idOf.get(id);
    const rankers: Record<string, Ranker> = {
      'bm25-bigram (reference)': (q) => reference.search(q.question, RANK_DEPTH),
      lexical: retrieverRanker(parts.retrievers.lexical, chunkIdOf),
      dense: retrieverRanker(parts.retrievers.dense, chunkIdOf),
      'hybrid, no question memory': retrieverRanker(plain.retrievers.hybrid, chunkIdOf),
      hybrid: retrieverRanker(parts.retrievers.hybrid, chunkIdOf),
    };
    // Supervised: the product's learned ranking (LABELS_FILE), fed the train split's questions with
    // their gold articles by name, as a user's labels file would name them; the test split is never read.
    const train = loadQueries(opts.stardDir, 'train');
    const labelsFile = await writeTrainLabels(train, path.dirname(bench.indexDir));
    const learnedState = await prepareLearnedRanking({ labelsFile, labelsFileSet: true }, parts, { onLog: progress.log, onProgress: progress.onProgress });
    progress.done();
    if (learnedState.state !== 'ready') throw new Error(`The learned ranking did not start: ${JSON.stringify(learnedState)}`);
    process.stderr.write(`${labelsCheck(train, parts.retrievers.learned.articles, bench)}\n`);
    rankers[LEARNED_ROW] = retrieverRanker(parts.retrievers.learned, chunkIdOf);
    const bar = createProgress('stard', queries.length);
    const results = await runRankers(queries, rankers, (done, total) => bar.update(done, total, 0));
    bar.stop();

    const title = `STARD retrieval — split ${opts.split}${opts.limit ? ` (first ${queries.length})` : ''}, ${queries.length} questions, corpus ${opts.corpus} (${m.counts.chunks} chunks)`;
    const lines = [
      title,
      formatFiguresTable(results.map((r) => ({ name: r.name, figures: r.figures, note: `search p50 ${r.latencyMs.p50.toFixed(1)} ms, p95 ${r.latencyMs.p95.toFixed(1)} ms` }))),
      REFERENCE_NOTE,
      'Targets for hybrid (test, full): R@10 ≥ 0.60, Hit@10 ≥ 0.72. Parameters were tuned on the train split only.',
      `"${LEARNED_ROW}" is what \`npm start\` serves with LABELS_FILE set to the ${train.length} train questions and their gold articles: ` +
        'the hybrid reordered by votes of the closest labelled questions, citation priors and a word-translation model, weights fitted on train ' +
        '(server/retrieval/learned/)' +
        (opts.split === 'test' ? '' : '; on train questions it is in-sample (each question votes for its own articles) — `npm run learn` prints cross-validated train figures') +
        '. The other rows use no benchmark labels.',
    ];

    let answers;
    if (opts.answers > 0) {
      answers = await runStardAnswers(config, parts, queries.slice(0, opts.answers), (line) => process.stderr.write(`${line}\n`));
      lines.push('', formatAnswerFigures(answers));
    }
    process.stdout.write(`\n${lines.join('\n')}\n`);

    const out = path.resolve(opts.out ?? path.join('eval', 'out', `stard-${opts.split}-${opts.corpus}.json`));
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(
      out,
      `${JSON.stringify(
        {
          benchmark: 'stard',
          split: opts.split,
          corpus: opts.corpus,
          questions: queries.length,
          index: { dir: bench.indexDir, chunks: m.counts.chunks, documents: m.counts.documents, embedder: m.embedder.name, builtAt: m.builtAt, buildMs: m.buildMs },
          methods: results.map((r) => ({ name: r.name, ...r.figures, latencyMs: r.latencyMs })),
          answers: answers ? { ...answers, items: answers.items } : undefined,
          perQuestion: queries.map((q, i) => ({ queryId: q.queryId, gold: q.goldIds, ...Object.fromEntries(results.map((r) => [r.name, r.ranked[i].slice(0, 10)])) })),
        },
        null,
        1,
      )}\n`,
    );
    process.stdout.write(`Figures: ${path.relative(process.cwd(), out)}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    return 2;
  }
}
