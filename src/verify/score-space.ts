/**
 * Reasoning about the score-derived facts (`score.*`, `threshold.*`) of leads
 * whose scoring fields are only partly decided. A partial assignment bounds
 * every dimension to an interval (caps, floors, decay, resets, exclusions);
 * the goal is then tried on every cell of those intervals, split at the
 * constants the goal compares scores with, with grade and thresholds computed
 * from the same values. Because the facts are all computed from one set of
 * dimension values, "MQL and fit < 30" is refuted at once: no fit value is
 * both at least 30 and below 30.
 *
 * The cells over-approximate the scores a lead can get (the bounds are
 * intervals, the sum of cells a range), so a "no" here is a proof, and a
 * "maybe" leaves the search to decide with the real scorer.
 */
import { daysSince, type OperatorFunction, operatorDefinitions } from "../compile/operators.js";
import type { Condition, FactCondition, Operator } from "../model/condition.js";
import { factConditions } from "../model/condition-walk.js";
import type { FactValue } from "../model/lead.js";
import type { ScoringSpec } from "../model/policy.js";
import { gradeFor } from "../simulate/score.js";
import { type Assignment, type DerivedLeaf, evaluatePartial, type Tri } from "./solver.js";

export interface ScoreBounds {
  lo: Record<string, number>;
  hi: Record<string, number>;
  excluded: Tri;
}

export const isScoreDerived = (fact: string) => fact.startsWith("threshold.") || fact.startsWith("score.");

/**
 * Every dimension's interval for a partial assignment. Sound: for every
 * completion of the assignment, the scorer's value lies inside
 * (tests/score-bounds.test.ts checks it on random policies and leads).
 */
export function scoreBounds(
  scoring: ScoringSpec,
  assignment: Assignment,
  operators: Record<Operator, OperatorFunction>,
  asOfMs: number,
): ScoreBounds {
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
    // Decay takes between nothing and everything while its date is undecided.
    let lostLeast = 0;
    let lostMost = 0;
    if (d.decay) {
      if (assignment.has(d.decay.fact)) {
        const days = daysSince(assignment.get(d.decay.fact), asOfMs);
        lostLeast = lostMost = days !== null && days > 0 ? Math.floor(days / d.decay.everyDays) * d.decay.points : 0;
      } else lostMost = Number.POSITIVE_INFINITY;
    }
    const reset = d.resetWhen ? evaluatePartial(d.resetWhen, assignment, operators) : false;
    hi[d.id] = excluded === true || reset === true ? floor : Math.max(floor, Math.min(d.cap, definite + up) - lostLeast);
    lo[d.id] = excluded !== false || reset !== false ? floor : Math.max(floor, Math.min(d.cap, definite + down) - lostMost);
  }
  return { lo, hi, excluded };
}

/** One score-derived fact of exact dimension values, as the scorer computes it (null for an unknown fact). */
export function scoreFactOf(
  scoring: ScoringSpec,
  fact: string,
  dimensions: Record<string, number>,
  total: number,
  excluded: boolean,
): FactValue {
  if (fact === "score.total") return total;
  if (fact === "score.excluded") return excluded;
  if (fact === "score.grade") return gradeFor(scoring.grades.bands, dimensions[scoring.grades.dimension] ?? 0);
  if (fact.startsWith("threshold.")) {
    const t = scoring.thresholds.find((x) => `threshold.${x.id}` === fact);
    if (!t) return null;
    return !excluded && Object.entries(t.minimums).every(([k, min]) => (k === "total" ? total : (dimensions[k] ?? 0)) >= (min ?? 0));
  }
  return dimensions[fact.slice("score.".length)] ?? null;
}

interface Cell {
  lo: number;
  hi: number;
  /** A value inside the cell: every comparison with the split constants has the same truth on the whole cell. */
  at: number;
}

