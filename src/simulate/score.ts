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

interface ScoreLayout {
  rules: number[];
  exclusions: number[];
  resets: Map<string, number>;
}

const layouts = new WeakMap<PolicyPlan, ScoreLayout>();

/** Where each rule, exclusion and reset sits in the step's results, worked out once per plan. */
function layoutOf(plan: PolicyPlan, scoring: ScoringSpec): ScoreLayout {
  let layout = layouts.get(plan);
  if (!layout) {
    layout = {
      rules: scoring.rules.map((r) => plan.at("score", `rule:${r.id}`)),
      exclusions: (scoring.exclusions ?? []).map((e) => plan.at("score", `exclusion:${e.id}`)),
      resets: new Map(scoring.dimensions.filter((d) => d.resetWhen).map((d) => [d.id, plan.at("score", `reset:${d.id}`)])),
    };
    layouts.set(plan, layout);
  }
  return layout;
}

export function scoreLead(plan: PolicyPlan, scoring: ScoringSpec, holds: boolean[], facts: Facts, asOfMs: number): ScoreOutcome {
  const layout = layoutOf(plan, scoring);
  const exclusionAt = layout.exclusions.findIndex((i) => holds[i] === true);
  const excluded = exclusionAt >= 0 ? scoring.exclusions![exclusionAt]!.id : null;
  const rules: ScoreOutcome["rules"] = [];
  scoring.rules.forEach((r, i) => {
    if (holds[layout.rules[i]!] === true) rules.push({ id: r.id, dimension: r.dimension, points: r.points });
  });
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
    if (d.resetWhen && holds[layout.resets.get(d.id)!] === true) {
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
