/**
 * The paired bootstrap: leads resampled with replacement, the same resample measured on both sides, the
 * difference's 95% interval read from the 2.5th and 97.5th percentiles of its resampled values (linear
 * interpolation between order statistics, R's type 7). The resamples come from a seeded PRNG (mulberry32),
 * so an interval is the same bits on every run and machine.
 */

import { seededRandom } from "../model/seeded-random.js";

/** Draws `n` leads with replacement: how often each was drawn. */
export function resampleCounts(n: number, random: () => number, into: Uint32Array = new Uint32Array(n)): Uint32Array {
  into.fill(0);
  for (let k = 0; k < n; k++) into[Math.floor(random() * n)]! += 1;
  return into;
}

/** The q-quantile (0..1) of values, type 7; null when there are none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface BootstrapInterval {
  /** The difference on the leads as read. */
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** Resamples where the difference was defined (a resample may lack positives or negatives). */
  resamples: number;
}

/**
 * A paired bootstrap interval of `statistic(weights)`, a difference measured on both sides of one resample
 * (null when undefined on it). `statistic(undefined)` is the estimate on the leads as read. Each resample's
 * weights are a new array, never changed once made, so a statistic may cache what it derives from them.
 */
export function pairedBootstrap(
  n: number,
  statistics: readonly ((weights: ArrayLike<number> | undefined) => number | null)[],
  options: { resamples: number; seed: number },
): BootstrapInterval[] {
  const random = seededRandom(options.seed);
  const values: number[][] = statistics.map(() => []);
  for (let r = 0; r < options.resamples; r++) {
    // A fresh array per resample: the statistics may remember work by the array's identity.
    const weights = resampleCounts(n, random);
    statistics.forEach((statistic, k) => {
      const value = statistic(weights);
      if (value !== null && Number.isFinite(value)) values[k]!.push(value);
    });
  }
  return statistics.map((statistic, k) => {
    const sorted = values[k]!.sort((a, b) => a - b);
    return { estimate: statistic(undefined), low: quantile(sorted, 0.025), high: quantile(sorted, 0.975), resamples: sorted.length };
  });
}
