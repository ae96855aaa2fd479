/**
 * ROC AUC as the Mann–Whitney statistic: the share of (positive, negative) pairs in which the positive
 * scores higher, a tie counting one half. Undefined (null) without a positive or without a negative.
 * Leads may carry a weight (how often a bootstrap resample drew them), so a resample is measured
 * without being built.
 */

/** Lead indices ordered by score ascending (ties by index), computed once and reused by every resample. */
export function scoreOrder(scores: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
}

/**
 * The AUC of `scores` against `labels` (true = positive). `weights[i]` counts lead i that many times
 * (default 1); `order` is `scoreOrder(scores)`, passed to avoid sorting again.
 */
export function rocAuc(
  scores: readonly number[],
  labels: readonly boolean[],
  weights?: ArrayLike<number>,
  order: readonly number[] = scoreOrder(scores),
): number | null {
  let negativesBelow = 0;
  let pairs = 0;
  let positives = 0;
  for (let at = 0; at < order.length; ) {
    // One group of tied scores: its positives beat the negatives below it and tie with the negatives in it.
    const score = scores[order[at]!]!;
    let groupPositives = 0;
    let groupNegatives = 0;
    for (; at < order.length && scores[order[at]!] === score; at++) {
      const i = order[at]!;
      const w = weights ? weights[i]! : 1;
      if (labels[i]) groupPositives += w;
      else groupNegatives += w;
    }
    pairs += groupPositives * (negativesBelow + groupNegatives / 2);
    negativesBelow += groupNegatives;
    positives += groupPositives;
  }
  if (positives === 0 || negativesBelow === 0) return null;
  return pairs / (positives * negativesBelow);
}

/** A point of the ROC curve: the shares of negatives and positives at or above a score. */
export interface RocPoint {
  /** Leads scoring at least this much are called positive; null for the first point (none called positive). */
  score: number | null;
  falsePositiveRate: number;
  truePositiveRate: number;
}

/** The ROC curve, from (0, 0) (nothing called positive) to (1, 1), one point per distinct score, highest first. */
export function rocCurve(scores: readonly number[], labels: readonly boolean[]): RocPoint[] {
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return [];
  const order = scoreOrder(scores).reverse();
  const points: RocPoint[] = [{ score: null, falsePositiveRate: 0, truePositiveRate: 0 }];
  let tp = 0;
  let fp = 0;
  for (let at = 0; at < order.length; ) {
    const score = scores[order[at]!]!;
    for (; at < order.length && scores[order[at]!] === score; at++) {
      if (labels[order[at]!]) tp++;
      else fp++;
    }
    points.push({ score, falsePositiveRate: fp / negatives, truePositiveRate: tp / positives });
  }
  return points;
}
