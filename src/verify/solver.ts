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

/**
 * Decides a comparison on a derived fact (e.g. `threshold.mql`, `stage`) from a
 * partial assignment; null if the fact is not derived. When it cannot decide
 * yet it pushes onto `open` the facts the answer waits for.
 */
export type DerivedLeaf = (condition: FactCondition, assignment: Assignment, open: string[]) => Tri | null;

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
    const decided = derived(condition, assignment, []);
    if (decided !== null) return decided;
  }
  if (!assignment.has(condition.fact)) return undefined;
  return operators[condition.operator](assignment.get(condition.fact), condition.value);
}

/**
 * Three-valued evaluation that also lists the unassigned facts the answer
 * still depends on: facts under an all / any already decided are dropped,
 * so the search never branches on a fact that no longer matters.
 */
export function evaluateOpen(
  condition: Condition,
  assignment: Assignment,
  operators: Record<Operator, OperatorFunction>,
  open: string[],
  derived?: DerivedLeaf,
): Tri {
  if ("all" in condition || "any" in condition) {
    const isAll = "all" in condition;
    const mark = open.length;
    let unknown = false;
    for (const c of isAll ? condition.all : condition.any) {
      const r = evaluateOpen(c, assignment, operators, open, derived);
      if (r === !isAll) {
        open.length = mark;
        return r;
      }
      if (r === undefined) unknown = true;
    }
    return unknown ? undefined : isAll;
  }
  if ("not" in condition) {
    const r = evaluateOpen(condition.not, assignment, operators, open, derived);
    return r === undefined ? undefined : !r;
  }
  if (derived) {
    const decided = derived(condition, assignment, open);
    if (decided !== null) return decided;
  }
  if (!assignment.has(condition.fact)) {
    open.push(condition.fact);
    return undefined;
  }
  return operators[condition.operator](assignment.get(condition.fact), condition.value);
}

export interface SearchOptions {
  domains: ReadonlyMap<string, FactDomain>;
  /**
   * The unassigned facts the answer still waits for, right after `decide`
   * left an assignment open, most promising first; by default the facts in order.
   */
  openFacts?: () => string[];
  /** Values that are already decided. */
  fixed?: Assignment;
  /** Search budget, in assignments tried. */
  limit?: number;
  /** Wall-clock time (Date.now()) after which the search gives up, undecided. */
  deadline?: number;
}

export interface SearchResult {
  witness: Assignment | null;
  /** False when the budget ran out before the search finished. */
  complete: boolean;
  /** Assignments tried. */
  nodes: number;
}

/** How many of the open facts each node looks ahead on. */
const lookahead = 10;

interface Child {
  value: FactValue;
  open: string[];
}

/**
 * Depth-first search for an assignment that `decide` calls true; false cuts
 * the branch, undefined goes deeper. Finds one, or proves there is none, or
 * runs out of budget (complete: false). Each node looks one step ahead on a
 * few open facts: it decides every value of each, returns at once when one is
 * true, and branches on the fact with the fewest values left open (fail
 * first: a fact all of whose values fail ends the branch), going into the
 * values closest to decided first.
 */
export function findAssignment(decide: (assignment: Assignment) => Tri, facts: readonly string[], options: SearchOptions): SearchResult {
  const order = facts.filter((f) => options.domains.has(f) && !options.fixed?.has(f));
  const assignment: Assignment = new Map(options.fixed ?? []);
  const openFacts = () => (options.openFacts ? options.openFacts() : order).filter((f) => options.domains.has(f) && !assignment.has(f));
  const limit = options.limit ?? 200_000;
  let nodes = 0;
  let complete = true;
  const spent = () => {
    // The clock is read every 64 nodes: cheap, and soon enough (a node can take a few milliseconds).
    if (++nodes > limit || ((nodes & 63) === 0 && options.deadline !== undefined && Date.now() > options.deadline)) complete = false;
    return !complete;
  };

  /** Searches below an assignment `decide` left open, waiting for `open`. */
  const search = (open: readonly string[]): boolean => {
    if (open.length === 0) {
      // The goal is still open and nothing is left to try: a fact it reads has no candidates.
      complete = false;
      return false;
    }
    // A fact with one candidate is forced: set it before choosing (an id that is never empty, say).
    const forced = open.find((f) => options.domains.get(f)!.values.length === 1);
    const candidates = forced ? [forced] : open.slice(0, lookahead);
    let best: { fact: string; children: Child[] } | null = null;
    for (const fact of candidates) {
      const children: Child[] = [];
      for (const value of options.domains.get(fact)!.values) {
        if (spent()) return false;
        assignment.set(fact, value);
        const state = decide(assignment);
        if (state === true) return true;
        if (state === undefined) children.push({ value, open: openFacts() });
      }
      assignment.delete(fact);
      if (best === null || children.length < best.children.length) best = { fact, children };
      if (children.length === 0) return false;
    }
    const { fact, children } = best!;
    children.sort((a, b) => a.open.length - b.open.length);
    for (const child of children) {
      assignment.set(fact, child.value);
      if (search(child.open)) return true;
      if (!complete) return false;
    }
    assignment.delete(fact);
    return false;
  };
  nodes++;
  const state = decide(assignment);
  const found = state === true || (state === undefined && search(openFacts()));
  return { witness: found ? new Map(assignment) : null, complete: found || complete, nodes };
}
