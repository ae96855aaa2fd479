/**
 * A small exact search over finite fact domains. Conditions are evaluated in
 * three-valued logic on partial assignments (true, false, or not yet known),
 * so whole branches are cut as soon as the answer is decided.
 */
import type { Condition, FactCondition } from "../model/condition.js";
import type { OperatorFunction } from "../compile/operators.js";
import type { Operator } from "../model/condition.js";
import type { FactValue } from "../model/lead.js";
import type { FactDomain } from "./domains.js";

export type Assignment = Map<string, FactValue>;
export type Tri = boolean | undefined;

/** Decides a comparison on a derived fact (e.g. `threshold.mql`) from a partial assignment; null if the fact is not derived. */
export type DerivedLeaf = (condition: FactCondition, assignment: Assignment) => Tri | null;

/**
 * Three-valued evaluation on a partial assignment. It walks the tree itself
 * rather than by foldCondition (model/condition-walk.ts): it is the inner loop
 * of the search, run for every assignment tried, and must stop at the first
 * child that decides an all / any, which a bottom-up fold cannot.
 */
export function evaluatePartial(
  condition: Condition,
  assignment: Assignment,
  operators: Record<Operator, OperatorFunction>,
  derived?: DerivedLeaf,
): Tri {
  if ("all" in condition) {
    let unknown = false;
    for (const c of condition.all) {
      const r = evaluatePartial(c, assignment, operators, derived);
      if (r === false) return false;
      if (r === undefined) unknown = true;
    }
    return unknown ? undefined : true;
  }
  if ("any" in condition) {
    let unknown = false;
    for (const c of condition.any) {
      const r = evaluatePartial(c, assignment, operators, derived);
      if (r === true) return true;
      if (r === undefined) unknown = true;
    }
    return unknown ? undefined : false;
  }
  if ("not" in condition) {
    const r = evaluatePartial(condition.not, assignment, operators, derived);
    return r === undefined ? undefined : !r;
  }
  if (derived) {
    const decided = derived(condition, assignment);
    if (decided !== null) return decided;
  }
  if (!assignment.has(condition.fact)) return undefined;
  return operators[condition.operator](assignment.get(condition.fact), condition.value);
}

export interface SearchOptions {
  domains: ReadonlyMap<string, FactDomain>;
  operators: Record<Operator, OperatorFunction>;
  /** Values that are already decided. */
  fixed?: Assignment;
  /** Extra pruning on partial assignments: false cuts the branch. */
  feasible?: (assignment: Assignment) => boolean;
  /** Accept only complete-enough assignments that satisfy this too. */
  accept?: (assignment: Assignment) => boolean;
  /** Search budget, in assignments tried. */
  limit?: number;
}

export interface SearchResult {
  witness: Assignment | null;
  /** False when the budget ran out before the search finished. */
  complete: boolean;
}

/** Finds an assignment making `goal` true (and passing `accept`), or proves there is none. */
export function findAssignment(goal: Condition, facts: readonly string[], options: SearchOptions): SearchResult {
  const order = facts.filter((f) => options.domains.has(f) && !options.fixed?.has(f));
  const assignment: Assignment = new Map(options.fixed ?? []);
  let budget = options.limit ?? 200_000;
  let complete = true;

  const search = (depth: number): boolean => {
    if (--budget < 0) {
      complete = false;
      return false;
    }
    const state = evaluatePartial(goal, assignment, options.operators);
    if (state === false) return false;
    if (options.feasible && !options.feasible(assignment)) return false;
    if (state === true && (!options.accept || options.accept(assignment))) return true;
    if (depth >= order.length) return false;
    const fact = order[depth]!;
    for (const value of options.domains.get(fact)!.values) {
      assignment.set(fact, value);
      if (search(depth + 1)) return true;
      assignment.delete(fact);
    }
    return false;
  };
  const found = search(0);
  return { witness: found ? new Map(assignment) : null, complete };
}
