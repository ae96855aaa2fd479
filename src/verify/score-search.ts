/**
 * Search for a lead whose score meets a target (thresholds reached or not, a
 * grade), by branch and bound: each partial assignment bounds every
 * dimension from below and above (caps, floors, decay, resets, exclusions),
 * and branches that cannot meet the target are cut.
 */
import type { Facts } from "../compile/compile-condition.js";
import type { OperatorFunction } from "../compile/operators.js";
import { daysSince } from "../compile/operators.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Operator } from "../model/condition.js";
import type { ScoringSpec } from "../model/policy.js";
import { createScorer, type Scorer } from "../simulate/score.js";
import type { FactDomain } from "./domains.js";
import { factsOf } from "../model/condition-walk.js";
import { evaluatePartial, findAssignment, type Assignment, type DerivedLeaf, type Tri } from "./solver.js";

export interface ScoreTarget {
  /** threshold id -> must be reached (true) or must not be (false). */
  thresholds?: Record<string, boolean>;
  grade?: string;
}

interface Bounds {
  lo: Record<string, number>;
  hi: Record<string, number>;
  excluded: Tri;
}

export function scoringFacts(scoring: ScoringSpec): string[] {
  return factsOf([
    ...(scoring.exclusions ?? []).map((e) => e.when),
    ...scoring.rules.map((r) => r.when),
    ...scoring.dimensions.flatMap((d) => (d.resetWhen ? [d.resetWhen] : [])),
    ...scoring.dimensions.flatMap((d) => (d.decay ? [{ fact: d.decay.fact, operator: "exists" as const, value: true }] : [])),
  ]);
}

function bounds(scoring: ScoringSpec, assignment: Assignment, operators: Record<Operator, OperatorFunction>, asOfMs: number): Bounds {
  const excludedStates = (scoring.exclusions ?? []).map((e) => evaluatePartial(e.when, assignment, operators));
  const excluded: Tri = excludedStates.some((s) => s === true) ? true : excludedStates.every((s) => s === false) ? false : undefined;
  const lo: Record<string, number> = {};
  const hi: Record<string, number> = {};
  for (const d of scoring.dimensions) {
    const floor = d.floor ?? 0;
    let definite = 0;
    let up = 0;
    let down = 0;
    for (const r of scoring.rules) {
      if (r.dimension !== d.id) continue;
      const state = evaluatePartial(r.when, assignment, operators);
      if (state === true) definite += r.points;
      else if (state === undefined) r.points > 0 ? (up += r.points) : (down += r.points);
    }
    let lostKnown = 0;
    let decayKnown = true;
    if (d.decay) {
      if (assignment.has(d.decay.fact)) {
        const days = daysSince(assignment.get(d.decay.fact), asOfMs);
        lostKnown = days !== null && days > 0 ? Math.floor(days / d.decay.everyDays) * d.decay.points : 0;
      } else decayKnown = false;
    }
    const reset = d.resetWhen ? evaluatePartial(d.resetWhen, assignment, operators) : false;
    hi[d.id] = excluded === true || reset === true ? floor : Math.max(floor, Math.min(d.cap, definite + up) - lostKnown);
    lo[d.id] = excluded !== false || reset !== false || !decayKnown ? floor : Math.max(floor, Math.min(d.cap, definite + down) - lostKnown);
  }
  return { lo, hi, excluded };
}

function possible(scoring: ScoringSpec, b: Bounds, target: ScoreTarget): boolean {
  const total = (m: Record<string, number>) => Object.values(m).reduce((a, v) => a + v, 0);
  const at = (m: Record<string, number>, key: string) => (key === "total" ? total(m) : (m[key] ?? 0));
  for (const [id, reached] of Object.entries(target.thresholds ?? {})) {
    const t = scoring.thresholds.find((x) => x.id === id);
    if (!t) continue;
    const mins = Object.entries(t.minimums);
    if (reached && (b.excluded === true || mins.some(([k, min]) => at(b.hi, k) < (min ?? 0)))) return false;
    if (!reached && b.excluded === false && mins.every(([k, min]) => at(b.lo, k) >= (min ?? 0))) return false;
  }
  if (target.grade) {
    const bands = scoring.grades.bands;
    const i = bands.findIndex((band) => band.grade === target.grade);
    if (i < 0) return false;
    const lower = bands[i]!.min;
    const upper = i > 0 ? bands[i - 1]!.min : Infinity;
    const d = scoring.grades.dimension;
    if (at(b.hi, d) < lower || at(b.lo, d) >= upper) return false;
  }
  return true;
}

