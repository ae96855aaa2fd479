/**
 * The calibration model: a logistic regression of the outcome on the total score, p = 1 / (1 + e^-(a + b z))
 * with z the score standardized (mean 0, standard deviation 1, so the steps are well scaled), fitted by
 * Newton's method from a = b = 0: at most 25 steps, stopping when a step moves neither coefficient by
 * more than 1e-10. A tiny ridge (1e-6) on b keeps the step defined when the outcome is separable by score.
 * Deterministic: the same leads in any order give the same fit up to floating-point summation order, and
 * the same leads in the same order give the same bits.
 */

export interface LogisticFit {
  /** Intercept and slope on the standardized score. */
  intercept: number;
  slope: number;
  /** The score's mean and standard deviation used to standardize it. */
  mean: number;
  sd: number;
  /** Newton steps taken. */
  steps: number;
}

const maxSteps = 25;
const ridge = 1e-6;

export function fitLogistic(scores: readonly number[], labels: readonly boolean[]): LogisticFit {
  const n = scores.length;
  const mean = n === 0 ? 0 : scores.reduce((s, x) => s + x, 0) / n;
  const variance = n === 0 ? 0 : scores.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
  const sd = variance > 0 ? Math.sqrt(variance) : 1;
  const z = scores.map((x) => (x - mean) / sd);
  let a = 0;
  let b = 0;
  let steps = 0;
  while (steps < maxSteps) {
    // Gradient and Hessian of the log-likelihood (minus the ridge on b).
    let ga = 0;
    let gb = -ridge * b;
    let haa = 0;
    let hab = 0;
    let hbb = ridge;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a + b * z[i]!);
      const r = (labels[i] ? 1 : 0) - p;
      const w = p * (1 - p);
      ga += r;
      gb += r * z[i]!;
      haa += w;
      hab += w * z[i]!;
      hbb += w * z[i]! ** 2;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a += da;
    b += db;
    steps++;
    if (Math.abs(da) <= 1e-10 && Math.abs(db) <= 1e-10) break;
  }
  return { intercept: a, slope: b, mean, sd, steps };
}

/** The fitted probability of a positive outcome at a score. */
export function predictLogistic(fit: LogisticFit, score: number): number {
  return sigmoid(fit.intercept + (fit.slope * (score - fit.mean)) / fit.sd);
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
