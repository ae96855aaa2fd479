/**
 * The derived facts `stage` and `route.queue` decided from the facts they are
 * computed from, so the search decides them exactly instead of treating them
 * as free values.
 *
 * - `stage` is the end of the lifecycle walk: from the recorded stage (or the
 *   initial one), recycling first, then the first transition out of each stage
 *   whose guard holds, until none does or a stage repeats.
 * - `route.queue` is the queue of the first routing rule that holds, or the
 *   fallback's.
 *
 * Mirrors simulate/lifecycle.ts and simulate/route.ts; every witness is
 * replayed through the simulator, and tests/analysis-soundness.test.ts keeps
 * the two equal on random leads.
 */
import type { OperatorFunction } from "../compile/operators.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Condition, FactCondition, Operator } from "../model/condition.js";
import type { FactValue } from "../model/lead.js";
import { type Assignment, type DerivedLeaf, evaluateOpen, type Tri } from "./solver.js";

/** A walk through the lifecycle that comes back to a stage it visited, and the condition for a lead to take it. */
export interface OscillatingWalk {
  when: Condition;
  /** The recorded stage it starts from (null: none recorded, so the initial stage). */
  start: string | null;
  /** Stages from the repeated one back to it. */
  cycle: string[];
  /** Transition ids taken (and "recycle"). */
  steps: string[];
}

/** Past this many walks the lifecycle is not written out, and the oscillation check says it could not decide. */
const pathLimit = 2_000;

/** Every walk that oscillates, from every recorded stage (recycling included); null past `pathLimit` walks. */
export function oscillatingWalks(plan: PolicyPlan): OscillatingWalk[] | null {
  const lifecycle = plan.lifecycle;
  if (!lifecycle) return [];
  const paths: (OscillatingWalk | null)[] = [];
  const initial = lifecycle.stages.find((s) => s.initial)?.id ?? null;
  let start: string | null = null;
  const walk = (stage: string, visited: string[], when: Condition[], steps: string[]): boolean => {
    const out = lifecycle.transitions.filter((t) => t.from.includes(stage));
    for (const [i, t] of out.entries()) {
      const taken = [...when, t.when, ...out.slice(0, i).map((e) => ({ not: e.when }))];
      if (visited.includes(t.to)) {
        paths.push({ when: { all: taken }, start, cycle: [...visited.slice(visited.indexOf(t.to)), t.to], steps: [...steps, t.id] });
      } else if (!walk(t.to, [...visited, t.to], taken, [...steps, t.id])) return false;
      if (paths.length > pathLimit) return false;
    }
    paths.push(null); // a walk that ends in `stage`: counted, not kept
    return paths.length <= pathLimit;
  };
  const recorded = (value: string | null): FactCondition =>
    value === null
      ? { fact: lifecycle.stageFact, operator: "exists", value: false }
      : { fact: lifecycle.stageFact, operator: "equal", value };
  for (start of [null, ...lifecycle.stages.map((s) => s.id)]) {
    const from = start ?? initial;
    if (from === null) continue;
    const recycle = lifecycle.recycle;
    if (recycle?.from.includes(from)) {
      const inactive: Condition = { fact: recycle.activityFact, operator: "daysSinceGreaterThan", value: recycle.afterDays };
      if (!walk(recycle.to, [from, recycle.to], [recorded(start), inactive], ["recycle"])) return null;
      if (!walk(from, [from], [recorded(start), { not: inactive }], [])) return null;
    } else if (!walk(from, [from], [recorded(start)], [])) return null;
  }
  return paths.filter((p) => p !== null);
}

/**
 * Decides comparisons on `stage` and `route.queue` on a partial assignment by
 * walking the lifecycle and the routing rules as the pipeline does, in
 * three-valued logic: an open guard is followed both ways, so the walk gives
 * the set of stages (queues) the lead can still end in, and the facts the open
 * guards read are the ones to decide next. `inner` decides the score-derived
 * facts the guards read (exact scores, or one cell of their bounds).
 */
