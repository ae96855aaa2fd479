/**
 * Lifecycle: recycle on inactivity, then apply the first guarded transition
 * out of the current stage until none applies. A transition back into a stage
 * already visited is an oscillation: reported and cut short, never looped.
 * Then the disposition rule: stages that need a code get a deadline.
 */
import { isoOf, parseInstant } from "../model/instants.js";
import { daysSince } from "../compile/operators.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Facts } from "../compile/compile-condition.js";
import type { DispositionOutcome, LifecycleOutcome } from "../model/outcome.js";
import type { LifecycleSpec } from "../model/policy.js";
import { conditionKey } from "../model/condition-listing.js";

const hourMs = 3_600_000;

/** Decides a lead's stage from its lifecycle step's results. */
export type LifecycleStep = (holds: boolean[], facts: Facts) => LifecycleOutcome;

export function createLifecycle(plan: PolicyPlan, lifecycle: LifecycleSpec, asOfMs: number): LifecycleStep {
  const guards = lifecycle.transitions.map((t) => plan.at("lifecycle", conditionKey("transition", t.id)));
  const initial = lifecycle.stages.find((s) => s.initial)?.id ?? null;
  const asOf = new Date(asOfMs).toISOString();
  return (holds, facts) => advance(lifecycle, guards, initial, asOf, holds, facts, asOfMs);
}

function advance(
  lifecycle: LifecycleSpec,
  guards: number[],
  initial: string | null,
  asOf: string,
  holds: boolean[],
  facts: Facts,
  asOfMs: number,
): LifecycleOutcome {
  const recorded = facts[lifecycle.stageFact];
  const before = typeof recorded === "string" ? recorded : null;
  let stage = before ?? initial;
  const path: string[] = [];
  const visited = new Set(stage ? [stage] : []);
  let oscillation: string[] | null = null;

  const recycle = lifecycle.recycle;
  if (recycle && stage && recycle.from.includes(stage)) {
    const days = daysSince(facts[recycle.activityFact], asOfMs);
    if (days !== null && days > recycle.afterDays) {
      stage = recycle.to;
      path.push("recycle");
      visited.add(stage);
    }
  }

  // Each transition can fire at most once per evaluation, so this terminates.
  for (let step = 0; step <= lifecycle.transitions.length && stage; step++) {
    const current: string = stage;
    const next = lifecycle.transitions.find((t, i) => t.from.includes(current) && holds[guards[i]!]);
    if (!next) break;
    path.push(next.id);
    if (visited.has(next.to)) {
      const order = [...visited];
      oscillation = [...order.slice(order.indexOf(next.to)), next.to];
      stage = next.to;
      break;
    }
    stage = next.to;
    visited.add(stage);
  }

  const changed = stage !== before;
  const enteredFact = lifecycle.stageEnteredFact ? facts[lifecycle.stageEnteredFact] : null;
  const enteredAt = changed ? asOf : typeof enteredFact === "string" ? enteredFact : null;
  return { before, after: stage, path, oscillation, enteredAt, disposition: disposition(lifecycle, stage, enteredAt, facts, asOfMs) };
}

function disposition(
  lifecycle: LifecycleSpec,
  stage: string | null,
  enteredAt: string | null,
  facts: Facts,
  asOfMs: number,
): DispositionOutcome {
  const rules = lifecycle.dispositions;
  if (!rules || !stage || !rules.stages.includes(stage)) return { required: false, code: null, dueAt: null, status: "not-required" };
  const rawCode = facts[rules.codeFact];
  const code = typeof rawCode === "string" ? rawCode : null;
  const dueMs = enteredAt ? parseInstant(enteredAt) + rules.deadlineHours * hourMs : null;
  const dueAt = dueMs === null ? null : isoOf(dueMs);
  if (code) {
    if (!rules.codes.some((c) => c.code === code && c.stages.includes(stage)))
      return { required: true, code, dueAt, status: "invalid-code" };
    const loggedAt = facts[rules.loggedAtFact];
    const late = dueMs !== null && typeof loggedAt === "string" && parseInstant(loggedAt) > dueMs;
    return { required: true, code, dueAt, status: late ? "logged-late" : "logged" };
  }
  return { required: true, code: null, dueAt, status: dueMs !== null && asOfMs > dueMs ? "overdue" : "pending" };
}
