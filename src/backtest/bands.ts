/**
 * Score bands: deciles of the total score that never split a score. Leads are taken from the highest score
 * down, a whole group of tied scores at a time, into band 1; a band closes once the leads taken so far reach
 * the next tenth of all leads (k x n / 10), so every band ends on a decile boundary or just past it. Ties at
 * a boundary make a band larger and may leave fewer than ten bands (one band per distinct score at most).
 */

/** A band: its number (1 = highest scores), its score range and the indices of its leads. */
export interface ScoreBand {
  band: number;
  minScore: number;
  maxScore: number;
  leads: number[];
}

export function scoreBands(scores: readonly number[], count = 10): ScoreBand[] {
  const n = scores.length;
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const bands: ScoreBand[] = [];
  let current: number[] = [];
  let next = 1;
  for (let at = 0; at < n; ) {
    const score = scores[order[at]!]!;
    for (; at < n && scores[order[at]!] === score; at++) current.push(order[at]!);
    if (at * count >= next * n || at === n) {
      bands.push({ band: bands.length + 1, maxScore: scores[current[0]!]!, minScore: score, leads: current });
      current = [];
      while (next * n <= at * count) next++;
    }
  }
  return bands;
}
