/**
 * A slice of the STARD benchmark (../shared/benchmarks/stard_lecoqa/) as a quality floor in CI: the
 * 11,084-article gold-documents corpus ingested as pre-split JSONL into a temporary index, the first 50
 * test questions through lexical, dense and hybrid retrieval and the product's learned ranking fed the
 * train split's labelled questions (LABELS_FILE, server/retrieval/learned/), figures over corpus ids. The floors sit
 * a little under what `npm run eval -- --benchmark stard --corpus golddocs --limit 50` measured
 * (figures in docs/stard.md); the full run is the command, not this test.
 * The benchmark's reference (BM25 over character bigrams) must reproduce the figures SOURCE.md
 * publishes for this corpus on the whole test split.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { prepareLearnedRanking, assembleQueryParts } from '../../server/runtime.js';
import { RANK_DEPTH, rankingFigures, type RankingFigures } from '../../server/retrieval/learned/ranking-metrics.js';
import { DEFAULT_STARD_DIR, loadQueries, type StardQuery } from '../../eval/benchmarks/stard-data.js';
import type { LearnedState } from '../../server/retrieval/learned/learned-retriever.js';
import { ensureStardIndex, type BenchIndex } from '../../eval/benchmarks/stard-index.js';
import { retrieverRanker, runRankers } from '../../eval/benchmarks/stard-run.js';
import { buildReference, labelsCheck, LEARNED_ROW, writeTrainLabels } from '../../eval/benchmarks/stard.js';

const STARD = path.resolve(DEFAULT_STARD_DIR);
const present = existsSync(path.join(STARD, 'derived', 'corpus_golddocs.jsonl'));
/** Reused between local runs while up to date; built afresh on a clean machine. */
const BENCH_DIR = path.join(tmpdir(), 'cewen-stard-slice');

/** Floors for the first 50 test questions over corpus_golddocs.jsonl (measured values in the file header). */
// Measured: lexical R@10 .552, Hit@10 .700, MRR@100 .477; hybrid (with the shipped question memories) .595, .740,
// .535; dense .373, .480, .214; hybrid + learned (train) — the learned ranking fed the train split's labelled
// questions — .680, .860, .595.
const FLOORS: Record<'lexical' | 'dense' | 'hybrid' | typeof LEARNED_ROW, { r10: number; hit10: number; mrr100: number }> = {
  lexical: { r10: 0.5, hit10: 0.64, mrr100: 0.42 },
  dense: { r10: 0.32, hit10: 0.44, mrr100: 0.2 },
  hybrid: { r10: 0.5, hit10: 0.64, mrr100: 0.42 },
  [LEARNED_ROW]: { r10: 0.6, hit10: 0.78, mrr100: 0.5 },
};

describe.skipIf(!present)('STARD slice: 50 test questions over the gold-documents corpus', () => {
  let bench: BenchIndex;
  let queries: StardQuery[];
  const figures = new Map<string, RankingFigures>();
  let learnedState: LearnedState;
  let labelsResolved: string;
  let memoryArticles: number;

  beforeAll(async () => {
    bench = await ensureStardIndex({ stardDir: STARD, corpus: 'golddocs', benchDir: BENCH_DIR, embedder: { kind: 'local' } });
    queries = loadQueries(STARD, 'test').slice(0, 50);
    // As `npm start` serves this corpus: the shipped question memory, whose law questions name their articles by title and number.
    const config = loadConfig({});
    const parts = assembleQueryParts(bench.index, { syntheticQuestions: config.syntheticQuestions, lawQuestions: config.lawQuestions });
    memoryArticles = parts.questionBanks.laws.bank?.articleChunks.size ?? 0;
    const idOf = new Map(bench.index.chunks.map((c, i) => [c.id, bench.chunkIds[i]]));
    // The product's learned ranking, fed the train split as a labels file (names, not ids), as the benchmark command does.
    const train = loadQueries(STARD, 'train');
    const labelsFile = await writeTrainLabels(train, path.dirname(bench.indexDir));
    learnedState = await prepareLearnedRanking({ labelsFile, labelsFileSet: true }, parts);
    labelsResolved = labelsCheck(train, parts.retrievers.learned.articles, bench);
    const results = await runRankers(queries, {
      ...Object.fromEntries(
        (['lexical', 'dense', 'hybrid', 'learned'] as const).map((n) => [n === 'learned' ? LEARNED_ROW : n, retrieverRanker(parts.retrievers[n], (id) => idOf.get(id))]),
      ),
    });
    for (const r of results) figures.set(r.name, r.figures);
  }, 900_000);

  it('the learned ranking starts from every train question, its gold articles resolved by name', () => {
    expect(learnedState).toMatchObject({ state: 'ready', labelled: 1234 });
    expect(labelsResolved).toBe('Train labels: 2169 of 2169 gold article names resolved to their gold article.');
  });

  it('the law questions find their articles in this index by title and number', () => {
    expect(memoryArticles).toBeGreaterThan(2000);
  });

  it('every corpus row is indexed and every chunk maps back to one row id', () => {
    expect(bench.index.manifest.counts.documents).toBe(139);
    expect(bench.chunkIds.every((id) => id !== undefined)).toBe(true);
    expect(new Set(bench.chunkIds).size).toBe(11_084);
  });

  for (const name of ['lexical', 'dense', 'hybrid', LEARNED_ROW] as const) {
    it(`${name} stays above its floor`, () => {
      const f = figures.get(name)!;
      expect(f.questions).toBe(50);
      expect(f.recall[10]).toBeGreaterThanOrEqual(FLOORS[name].r10);
      expect(f.hit10).toBeGreaterThanOrEqual(FLOORS[name].hit10);
      expect(f.mrr100).toBeGreaterThanOrEqual(FLOORS[name].mrr100);
    });
  }

  it('hybrid finds at least as much in its top 10 as lexical alone', () => {
    expect(figures.get('hybrid')!.recall[10]).toBeGreaterThanOrEqual(figures.get('lexical')!.recall[10] - 0.03);
  });

  it('what is learned from the train labels adds to the hybrid ranking in its top 10', () => {
    // Only there by a wide margin since the law questions joined the hybrid: at rank 1 and in reciprocal rank
    // the two came within a few hundredths (R@1 .310 both; with the first round of law questions .280 hybrid,
    // .253 learned).
    expect(figures.get(LEARNED_ROW)!.recall[10]).toBeGreaterThan(figures.get('hybrid')!.recall[10] + 0.03);
  });

  it('the BM25-bigram reference reproduces SOURCE.md on this corpus (test split: R@10 .535, Hit@10 .654, MRR@100 .446)', async () => {
    const reference = await buildReference(STARD, 'golddocs');
    const test = loadQueries(STARD, 'test');
    const f = rankingFigures(test.map((q) => ({ ranked: reference.search(q.question, RANK_DEPTH), gold: q.goldIds })));
    expect(test).toHaveLength(309);
    expect(f.recall[10]).toBeCloseTo(0.535, 2);
    expect(f.hit10).toBeCloseTo(0.654, 2);
    expect(f.mrr100).toBeCloseTo(0.446, 2);
  });
});
