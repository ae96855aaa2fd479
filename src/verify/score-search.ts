/**
 * The scoring side of the search: which fields scoring reads, the exact score
 * once every scoring condition is decided, and the best score any lead gets
 * (branch and bound on the bounds of score-space.ts).
 */
import type { Facts } from "../compile/compile-condition.js";
import type { OperatorFunction } from "../compile/operators.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Operator } from "../model/condition.js";
import { factsOf } from "../model/condition-walk.js";
import type { ScoringSpec } from "../model/policy.js";
import { createScorer } from "../simulate/score.js";
import type { FactDomain } from "./domains.js";
import { scoreBounds } from "./score-space.js";
import { type Assignment, evaluatePartial, findAssignment, type SearchResult } from "./solver.js";

export function scoringFacts(scoring: ScoringSpec): string[] {
  return factsOf([
    ...(scoring.exclusions ?? []).map((e) => e.when),
    ...scoring.rules.map((r) => r.when),
    ...scoring.dimensions.flatMap((d) => (d.resetWhen ? [d.resetWhen] : [])),
    ...scoring.dimensions.flatMap((d) => (d.decay ? [{ fact: d.decay.fact, operator: "exists" as const, value: true }] : [])),
  ]);
}

/** The real score-derived facts of an assignment, by the scorer itself, once every scoring condition and decay date is decided; null before. */
export function realScoreFacts(plan: PolicyPlan, operators: Record<Operator, OperatorFunction>, asOfMs: number) {
  const scoring = plan.scoring!;
  const scorer = createScorer(plan, scoring, asOfMs);
  const fields = scoringFacts(scoring);
  const decayFacts = scoring.dimensions.flatMap((d) => (d.decay ? [d.decay.fact] : []));
  return (a: Assignment): Assignment | null => {
    if (decayFacts.some((f) => !a.has(f))) return null;
    const holds = plan.steps.score.map((s) => evaluatePartial(s.condition, a, operators));
    if (holds.some((h) => h === undefined)) return null;
    const lead: Facts = Object.create(null);
    for (const f of fields) lead[f] = a.has(f) ? a.get(f)! : null;
    const score = scorer(holds as boolean[], lead);
    const real: Assignment = new Map();
    for (const [d, v] of Object.entries(score.dimensions)) real.set(`score.${d}`, v);
    real
      .set("score.total", score.total)
      .set("score.grade", score.grade)
      .set("score.excluded", score.excluded !== null);
    for (const t of scoring.thresholds) real.set(`threshold.${t.id}`, score.thresholds.includes(t.id));
    return real;
  };
}

/** The most a dimension (or the total) can score: an upper bound from caps and positive points. */
export function maximumPoints(scoring: ScoringSpec): Record<string, number> {
  const result: Record<string, number> = {};
  for (const d of scoring.dimensions) {
    const positive = scoring.rules.filter((r) => r.dimension === d.id && r.points > 0).reduce((a, r) => a + r.points, 0);
    result[d.id] = Math.max(d.floor ?? 0, Math.min(d.cap, positive));
  }
  result.total = Object.values(result).reduce((a, v) => a + v, 0);
  return result;
}

export interface BestScore {
  assignment: Assignment;
  score: Record<string, number>;
}

/** The highest-scoring lead (by total), by branch and bound within a budget. */
export function findMaximumScore(
  plan: PolicyPlan,
  domains: ReadonlyMap<string, FactDomain>,
  operators: Record<Operator, OperatorFunction>,
  asOfMs: number,
  budget: { limit: number; deadline: number },
): { best: BestScore | null; search: SearchResult } {
  const scoring = plan.scoring!;
  const real = realScoreFacts(plan, operators, asOfMs);
  let best: BestScore | null = null;
  let bestTotal = Number.NEGATIVE_INFINITY;
  const search = findAssignment(
    (a) => {
      const hi = scoreBounds(scoring, a, operators, asOfMs).hi;
      if (Object.values(hi).reduce((x, v) => x + v, 0) <= bestTotal) return false;
      const facts = real(a);
      if (!facts) return undefined;
      const total = facts.get("score.total") as number;
      if (total > bestTotal) {
        bestTotal = total;
        const score: Record<string, number> = {};
        for (const d of scoring.dimensions) score[d.id] = facts.get(`score.${d.id}`) as number;
        best = { assignment: new Map(a), score: { ...score, total } };
      }
      return false;
    },
    scoringFacts(scoring),
    { domains, ...budget },
  );
  return { best, search };
}
