/**
 * `npx tsx eval/benchmarks/stard-tune.ts [--corpus full|golddocs] [--limit N]`
 *
 * Fits the weights of the learned ranker (learned-ranker.ts) on the STARD train split and says how
 * well they carry over to questions they were not fitted on: 5-fold cross-validation over the train
 * questions (weights fitted on four folds, figures on the fifth; every signal is leave-one-out, so a
 * question never votes for itself). Prints the figures of the hybrid alone and of the learned ranker
 * with several feature sets, then the weights
 * fitted on all train questions (what LEARNED_WEIGHTS holds). The test split is never read.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config.js';
import { assembleQueryParts } from '../../server/runtime.js';
import { FEATURES, fitWeights, LearnedRanker, orderCandidates, type Feature, type LabelledCandidates } from '../../server/retrieval/learned/learned-ranker.js';
import { formatFiguresTable, RANK_DEPTH, rankingFigures, type RankingFigures } from '../../server/retrieval/learned/ranking-metrics.js';
import { DEFAULT_STARD_DIR, loadQueries, type StardCorpus } from './stard-data.js';
import { ensureStardIndex, rowsOf } from './stard-index.js';
import { scoredIds } from './stard-run.js';

const FOLDS = 5;

const VARIANTS: Record<string, readonly Feature[]> = {
  'learned: all signals': FEATURES,
  'learned: no translation': ['retrieverScore', 'retrieverRank', 'articleVote5', 'articleVote20', 'lawVote30', 'articlePrior', 'lawPrior'],
  'learned: translation only': ['retrieverScore', 'retrieverRank', 'translation'],
  'learned: no priors': ['retrieverScore', 'retrieverRank', 'articleVote5', 'articleVote20', 'lawVote30', 'translation'],
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { corpus: { type: 'string', default: 'full' }, limit: { type: 'string' } } });
  const stardDir = process.env.STARD_DIR ?? DEFAULT_STARD_DIR;
  const corpus = values.corpus as StardCorpus;
  const train = loadQueries(stardDir, 'train');
  const questions = values.limit ? train.slice(0, Number(values.limit)) : train;

  const bench = await ensureStardIndex({ stardDir, corpus, embedder: loadConfig().embeddings });
  const parts = assembleQueryParts(bench.index);
  const idOf = new Map(bench.index.chunks.map((c, i) => [c.id, bench.chunkIds[i]]));
  const rows = rowsOf(bench);
  const items = train.map((q) => ({ key: q.queryId, question: q.question, answers: q.goldIds }));
  const ranker = LearnedRanker.build(items, (id) => rows.lawOf.get(id), { articleText: (id) => rows.textOf.get(id) });

  const hybrid: number[][] = [];
  const examples: LabelledCandidates<number>[] = [];
  for (const q of questions) {
    const ranked = await scoredIds(parts.retrievers.hybrid, q.question, (id) => idOf.get(id));
    hybrid.push(ranked.slice(0, RANK_DEPTH).map((r) => r.id));
    examples.push({ candidates: ranker.candidates(q.question, ranked, q.queryId), gold: q.goldIds });
  }
  const gold = questions.map((q) => q.goldIds);
  const figures = (ranked: number[][]): RankingFigures => rankingFigures(ranked.map((r, i) => ({ ranked: r, gold: gold[i] })));
  const table: { name: string; figures: RankingFigures; note?: string }[] = [{ name: 'hybrid', figures: figures(hybrid) }];

  for (const [name, only] of Object.entries(VARIANTS)) {
    const cv: number[][] = new Array(examples.length);
    for (let k = 0; k < FOLDS; k++) {
      const w = fitWeights(
        examples.filter((_, i) => i % FOLDS !== k),
        only,
      );
      examples.forEach((ex, i) => {
        if (i % FOLDS === k) cv[i] = orderCandidates(ex.candidates, w, RANK_DEPTH);
      });
    }
    table.push({ name, figures: figures(cv), note: `${FOLDS}-fold CV` });
    process.stderr.write(`${name} done\n`);
  }
  const all = fitWeights(examples);
  process.stdout.write(
    `STARD train split, ${questions.length} questions, corpus ${corpus}; supervised rows: ${FOLDS}-fold cross-validation, signals leave-one-out\n` +
      `${formatFiguresTable(table)}\n` +
      `Weights fitted on all ${questions.length}: ${FEATURES.map((f) => `${f} ${all[f]}`).join(', ')}\n` +
      `(${path.relative(process.cwd(), bench.indexDir)})\n`,
  );
}

await main();
