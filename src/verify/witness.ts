/**
 * Turns a solver assignment into a concrete lead record and confirms it with
 * the real pipeline. A witness is only reported once the simulator shows the
 * problem.
 */
import { createCompiledEngine } from "../compile/engines.js";
import type { OperatorFunction } from "../compile/operators.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Operator } from "../model/condition.js";
import type { FactValue, Lead } from "../model/lead.js";
import type { LeadOutcome } from "../model/outcome.js";
import { Assigner } from "../simulate/assign.js";
import { createPipeline, evaluateLeadSync } from "../simulate/pipeline.js";
import type { FactDomain } from "./domains.js";
import type { Assignment } from "./solver.js";

/** Analysis runs at a fixed time so findings and witnesses are reproducible. */
export const analysisAsOf = "2026-01-05T12:00:00.000Z";
export const witnessId = "WITNESS-1";

export interface AnalysisContext {
  plan: PolicyPlan;
  domains: ReadonlyMap<string, FactDomain>;
  operators: Record<Operator, OperatorFunction>;
  asOfMs: number;
  dictionaryFields: ReadonlySet<string>;
}

/** Simulates one lead exactly as `simulate` would (fresh queues). */
export function simulateOne(plan: PolicyPlan, lead: Record<string, FactValue>, asOfMs: number): LeadOutcome {
  const full: Lead = Object.create(null);
  for (const field of plan.dictionary.objects.flatMap((o) => o.fields)) full[field.name] = lead[field.name] ?? null;
  const outcome = evaluateLeadSync(createPipeline(plan, asOfMs), createCompiledEngine(plan, asOfMs), full).outcome;
  if (plan.routing) new Assigner(plan.routing).assignLead(outcome);
  return outcome;
}

/**
 * The lead record of an assignment: its dictionary fields, and the recorded stage for a `stage` value.
 * Score-derived values need nothing more: the solver already chose scoring fields that produce them.
 */
export function realizeLead(ctx: AnalysisContext, assignment: Assignment): Record<string, FactValue> {
  const lead: Record<string, FactValue> = { [ctx.plan.dictionary.idField]: witnessId };
  for (const [fact, value] of assignment) {
    if (ctx.dictionaryFields.has(fact)) {
      if (value !== null) lead[fact] = value;
    } else if (fact === "stage" && ctx.plan.lifecycle && typeof value === "string") {
      lead[ctx.plan.lifecycle.stageFact] = value;
    }
  }
  return sortKeys(lead);
}

/** Realises and confirms: the witness only counts when the simulator shows the problem. */
export function confirmedWitness(
  ctx: AnalysisContext,
  assignment: Assignment | null,
  shows: (outcome: LeadOutcome) => boolean,
): Record<string, FactValue> | null {
  if (!assignment) return null;
  const lead = realizeLead(ctx, assignment);
  return shows(simulateOne(ctx.plan, lead, ctx.asOfMs)) ? lead : null;
}

function sortKeys(lead: Record<string, FactValue>): Record<string, FactValue> {
  return Object.fromEntries(Object.entries(lead).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