/** [lo, hi] split at the constants inside it: each point, and each open gap between points. */
function cells(lo: number, hi: number, constants: readonly number[]): Cell[] {
  const points = [...new Set([lo, hi, ...constants.filter((c) => c > lo && c < hi)])].sort((a, b) => a - b);
  const result: Cell[] = [];
  points.forEach((p, i) => {
    result.push({ lo: p, hi: p, at: p });
    const next = points[i + 1];
    if (next !== undefined) result.push({ lo: p, hi: next, at: p / 2 + next / 2 });
  });
  return result;
}

/** The constants a goal compares each score with: per dimension, and for the total. */
function splitConstants(scoring: ScoringSpec, goal: Condition): { byDimension: Map<string, number[]>; total: number[] } {
  const byDimension = new Map<string, number[]>();
  const total: number[] = [];
  const add = (key: string, values: number[]) => {
    if (key === "total") total.push(...values);
    else byDimension.set(key, [...(byDimension.get(key) ?? []), ...values]);
  };
  for (const { condition } of factConditions(goal)) {
    const fact = condition.fact;
    if (fact === "score.grade")
      add(
        scoring.grades.dimension,
        scoring.grades.bands.map((b) => b.min),
      );
    else if (fact.startsWith("threshold.")) {
      const t = scoring.thresholds.find((x) => `threshold.${x.id}` === fact);
      for (const [k, min] of Object.entries(t?.minimums ?? {})) add(k, [min ?? 0]);
    } else if (fact.startsWith("score.") && fact !== "score.excluded") {
      const numbers = (operatorDefinitions[condition.operator].domain(condition.value).values ?? []).filter(
        (v): v is number => typeof v === "number",
      );
      add(fact.slice("score.".length), numbers);
    }
  }
  return { byDimension, total };
}

/**
 * For one goal: what the goal is for the scores inside the bounds of a
 * partial assignment. False (no score satisfies it) is a proof that no
 * completion does; true (every score does) that every completion does;
 * undefined: the scoring fields left must decide.
 */
export function scoreSpace(
  scoring: ScoringSpec,
  /** The goal and the conditions it reads through derived facts: their score comparisons split the cells. */
  reads: readonly Condition[],
  operators: Record<Operator, OperatorFunction>,
) {
  const constants = splitConstants(scoring, { all: [...reads] });
  return (bounds: ScoreBounds, goalWith: (scoreLeaf: DerivedLeaf) => Tri): Tri => {
    const seen = new Set<Tri>();
    const options = bounds.excluded === undefined ? [false, true] : [bounds.excluded];
    for (const excluded of options) {
      const perDimension = scoring.dimensions.map((d) => {
        const floor = d.floor ?? 0;
        if (excluded) return [{ lo: floor, hi: floor, at: floor }];
        const lo = bounds.lo[d.id]!;
        const hi = bounds.hi[d.id]!;
        // A dimension the goal does not compare on its own only counts towards the total: one cell.
        const split = constants.byDimension.get(d.id);
        return split ? cells(lo, hi, split) : [{ lo, hi, at: lo }];
      });
      for (const choice of product(perDimension)) {
        const dimensions: Record<string, number> = {};
        let low = 0;
        let high = 0;
        scoring.dimensions.forEach((d, i) => {
          dimensions[d.id] = choice[i]!.at;
          low += choice[i]!.lo;
          high += choice[i]!.hi;
        });
        for (const total of cells(low, high, constants.total)) {
          const leaf = (c: FactCondition) =>
            isScoreDerived(c.fact)
              ? (operators[c.operator](scoreFactOf(scoring, c.fact, dimensions, total.at, excluded), c.value) as Tri)
              : null;
          seen.add(goalWith(leaf));
          if (seen.has(undefined) || (seen.has(true) && seen.has(false))) return undefined;
        }
      }
    }
    return seen.has(true);
  };
}

function* product<T>(lists: readonly T[][]): Generator<T[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const item of first!) for (const tail of product(rest)) yield [item, ...tail];
}
