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

export function scoreLead(plan: PolicyPlan, scoring: ScoringSpec, holds: boolean[], facts: Facts, asOfMs: number): ScoreOutcome {
  const index = plan.index.score;
  const held = (key: string) => holds[index.get(key)!] === true;

  const excluded = (scoring.exclusions ?? []).find((e) => held(`exclusion:${e.id}`))?.id ?? null;
  const rules = scoring.rules.filter((r) => held(`rule:${r.id}`)).map((r) => ({ id: r.id, dimension: r.dimension, points: r.points }));
  const dimensions: Record<string, number> = {};
  const decay: Record<string, number> = {};
  const reset: string[] = [];
  for (const d of scoring.dimensions) {
    const floor = d.floor ?? 0;
    if (excluded) {
      dimensions[d.id] = floor;
      continue;
    }
    let points = Math.min(d.cap, rules.filter((r) => r.dimension === d.id).reduce((sum, r) => sum + r.points, 0));
    if (d.decay) {
      const days = daysSince(facts[d.decay.fact], asOfMs);
      const lost = days !== null && days > 0 ? Math.floor(days / d.decay.everyDays) * d.decay.points : 0;
      if (lost > 0) {
        decay[d.id] = lost;
        points -= lost;
      }
    }
    if (d.resetWhen && held(`reset:${d.id}`)) {
      reset.push(d.id);
      points = floor;
    }
    dimensions[d.id] = Math.max(floor, points);
  }
  const total = Object.values(dimensions).reduce((a, b) => a + b, 0);
  const gradeValue = dimensions[scoring.grades.dimension] ?? 0;
  const grade = scoring.grades.bands.find((b) => gradeValue >= b.min)?.grade ?? null;
  const thresholds = excluded
    ? []
    : scoring.thresholds
        .filter((t) => Object.entries(t.minimums).every(([k, min]) => (k === "total" ? total : (dimensions[k] ?? 0)) >= (min ?? 0)))
        .map((t) => t.id);
  return { dimensions, total, grade, thresholds, excluded, rules, decay, reset };
}
