/** The backtest's pure measures: AUC against an independent pairwise count, bands, calibration, IV, bootstrap. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitLogistic, informationValue, pairedBootstrap, rocAuc, rocCurve, scoreBands, seededRandom } from "../src/index.js";

/** The definition, pair by pair: positive above negative counts 1, a tie 1/2. */
function pairwiseAuc(scores: readonly number[], labels: readonly boolean[]): number | null {
  let wins = 0;
  let pairs = 0;
  scores.forEach((si, i) => {
    if (!labels[i]) return;
    scores.forEach((sj, j) => {
      if (labels[j]) return;
      pairs++;
      wins += si > sj ? 1 : si === sj ? 0.5 : 0;
    });
  });
  return pairs === 0 ? null : wins / pairs;
}

// Few distinct scores, so ties are common.
const sample = fc.array(fc.record({ score: fc.integer({ min: -3, max: 4 }), label: fc.boolean() }), { maxLength: 40 });

describe("rocAuc", () => {
  it("equals the pairwise count on small inputs with ties (and is null without a positive or a negative)", () => {
    fc.assert(
      fc.property(sample, (leads) => {
        const scores = leads.map((l) => l.score * 5);
        const labels = leads.map((l) => l.label);
        const auc = rocAuc(scores, labels);
        const expected = pairwiseAuc(scores, labels);
        if (expected === null) expect(auc).toBeNull();
        else expect(auc).toBeCloseTo(expected, 12);
      }),
      { numRuns: 500, seed: 14 },
    );
  });

  it("with integer weights equals the AUC of the leads repeated that often", () => {
    fc.assert(
      fc.property(sample, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 40 }), (leads, counts) => {
        const scores = leads.map((l) => l.score);
        const labels = leads.map((l) => l.label);
        const repeated = leads.flatMap((l, i) => Array.from({ length: counts[i]! }, () => l));
        const expected = pairwiseAuc(
          repeated.map((l) => l.score),
          repeated.map((l) => l.label),
        );
        const auc = rocAuc(scores, labels, counts);
        if (expected === null) expect(auc).toBeNull();
        else expect(auc).toBeCloseTo(expected, 12);
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it("has the trapezoid area under its ROC curve", () => {
    fc.assert(
      fc.property(sample, (leads) => {
        const scores = leads.map((l) => l.score);
        const labels = leads.map((l) => l.label);
        const curve = rocCurve(scores, labels);
        const auc = rocAuc(scores, labels);
        if (auc === null) {
          expect(curve).toEqual([]);
          return;
        }
        let area = 0;
        for (let k = 1; k < curve.length; k++)
          area +=
            ((curve[k]!.falsePositiveRate - curve[k - 1]!.falsePositiveRate) *
              (curve[k]!.truePositiveRate + curve[k - 1]!.truePositiveRate)) /
            2;
        expect(area).toBeCloseTo(auc, 12);
      }),
      { numRuns: 300, seed: 16 },
    );
  });
});

describe("scoreBands", () => {
  it("never splits a score, covers every lead once, orders bands from the highest score, and makes at most ten", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 60 }), (scores) => {
        const bands = scoreBands(scores);
        expect(bands.length).toBeLessThanOrEqual(10);
        expect(bands.flatMap((b) => b.leads).sort((a, b) => a - b)).toEqual(scores.map((_, i) => i));
        bands.forEach((band, k) => {
          for (const i of band.leads) expect(scores[i]! >= band.minScore && scores[i]! <= band.maxScore).toBe(true);
          if (k > 0) expect(band.maxScore).toBeLessThan(bands[k - 1]!.minScore);
        });
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it("cuts 100 distinct scores into ten bands of ten", () => {
    const scores = Array.from({ length: 100 }, (_, i) => i);
    expect(scoreBands(scores).map((b) => [b.leads.length, b.minScore, b.maxScore])).toEqual(
      Array.from({ length: 10 }, (_, k) => [10, 90 - 10 * k, 99 - 10 * k]),
    );
  });
});

describe("fitLogistic", () => {
  it("matches the closed form on two scores (the fitted rates are the observed ones)", () => {
    // Score 0: 1 of 4 converted; score 10: 3 of 4. The MLE reproduces both rates.
    const scores = [0, 0, 0, 0, 10, 10, 10, 10];
    const labels = [true, false, false, false, true, true, true, false];
    const fit = fitLogistic(scores, labels);
    const at = (s: number) => 1 / (1 + Math.exp(-(fit.intercept + (fit.slope * (s - fit.mean)) / fit.sd)));
    expect(at(0)).toBeCloseTo(0.25, 6);
    expect(at(10)).toBeCloseTo(0.75, 6);
  });
});

describe("informationValue", () => {
  it("is zero when the rule fires as often among converters as among the others, and grows with the difference", () => {
    expect(informationValue({ firesPositive: 10, firesNegative: 100, positives: 20, negatives: 200 }).iv).toBeCloseTo(0, 3);
    const strong = informationValue({ firesPositive: 18, firesNegative: 20, positives: 20, negatives: 200 });
    expect(strong.iv).toBeGreaterThan(1);
    // Smoothing: (18.5/21) / (20.5/201) and (2.5/21) / (180.5/201).
    const woeFires = Math.log(18.5 / 21 / (20.5 / 201));
    const woeOther = Math.log(2.5 / 21 / (180.5 / 201));
    expect(strong.woeFires).toBeCloseTo(woeFires, 12);
    expect(strong.iv).toBeCloseTo((18.5 / 21 - 20.5 / 201) * woeFires + (2.5 / 21 - 180.5 / 201) * woeOther, 12);
  });
});

describe("pairedBootstrap", () => {
  it("is the same numbers for the same seed, and others for another", () => {
    const first = Array.from({ length: 5 }, seededRandom(7));
    expect(Array.from({ length: 5 }, seededRandom(7))).toEqual(first);
    expect(Array.from({ length: 5 }, seededRandom(8))).not.toEqual(first);
    const mean = (w: ArrayLike<number> | undefined) => {
      let s = 0;
      let n = 0;
      for (let i = 0; i < 50; i++) {
        s += (w ? w[i]! : 1) * i;
        n += w ? w[i]! : 1;
      }
      return s / n;
    };
    const a = pairedBootstrap(50, [mean], { resamples: 200, seed: 3 });
    expect(pairedBootstrap(50, [mean], { resamples: 200, seed: 3 })).toEqual(a);
    expect(a[0]!.estimate).toBe(24.5);
    // The mean of 0..49 resampled: a 95% interval of about +-4 around 24.5.
    expect(a[0]!.low!).toBeLessThan(24.5);
    expect(a[0]!.high!).toBeGreaterThan(24.5);
    expect(a[0]!.high! - a[0]!.low!).toBeGreaterThan(4);
    expect(a[0]!.high! - a[0]!.low!).toBeLessThan(12);
  });
});
