/**
 * Fitting the answer's confidence model: a logistic regression (L2-regularised, on standardised
 * features, returned in raw units) of "the shown provisions hold the answer" on the confidence's
 * signals, and the operating figures a threshold on it gives. Pure functions; `npm run calibrate`
 * (cli/calibrate.ts) feeds them the dev sets.
 */
import { type LogisticModel, logistic } from '../server/answer/refusal.js';

export interface LabelledRow {
  features: Record<string, number>;
  /** 1 when the answer would be right (answerable, evidence among the hits an answer quotes). */
  label: 0 | 1;
}

export interface FitOptions {
  /** L2 penalty on the standardised weights (not the bias). */
  l2?: number;
  iterations?: number;
}

/** Fits bias and weights by gradient descent on standardised features; the result reads raw features. */
export function fitLogistic(rows: readonly LabelledRow[], names: readonly string[], opts: FitOptions = {}): LogisticModel {
  const l2 = opts.l2 ?? 0.01;
  const iterations = opts.iterations ?? 3000;
  const n = rows.length;
  if (n === 0) throw new Error('Nothing to fit: no rows.');
  const mean = names.map((k) => rows.reduce((a, r) => a + (r.features[k] ?? 0), 0) / n);
  const sd = names.map((k, j) => Math.sqrt(rows.reduce((a, r) => a + ((r.features[k] ?? 0) - mean[j]) ** 2, 0) / n) || 1);
  const x = rows.map((r) => names.map((k, j) => ((r.features[k] ?? 0) - mean[j]) / sd[j]));
  const w = names.map(() => 0);
  let b = 0;
  const rate = 0.5;
  for (let it = 0; it < iterations; it++) {
    const gw = w.map((wj) => l2 * wj);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      let z = b;
      for (let j = 0; j < w.length; j++) z += w[j] * x[i][j];
      const err = 1 / (1 + Math.exp(-z)) - rows[i].label;
      gb += err / n;
      for (let j = 0; j < w.length; j++) gw[j] += (err * x[i][j]) / n;
    }
    b -= rate * gb;
    for (let j = 0; j < w.length; j++) w[j] -= rate * gw[j];
  }
  // Back to raw units: w·(x − mean)/sd + b = (w/sd)·x + (b − Σ w·mean/sd).
  const weights: Record<string, number> = {};
  let bias = b;
  names.forEach((k, j) => {
    weights[k] = round(w[j] / sd[j]);
    bias -= (w[j] * mean[j]) / sd[j];
  });
  return { bias: round(bias), weights };
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4;

/** Out-of-fold probabilities: each row scored by a model fitted on the other folds (folds by position modulo k). */
export function crossValidated(rows: readonly LabelledRow[], names: readonly string[], k = 5, opts: FitOptions = {}): number[] {
  const out = new Array<number>(rows.length);
  for (let f = 0; f < k; f++) {
    const train = rows.filter((_, i) => i % k !== f);
    const model = fitLogistic(train, names, opts);
    rows.forEach((r, i) => {
      if (i % k === f) out[i] = logistic(model, r.features);
    });
  }
  return out;
}

/** Mean log loss of probabilities against labels (lower is better). */
export function logLoss(p: readonly number[], rows: readonly LabelledRow[]): number {
  const eps = 1e-9;
  return -rows.reduce((a, r, i) => a + (r.label ? Math.log(p[i] + eps) : Math.log(1 - p[i] + eps)), 0) / rows.length;
}

/** Share of rows at or above the threshold, and the share of those that are wrong (label 0). */
export function operatingPoint(p: readonly number[], rows: readonly LabelledRow[], threshold: number): { coverage: number; risk: number } {
  const kept = rows.filter((_, i) => p[i] >= threshold);
  return { coverage: kept.length / rows.length, risk: kept.length ? kept.filter((r) => r.label === 0).length / kept.length : 0 };
}
