/**
 * Scoring: per-dimension points from the rules that hold, capped, decayed by
 * inactivity, reset by a reset condition, floored; then grade and thresholds.
 * An excluded lead scores the floor of every dimension and reaches no threshold.
 */
import { daysSince } from "../compile/operators.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Facts } from "../compile/compile-condition.js";
import type { ScoreOutcome } from "../model/outcome.js";
import type { ScoringSpec } from "../model/policy.js";
import { conditionKey } from "../model/condition-listing.js";

/** The grade of a value: the first band, in the order listed, whose minimum it reaches. */
export function gradeFor(bands: ScoringSpec["grades"]["bands"], value: number): string | null {
  return bands.find((b) => value >= b.min)?.grade ?? null;
}

/** Decides a lead's score from its scoring step's results. */
export type Scorer = (holds: boolean[], facts: Facts) => ScoreOutcome;

/** Everything that does not depend on the lead (result positions, rule outcomes, threshold minimums) is worked out here, once. */
export function createScorer(plan: PolicyPlan, scoring: ScoringSpec, asOfMs: number): Scorer {
  const dimensionIds = scoring.dimensions.map((d) => d.id);
  const rules = scoring.rules.map((r) => ({
    at: plan.at("score", conditionKey("rule", r.id)),
    dimension: dimensionIds.indexOf(r.dimension),
    outcome: Object.freeze({ id: r.id, dimension: r.dimension, points: r.points }),
  }));
  const exclusions = (scoring.exclusions ?? []).map((e) => ({ at: plan.at("score", conditionKey("exclusion", e.id)), id: e.id }));
  const dimensions = scoring.dimensions.map((d) => ({
    ...d,
    floor: d.floor ?? 0,
    resetAt: d.resetWhen ? plan.at("score", conditionKey("reset", d.id)) : -1,
  }));
  const thresholds = scoring.thresholds.map((t) => ({
    id: t.id,
    minimums: Object.entries(t.minimums).map(([k, min]) => ({ total: k === "total", dimension: dimensionIds.indexOf(k), min: min ?? 0 })),
  }));
  const gradeDimension = dimensionIds.indexOf(scoring.grades.dimension);
  const bands = scoring.grades.bands;

  return (holds, facts) => {
    const exclusion = exclusions.find((e) => holds[e.at] === true);
    const excluded = exclusion ? exclusion.id : null;
    const held: ScoreOutcome["rules"] = [];
    const sums = dimensions.map(() => 0);
    for (const rule of rules) {
      if (holds[rule.at] !== true) continue;
      held.push(rule.outcome);
      if (rule.dimension >= 0) sums[rule.dimension] = sums[rule.dimension]! + rule.outcome.points;
    }
    const values: number[] = [];
    const byDimension: Record<string, number> = {};
    const decay: Record<string, number> = {};
    const reset: string[] = [];
    let total = 0;
    dimensions.forEach((d, k) => {
      let points = d.floor;
      if (!excluded) {
        points = Math.min(d.cap, sums[k]!);
        if (d.decay) {
          const days = daysSince(facts[d.decay.fact], asOfMs);
          const lost = days !== null && days > 0 ? Math.floor(days / d.decay.everyDays) * d.decay.points : 0;
          if (lost > 0) {
            decay[d.id] = lost;
            points -= lost;
          }
        }
        if (d.resetAt >= 0 && holds[d.resetAt] === true) {
          reset.push(d.id);
          points = d.floor;
        }
        points = Math.max(d.floor, points);
      }
      values.push(points);
      byDimension[d.id] = points;
      total += points;
    });
    const gradeValue = gradeDimension >= 0 ? values[gradeDimension]! : 0;
    const grade = gradeFor(bands, gradeValue);
    const reached = excluded
      ? []
      : thresholds
          .filter((t) => t.minimums.every((m) => (m.total ? total : m.dimension >= 0 ? values[m.dimension]! : 0) >= m.min))
          .map((t) => t.id);
    return { dimensions: byDimension, total, grade, thresholds: reached, excluded, rules: held, decay, reset };
  };
}
