/**
 * Two scoring models backtested on the same leads (a pull request's base and head): each side's measures,
 * side by side, and the head - base difference of the AUC and of each shared threshold's precision and
 * recall with a paired bootstrap 95% interval (bootstrap.ts). Paired: one resample of the leads is measured
 * on both sides, so what the two models share cancels out of the difference. A lead excluded by a side's
 * scoring counts in the resample but not in that side's measures, as in a single backtest.
 */
import { rocAuc, scoreOrder } from "./auc.js";
import { pairedBootstrap } from "./bootstrap.js";
import type { BacktestRun, OutcomeSummary } from "./backtest-leads.js";
import { measureBacktest, type BacktestMeasures, type Observation, type RateRow, type ThresholdRow } from "./measure.js";

export interface ComparisonOptions {
  /** Bootstrap resamples (default 1000). */
  resamples?: number;
  /** The PRNG's seed (default 1); the same seed gives the same interval, bit for bit. */
  seed?: number;
}

export interface MeasureDifference {
  /** `AUC`, or `<threshold> precision` / `<threshold> recall`. */
  measure: string;
  base: number | null;
  head: number | null;
  /** head - base on the leads as read; null where either is undefined. */
  difference: number | null;
  /** The paired bootstrap's 95% interval of the difference. */
  low: number | null;
  high: number | null;
  /** Resamples on which the difference was defined. */
  resamples: number;
}

export interface BacktestComparison {
  outcome: OutcomeSummary;
  /** Leads scored by both sides (the resampled population). */
  leads: number;
  resamples: number;
  seed: number;
  base: BacktestMeasures;
  head: BacktestMeasures;
  grades: { grade: string; base: RateRow | null; head: RateRow | null }[];
  thresholds: { threshold: string; base: ThresholdRow | null; head: ThresholdRow | null }[];
  differences: MeasureDifference[];
}

export const defaultResamples = 1000;
export const defaultSeed = 1;

export function compareBacktests(run: BacktestRun, options: ComparisonOptions = {}): BacktestComparison {
  const [baseSide, headSide] = run.sides as [BacktestRun["sides"][0], BacktestRun["sides"][0]];
  const resamples = options.resamples ?? defaultResamples;
  const seed = options.seed ?? defaultSeed;
  const base = measureBacktest(baseSide.scoring, baseSide.observations);
  const head = measureBacktest(headSide.scoring, headSide.observations);
  const n = baseSide.observations.length;
  const sides = [sideStatistics(baseSide.observations), sideStatistics(headSide.observations)] as const;
  const shared = base.thresholds.map((t) => t.threshold).filter((t) => head.thresholds.some((h) => h.threshold === t));
  const measures: { measure: string; of: (side: SideStatistics, w: ArrayLike<number> | undefined) => number | null }[] = [
    { measure: "AUC", of: (side, w) => side.auc(w) },
    ...shared.flatMap((t) => [
      { measure: `${t} precision`, of: (side: SideStatistics, w: ArrayLike<number> | undefined) => side.precision(t, w) },
      { measure: `${t} recall`, of: (side: SideStatistics, w: ArrayLike<number> | undefined) => side.recall(t, w) },
    ]),
  ];
  const intervals = pairedBootstrap(
    n,
    measures.map(
      ({ of }) =>
        (w) =>
          difference(of(sides[0], w), of(sides[1], w)),
    ),
    { resamples, seed },
  );
  const gradeNames = [...new Set([...base.grades.map((g) => g.grade), ...head.grades.map((g) => g.grade)])];
  const thresholdNames = [...new Set([...base.thresholds.map((t) => t.threshold), ...head.thresholds.map((t) => t.threshold)])];
  return {
    outcome: run.outcome,
    leads: n,
    resamples,
    seed,
    base,
    head,
    grades: gradeNames.map((grade) => ({
      grade,
      base: base.grades.find((g) => g.grade === grade) ?? null,
      head: head.grades.find((g) => g.grade === grade) ?? null,
    })),
    thresholds: thresholdNames.map((threshold) => ({
      threshold,
      base: base.thresholds.find((t) => t.threshold === threshold) ?? null,
      head: head.thresholds.find((t) => t.threshold === threshold) ?? null,
    })),
    differences: measures.map(({ measure, of }, k) => ({
      measure,
      base: of(sides[0], undefined),
      head: of(sides[1], undefined),
      difference: intervals[k]!.estimate,
      low: intervals[k]!.low,
      high: intervals[k]!.high,
      resamples: intervals[k]!.resamples,
    })),
  };
}

function difference(base: number | null, head: number | null): number | null {
  return base === null || head === null ? null : head - base;
}

interface SideStatistics {
  auc(weights: ArrayLike<number> | undefined): number | null;
  precision(threshold: string, weights: ArrayLike<number> | undefined): number | null;
  recall(threshold: string, weights: ArrayLike<number> | undefined): number | null;
}

/** One side's measures under resampling weights; excluded leads weigh 0. Sorting happens once. */
function sideStatistics(observations: readonly Observation[]): SideStatistics {
  const scores = observations.map((o) => o.total);
  const labels = observations.map((o) => o.converted);
  const included = observations.map((o) => (o.excluded === null ? 1 : 0));
  const order = scoreOrder(scores);
  const effective = new Float64Array(observations.length);
  // The measures of one resample share its weights (a new array per resample): worked out once each.
  let weighed: ArrayLike<number> | undefined | null = null;
  const counted = new Map<string, { reached: number; truePositives: number; positives: number }>();
  const weigh = (weights: ArrayLike<number> | undefined) => {
    if (weighed === weights) return effective;
    for (let i = 0; i < observations.length; i++) effective[i] = included[i]! * (weights ? weights[i]! : 1);
    weighed = weights;
    counted.clear();
    return effective;
  };
  // Who reached each threshold, worked out once rather than per resample.
  const reachedBy = new Map<string, Uint8Array>();
  const reachedOf = (threshold: string) => {
    let reached = reachedBy.get(threshold);
    if (!reached) reachedBy.set(threshold, (reached = Uint8Array.from(observations, (o) => (o.thresholds.includes(threshold) ? 1 : 0))));
    return reached;
  };
  const counts = (threshold: string, weights: ArrayLike<number> | undefined) => {
    const w = weigh(weights);
    const known = counted.get(threshold);
    if (known) return known;
    const reachedIt = reachedOf(threshold);
    let reached = 0;
    let truePositives = 0;
    let positives = 0;
    for (let i = 0; i < observations.length; i++) {
      if (reachedIt[i]) reached += w[i]!;
      if (labels[i]) {
        positives += w[i]!;
        if (reachedIt[i]) truePositives += w[i]!;
      }
    }
    const result = { reached, truePositives, positives };
    counted.set(threshold, result);
    return result;
  };
  return {
    auc: (weights) => rocAuc(scores, labels, weigh(weights), order),
    precision(threshold, weights) {
      const c = counts(threshold, weights);
      return c.reached > 0 ? c.truePositives / c.reached : null;
    },
    recall(threshold, weights) {
      const c = counts(threshold, weights);
      return c.positives > 0 ? c.truePositives / c.positives : null;
    },
  };
}
