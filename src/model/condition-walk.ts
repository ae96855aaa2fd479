/**
 * The one walk of the condition tree (all / any / not / fact leaves), for
 * compile-time and analysis code: the generated evaluator, the
 * json-rules-engine rules, the trace of explain, the words in docs and every
 * listing of facts are folds of it. Two places walk on their own, for speed,
 * and say why: the three-valued evaluation of the solver (verify/solver.ts,
 * which must stop at the first deciding child) and the per-lead code the
 * compiled evaluator generates.
 */
import type { AllCondition, AnyCondition, Condition, FactCondition, NotCondition } from "./condition.js";

/** What a fold makes of each kind of node; children are folded first, in order. */
export interface ConditionFold<T> {
  all(children: T[], condition: AllCondition): T;
  any(children: T[], condition: AnyCondition): T;
  not(child: T, condition: NotCondition): T;
  /** A comparison, with its JSON pointer relative to the folded tree. */
  fact(condition: FactCondition, pointer: string): T;
}

/** Folds a condition tree bottom-up. `pointer` is the tree's own pointer, prefixed to the leaves' pointers. */
export function foldCondition<T>(condition: Condition, fold: ConditionFold<T>, pointer = ""): T {
  if ("all" in condition)
    return fold.all(
      condition.all.map((c, i) => foldCondition(c, fold, `${pointer}/all/${i}`)),
      condition,
    );
  if ("any" in condition)
    return fold.any(
      condition.any.map((c, i) => foldCondition(c, fold, `${pointer}/any/${i}`)),
      condition,
    );
  if ("not" in condition) return fold.not(foldCondition(condition.not, fold, `${pointer}/not`), condition);
  return fold.fact(condition, pointer);
}

/** Every fact condition inside a condition tree, in order, with its JSON pointer relative to the tree. */
export function factConditions(condition: Condition): { condition: FactCondition; pointer: string }[] {
  const flat = (children: { condition: FactCondition; pointer: string }[][]) => children.flat();
  return foldCondition(condition, { all: flat, any: flat, not: (child) => child, fact: (c, pointer) => [{ condition: c, pointer }] });
}

/**
 * The facts a set of conditions reads, most-read first (ties in first-seen
 * order): deciding the facts most conditions depend on early cuts the search
 * soonest.
 */
export function factsOf(conditions: readonly Condition[]): string[] {
  const counts = new Map<string, number>();
  for (const condition of conditions)
    for (const { condition: c } of factConditions(condition)) counts.set(c.fact, (counts.get(c.fact) ?? 0) + 1);
  const firstSeen = [...counts.keys()];
  return [...firstSeen].sort((a, b) => counts.get(b)! - counts.get(a)! || firstSeen.indexOf(a) - firstSeen.indexOf(b));
}