export function pipelineWalk(plan: PolicyPlan, operators: Record<Operator, OperatorFunction>) {
  const lifecycle = plan.lifecycle;
  const routing = plan.routing;
  const initial = lifecycle?.stages.find((s) => s.initial)?.id ?? null;
  const inactive: Condition | null = lifecycle?.recycle
    ? { fact: lifecycle.recycle.activityFact, operator: "daysSinceGreaterThan", value: lifecycle.recycle.afterDays }
    : null;
  const decideOver = (values: Set<FactValue>, c: FactCondition): Tri => {
    const results = new Set([...values].map((v) => operators[c.operator](v, c.value)));
    return results.size === 1 ? [...results][0] : undefined;
  };

  /** The stages the walk can end in, given what is decided. */
  function stagesOf(a: Assignment, inner: DerivedLeaf, open: string[]): Set<FactValue> {
    const l = lifecycle!;
    const holds = (c: Condition) => evaluateOpen(c, a, operators, open, inner);
    const ends = new Set<FactValue>();
    const walk = (stage: string, visited: Set<string>) => {
      for (const t of l.transitions) {
        if (!t.from.includes(stage)) continue;
        const h = holds(t.when);
        if (h === false) continue;
        if (visited.has(t.to)) ends.add(t.to);
        else walk(t.to, new Set(visited).add(t.to));
        if (h === true) return;
      }
      ends.add(stage);
    };
    if (!a.has(l.stageFact)) {
      open.push(l.stageFact);
      return new Set([null, ...l.stages.map((s) => s.id)]);
    }
    const recorded = a.get(l.stageFact);
    const start = typeof recorded === "string" ? recorded : initial;
    if (start === null) return new Set([null]);
    if (l.recycle && inactive && l.recycle.from.includes(start)) {
      const recycled = holds(inactive);
      if (recycled !== false) walk(l.recycle.to, new Set([start, l.recycle.to]));
      if (recycled !== true) walk(start, new Set([start]));
    } else walk(start, new Set([start]));
    return ends;
  }

  /** The queues the lead can be routed to, given what is decided; `withStage` decides the rules' stage comparisons. */
  function queuesOf(a: Assignment, withStage: DerivedLeaf, open: string[]): Set<FactValue> {
    const queues = new Set<FactValue>();
    for (const rule of routing!.rules) {
      const h = evaluateOpen(rule.when, a, operators, open, withStage);
      if (h === false) continue;
      queues.add(rule.queue);
      if (h === true) return queues;
    }
    return queues.add(routing!.fallback.queue);
  }

  /**
   * A leaf deciding stage and queue comparisons, and score ones by `inner`. A goal compares the stage many
   * times (every nurture audience does), and the assignment does not change while one condition is evaluated:
   * so the lifecycle and the routing are walked once, and each later comparison gets the same ends and the
   * same facts the walk waits for. A leaf is made for one evaluation; the search changes the assignment in place.
   */
  function leaf(inner: DerivedLeaf): DerivedLeaf {
    const once = (walkFor: (a: Assignment, open: string[]) => Set<FactValue>) => {
      let known: { ends: Set<FactValue>; waits: string[] } | undefined;
      return (a: Assignment, open: string[]) => {
        if (!known) {
          const waits: string[] = [];
          known = { ends: walkFor(a, waits), waits };
        }
        open.push(...known.waits);
        return known.ends;
      };
    };
    const stages = once((a, open) => stagesOf(a, inner, open));
    const queues = once((a, open) => queuesOf(a, self, open));
    const self: DerivedLeaf = (c, a, open) => {
      if (c.fact === "stage" && lifecycle) return decideOver(stages(a, open), c);
      if (c.fact === "route.queue" && routing) return decideOver(queues(a, open), c);
      return inner(c, a, open);
    };
    return self;
  }

  /**
   * The goal over every stage and queue the lead can still end in, each taken
   * as decided: "stage in [sql] and stage in [lead]" is false for every one,
   * though each comparison alone is open.
   */
  function byCases(goal: Condition, a: Assignment, inner: DerivedLeaf, reads: { stage: boolean; queue: boolean }): Tri {
    const stages: (FactValue | undefined)[] = reads.stage && lifecycle ? [...stagesOf(a, inner, [])] : [undefined];
    const rest = leaf(inner);
    const queues: (FactValue | undefined)[] = reads.queue && routing ? [...queuesOf(a, rest, [])] : [undefined];
    const seen = new Set<Tri>();
    for (const stage of stages)
      for (const queue of queues) {
        const fixed: DerivedLeaf = (c, at, open) =>
          c.fact === "stage" && stage !== undefined
            ? operators[c.operator](stage, c.value)
            : c.fact === "route.queue" && queue !== undefined
              ? operators[c.operator](queue, c.value)
              : rest(c, at, open);
        seen.add(evaluateOpen(goal, a, operators, [], fixed));
        if (seen.has(undefined) || (seen.has(true) && seen.has(false))) return undefined;
      }
    return seen.has(true);
  }

  return { leaf, byCases };
}
