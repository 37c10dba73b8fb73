/**
 * `npm run learn [-- --labels FILE] [--folds N]`: fits the learned ranking on a file of labelled
 * questions (docs/learned-ranking.md) for the configured index (INDEX_DIR, built first when missing
 * or stale), saves the fit beside the index, and prints how much it helps on questions it was not
 * fitted on: N-fold cross-validation over the labelled questions, hybrid against learned order, in
 * one table. `npm start` then serves the learned order (it finds the fit, or fits again if the
 * labels or the index changed).
 */
import { parseArgs } from 'node:util';
import { createProgressReporter } from '../embeddings/progress-reporter.js';
import { formatFiguresTable, RANK_DEPTH, rankingFigures } from '../server/retrieval/learned/ranking-metrics.js';
import { loadConfig } from '../server/config.js';
import { runCli } from './run-cli.js';
import { openQueryParts, prepareLearnedRanking } from '../server/runtime.js';
import { readLabelsFile } from '../server/retrieval/learned/labels.js';
import { fitWeights, orderCandidates } from '../server/retrieval/learned/learned-ranker.js';

const USAGE = `Usage: npm run learn [-- --labels FILE] [--folds N]

  --labels FILE   labelled questions, one JSON object a line: {"question": "…", "articles": ["<title>第X条", …]}
                  (default LABELS_FILE, data/labels.jsonl)
  --folds N       cross-validation folds for the printed figures (default 5; 0 skips them)`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { labels: { type: 'string' }, folds: { type: 'string', default: '5' }, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: false,
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const folds = Number(args.folds);
  if (!Number.isInteger(folds) || folds < 0 || folds === 1) {
    console.error(`--folds needs 0 or a whole number ≥ 2, got "${args.folds}".\n${USAGE}`);
    return 2;
  }
  const env = args.labels ? { ...process.env, LABELS_FILE: args.labels } : process.env;
  const config = loadConfig(env);
  const progress = createProgressReporter();
  const opened = await openQueryParts(config, { onProgress: progress.onProgress, onLog: progress.log });
  const learned = opened.retrievers.learned;
  let labels;
  try {
    labels = await readLabelsFile(config.labelsFile, learned.articles);
  } catch (e) {
    progress.done();
    console.error(`Cannot read the labels file ${config.labelsFile}: ${(e as Error).message}`);
    return 1;
  }
  for (const p of labels.problems) progress.log(`Skipped: ${p}`);
  if (labels.items.length === 0) {
    progress.done();
    console.error(`${config.labelsFile} has no usable labelled question (${labels.problems.length} problems above).`);
    return 1;
  }
  const examples = await learned.labelledCandidates(labels.items, progress.onProgress);
  progress.done();
  // Asked for explicitly: fitted on however many labelled questions there are.
  const state = await prepareLearnedRanking(config, opened, { refit: true, minToFit: 2, examples, onLog: (line) => console.log(line) });
  if (state.state !== 'ready') return 1;

  if (folds >= 2 && examples.length >= folds) {
    const learnedOrder: string[][] = new Array(examples.length);
    for (let k = 0; k < folds; k++) {
      const w = fitWeights(examples.filter((_, i) => i % folds !== k));
      examples.forEach((ex, i) => {
        if (i % folds === k) learnedOrder[i] = orderCandidates(ex.candidates, w, RANK_DEPTH);
      });
    }
    const figures = (ranked: string[][]) => rankingFigures(ranked.map((r, i) => ({ ranked: r.slice(0, RANK_DEPTH), gold: examples[i].gold })));
    console.log(
      `\nOn the ${examples.length} labelled questions, ${folds}-fold cross-validated (weights fitted without the fold; a question never votes for itself):\n` +
        formatFiguresTable([
          { name: 'hybrid', figures: figures(examples.map((e) => e.hybrid)) },
          { name: 'learned', figures: figures(learnedOrder) },
        ]),
    );
  } else if (folds >= 2) {
    console.log(`\nNo cross-validated figures: ${folds}-fold cross-validation needs at least ${folds} labelled questions.`);
  }
  const serves = `\`npm start\` with INDEX_DIR=${config.indexDir} and LABELS_FILE=${config.labelsFile} serves the learned order`;
  console.log(
    state.fitted === 'default'
      ? `\nNothing to fit on ${examples.length} labelled question(s): ${serves} with the default weights (fitted on STARD).`
      : `\nSaved beside the index; ${serves}.`,
  );
  return 0;
}

runCli(main);