/** The exact score of an assignment once every scoring condition is decided; null before that. */
function exactScore(plan: PolicyPlan, scorer: Scorer, a: Assignment, operators: Record<Operator, OperatorFunction>) {
  const holds = plan.steps.score.map((s) => evaluatePartial(s.condition, a, operators));
  if (holds.some((h) => h === undefined)) return null;
  const lead: Facts = Object.create(null);
  for (const f of scoringFacts(plan.scoring!)) lead[f] = a.has(f) ? a.get(f)! : null;
  return scorer(holds as boolean[], lead);
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

/** The highest-scoring lead (by total), by exhaustive branch and bound within a budget. */
export function findMaximumScore(
  plan: PolicyPlan,
  domains: ReadonlyMap<string, FactDomain>,
  operators: Record<Operator, OperatorFunction>,
  asOfMs: number,
): { assignment: Assignment; score: Record<string, number> } | null {
  const scoring = plan.scoring!;
  const scorer = createScorer(plan, scoring, asOfMs);
  const facts = scoringFacts(scoring);
  let best: { assignment: Assignment; score: Record<string, number> } | null = null;
  let bestTotal = -Infinity;
  findAssignment({ all: [] }, facts, {
    domains,
    operators,
    feasible: (a) => Object.values(bounds(scoring, a, operators, asOfMs).hi).reduce((x, v) => x + v, 0) > bestTotal,
    accept: (a) => {
      const score = exactScore(plan, scorer, a, operators);
      if (score && score.total > bestTotal) {
        bestTotal = score.total;
        best = { assignment: new Map(a), score: { ...score.dimensions, total: score.total } };
      }
      return false;
    },
  });
  return best;
}

/**
 * Decides comparisons on score-derived facts (`threshold.*`, `score.*`) from
 * the bounds a partial assignment of the scoring fields implies, so branches
 * whose scores cannot satisfy a goal are cut early.
 */
export function scoreDerivedLeaf(plan: PolicyPlan, operators: Record<Operator, OperatorFunction>, asOfMs: number): DerivedLeaf {
  const scoring = plan.scoring!;
  return (condition, assignment) => {
    const fact = condition.fact;
    if (!fact.startsWith("threshold.") && !fact.startsWith("score.")) return null;
    const b = bounds(scoring, assignment, operators, asOfMs);
    const op = operators[condition.operator];
    const decide = (candidates: unknown[]): Tri => {
      const results = new Set(candidates.map((c) => op(c, condition.value)));
      return results.size === 1 ? [...results][0] : undefined;
    };
    const total = (m: Record<string, number>) => Object.values(m).reduce((x, v) => x + v, 0);
    if (fact.startsWith("threshold.")) {
      const t = scoring.thresholds.find((x) => x.id === fact.slice("threshold.".length));
      if (!t) return null;
      const at = (m: Record<string, number>, k: string) => (k === "total" ? total(m) : (m[k] ?? 0));
      const mins = Object.entries(t.minimums);
      const surely = b.excluded === false && mins.every(([k, min]) => at(b.lo, k) >= (min ?? 0));
      const never = b.excluded === true || mins.some(([k, min]) => at(b.hi, k) < (min ?? 0));
      return decide(surely ? [true] : never ? [false] : [true, false]);
    }
    if (fact === "score.excluded") return decide(b.excluded === undefined ? [true, false] : [b.excluded]);
    if (fact === "score.grade") {
      const d = scoring.grades.dimension;
      const lo = b.lo[d] ?? 0;
      const hi = b.hi[d] ?? 0;
      const bands = scoring.grades.bands;
      const grades: (string | null)[] = bands
        .filter((band, i) => band.min <= hi && (i === 0 || bands[i - 1]!.min > lo))
        .map((band) => band.grade);
      if (!bands.some((band) => lo >= band.min)) grades.push(null);
      return decide(grades);
    }
    const dimension = fact.slice("score.".length);
    const lo = dimension === "total" ? total(b.lo) : b.lo[dimension];
    const hi = dimension === "total" ? total(b.hi) : b.hi[dimension];
    if (lo === undefined || hi === undefined) return null;
    // Comparisons with constants are decided by the interval's ends and the constants inside it.
    const constants = (Array.isArray(condition.value) ? condition.value : [condition.value]).filter(
      (v): v is number => typeof v === "number" && v > lo && v < hi,
    );
    return decide([lo, hi, ...constants, ...constants.map((c) => c - 0.5), ...constants.map((c) => c + 0.5)]);
  };
}

/**
 * Keeps assigned score variables consistent with the lead's own fields:
 * `feasible` cuts branches whose bounds rule a value out; `accept` checks the
 * exact score once every scoring condition is decided.
 */
export function scoreConsistency(plan: PolicyPlan, operators: Record<Operator, OperatorFunction>, asOfMs: number) {
  const scoring = plan.scoring!;
  const scorer = createScorer(plan, scoring, asOfMs);
  const targetOf = (a: Assignment): ScoreTarget & { excluded?: boolean } => {
    const target: ScoreTarget & { excluded?: boolean } = {};
    for (const [fact, value] of a) {
      if (fact.startsWith("threshold.") && typeof value === "boolean") (target.thresholds ??= {})[fact.slice("threshold.".length)] = value;
      else if (fact === "score.grade" && typeof value === "string") target.grade = value;
      else if (fact === "score.excluded" && typeof value === "boolean") target.excluded = value;
    }
    return target;
  };
  return {
    feasible: (a: Assignment) => {
      const target = targetOf(a);
      const b = bounds(scoring, a, operators, asOfMs);
      if (target.excluded !== undefined && b.excluded !== undefined && b.excluded !== target.excluded) return false;
      return possible(scoring, b, target);
    },
    /** The real score-derived facts once every scoring condition is decided; null before that. */
    realValues: (a: Assignment): Assignment | null => {
      const score = exactScore(plan, scorer, a, operators);
      if (!score) return null;
      const real: Assignment = new Map();
      for (const [d, v] of Object.entries(score.dimensions)) real.set(`score.${d}`, v);
      real
        .set("score.total", score.total)
        .set("score.grade", score.grade)
        .set("score.excluded", score.excluded !== null);
      for (const t of scoring.thresholds) real.set(`threshold.${t.id}`, score.thresholds.includes(t.id));
      return real;
    },
  };
}
