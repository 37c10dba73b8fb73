/** Fitting the confidence model (eval/calibrate.ts) on rows whose answer is known. */
import { describe, expect, it } from 'vitest';
import { crossValidated, fitLogistic, type LabelledRow, logLoss, operatingPoint } from '../../eval/calibrate.js';
import { logistic } from '../../server/answer/refusal.js';

// Right answers have high coverage; the margin is noise. A deterministic spread, no randomness.
const rows: LabelledRow[] = Array.from({ length: 200 }, (_, i) => {
  const coverage = (i % 100) / 100;
  const margin = ((i * 37) % 100) / 100;
  const label = coverage + 0.1 * Math.sin(i) > 0.5 ? 1 : 0;
  return { features: { coverage, margin }, label: label as 0 | 1 };
});

describe('fitLogistic', () => {
  it('weighs the feature that separates the labels and not the noise, in raw units', () => {
    const m = fitLogistic(rows, ['coverage', 'margin']);
    expect(m.weights.coverage).toBeGreaterThan(5);
    expect(Math.abs(m.weights.margin)).toBeLessThan(1);
    // The boundary sits near coverage 0.5.
    expect(logistic(m, { coverage: 0.3, margin: 0.5 })).toBeLessThan(0.2);
    expect(logistic(m, { coverage: 0.7, margin: 0.5 })).toBeGreaterThan(0.8);
  });

  it('predicts held-out folds better than a constant', () => {
    const p = crossValidated(rows, ['coverage', 'margin']);
    const base = rows.filter((r) => r.label).length / rows.length;
    expect(logLoss(p, rows)).toBeLessThan(
      logLoss(
        rows.map(() => base),
        rows,
      ) - 0.2,
    );
  });

  it('reads an operating point: share kept and share of kept that is wrong', () => {
    const r: LabelledRow[] = [1, 1, 0, 0].map((label) => ({ features: {}, label: label as 0 | 1 }));
    expect(operatingPoint([0.9, 0.8, 0.7, 0.1], r, 0.5)).toEqual({ coverage: 0.75, risk: 1 / 3 });
  });

  it('refuses to fit nothing', () => {
    expect(() => fitLogistic([], ['coverage'])).toThrow(/Nothing to fit/);
  });
});
