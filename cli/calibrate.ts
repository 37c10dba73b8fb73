/**
 * `npm run calibrate [-- --set FILE …] [--features a,b,…]` — fits the answer's confidence model (server/answer/refusal.ts,
 * CONFIDENCE_MODEL) on development sets and prints what each threshold would give, out of fold:
 *   - the model to paste, fitted on every item of the sets;
 *   - log loss, cross-validated, of the score alone and of the model;
 *   - per set, for each answer threshold: share answered and share of answered that is wrong;
 *   - for each closest threshold: answerable items that would get "not found", and unanswerable ones.
 * An item is labelled right when it is answerable and its evidence is in the top two hits (what an
 * answer quotes first: answered items whose evidence ranked first or second cite it 95 times in 100
 * on the dev sets). Never run it on a held-back set: that set would stop being held back.
 */
import path from 'node:path';
import { loadConfig, loadDotEnv } from '../server/config.js';
import type { SearchHit } from '../server/types.js';
import { corpusTermStats } from '../server/answer/corpus-stats.js';
import { assembleAnswerer, openQueryParts } from '../server/runtime.js';
import { confidenceFeatures, type Confidence, CONFIDENCE_MODEL, logistic, STATUS_THRESHOLDS } from '../server/answer/refusal.js';
import { crossValidated, fitLogistic, type LabelledRow, logLoss, operatingPoint } from '../eval/calibrate.js';
import { containsEvidence } from '../eval/metrics.js';
import { loadSet } from '../eval/load-set.js';

const DEFAULT_SETS = ['eval/sets/dev.jsonl', 'eval/sets/dev-paraphrase.jsonl', 'eval/sets/everyday-dev.jsonl'];
/** The signals the model reads (refusal.ts confidenceFeatures). */
const FEATURES = ['score', 'coverage', 'similarity', 'agreement', 'concentration', 'unmatched', 'novel', 'figureShortfall', 'topAgreement', 'margin'];
/** Rank up to which the evidence counts as what an answer quotes. */
const QUOTED_DEPTH = 2;

interface Row extends LabelledRow {
  set: string;
  answerable: boolean;
  tags: string[];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sets = args.flatMap((a, i) => (args[i - 1] === '--set' ? [a] : []));
  const featureArg = args.includes('--features') ? args[args.indexOf('--features') + 1] : undefined;
  const features = featureArg ? featureArg.split(',') : FEATURES;
  const files = sets.length ? sets : DEFAULT_SETS;
  if (files.some((f) => /holdout/.test(f))) throw new Error('Refusing to calibrate on a held-back set: it would stop being held back.');
  loadDotEnv();
  const config = loadConfig();
  const parts = await openQueryParts(config, { onLog: (l) => process.stderr.write(`${l}\n`) });
  const stats = await corpusTermStats(parts.store);
  const decided = new Map<string, { confidence: Confidence; hits: SearchHit[] }>();
  const answerer = assembleAnswerer(config, parts, { stats, onConfidence: (q, confidence, hits) => decided.set(q, { confidence, hits }) });

  const rows: Row[] = [];
  for (const file of files) {
    const items = await loadSet(path.resolve(file));
    const name = path.basename(file, '.jsonl');
    for (const item of items) {
      const { question } = await answerer.answer({ question: item.question });
      const last = decided.get(question);
      if (!last) continue; // an exact reference the corpus lacks: decided before any confidence
      const { confidence, hits } = last;
      const answerable = item.type !== 'unanswerable';
      const quoted = answerable && hits.slice(0, QUOTED_DEPTH).some((h) => containsEvidence(h.chunk.text, item.evidence));
      rows.push({ set: name, answerable, tags: item.tags ?? [], features: confidenceFeatures(confidence), label: quoted ? 1 : 0 });
    }
    process.stderr.write(`${name}: ${items.length} items\n`);
  }

  const model = fitLogistic(rows, features);
  const scoreOnly = crossValidated(rows, ['score']);
  const full = crossValidated(rows, features);
  const shipped = rows.map((r) => logistic(CONFIDENCE_MODEL, r.features));
  console.log(`\nConfidence model fitted on ${rows.length} items (${rows.filter((r) => r.label).length} labelled right) of ${files.join(', ')}:`);
  console.log(`export const CONFIDENCE_MODEL: LogisticModel = ${JSON.stringify(model)};`);
  console.log(
    `\nlog loss, 5-fold: score alone ${logLoss(scoreOnly, rows).toFixed(3)} · model ${logLoss(full, rows).toFixed(3)} · shipped model (in-sample) ${logLoss(shipped, rows).toFixed(3)}`,
  );

  const bySet = [...new Set(rows.map((r) => r.set))];
  console.log('\nAnswer threshold (out-of-fold probabilities): answered share / wrong share of answered, per set');
  console.log(`  threshold  ${bySet.map((s) => s.padEnd(22)).join('')}`);
  for (const t of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
    const cells = bySet.map((s) => {
      const idx = rows.flatMap((r, i) => (r.set === s ? [i] : []));
      const op = operatingPoint(
        idx.map((i) => full[i]),
        idx.map((i) => rows[i]),
        t,
      );
      return `${op.coverage.toFixed(3)} / ${op.risk.toFixed(3)}`.padEnd(22);
    });
    console.log(`  ${t.toFixed(2)}       ${cells.join('')}${t === STATUS_THRESHOLDS.answer ? '  ← shipped' : ''}`);
  }
  const ood = rows.flatMap((r, i) => (r.tags.includes('out-of-domain') ? [full[i]] : []));
  console.log(`\nout-of-domain items: median probability ${[...ood].sort((a, b) => a - b)[Math.floor(ood.length / 2)]?.toFixed(3)}, max ${Math.max(...ood).toFixed(3)}`);
  console.log('\nClosest threshold: share given "not found" — answerable items / unanswerable items / out-of-domain items, all sets');
  for (const t of [0.02, 0.05, 0.1, 0.15, 0.2, 0.3]) {
    const share = (keep: (r: Row) => boolean): string => {
      const idx = rows.flatMap((r, i) => (keep(r) ? [i] : []));
      return idx.length ? (idx.filter((i) => full[i] < t).length / idx.length).toFixed(3) : '–';
    };
    console.log(
      `  ${t.toFixed(2)}   ${share((r) => r.answerable)} / ${share((r) => !r.answerable)} / ${share((r) => r.tags.includes('out-of-domain'))}${t === STATUS_THRESHOLDS.closest ? '  ← shipped' : ''}`,
    );
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
