/**
 * Turns a solver assignment into a concrete lead record and confirms it with
 * the real pipeline. Derived facts in the assignment (thresholds, grade,
 * stage) are realised: scores by a score search over the lead's own fields,
 * stages by the recorded stage field. A witness is only reported once the
 * simulator shows the problem.
 */
import { createCompiledEngine } from "../../compile/engines.js";
import type { OperatorFunction } from "../../compile/operators.js";
import type { PolicyPlan } from "../../compile/plan.js";
import type { Operator } from "../../model/condition.js";
import type { FactValue, Lead } from "../../model/lead.js";
import type { LeadOutcome } from "../../model/outcome.js";
import { Assigner } from "../../simulate/assign.js";
import { createPipeline, evaluateLeadSync } from "../../simulate/pipeline.js";
import type { FactDomain } from "./domains.js";
import { findScoreWitness, type ScoreTarget } from "./score-search.js";
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

/** A lead record realising an assignment, or null when its derived facts cannot be produced. */
export function realizeLead(ctx: AnalysisContext, assignment: Assignment): Record<string, FactValue> | null {
  const lead: Record<string, FactValue> = { [ctx.plan.dictionary.idField]: witnessId };
  const fixed: Assignment = new Map();
  const target: ScoreTarget = {};
  for (const [fact, value] of assignment) {
    if (ctx.dictionaryFields.has(fact)) {
      if (value !== null) lead[fact] = value;
      fixed.set(fact, value);
    } else if (fact.startsWith("threshold.") && typeof value === "boolean") {
      (target.thresholds ??= {})[fact.slice("threshold.".length)] = value;
    } else if (fact === "score.grade" && typeof value === "string") {
      target.grade = value;
    } else if (fact === "stage" && ctx.plan.lifecycle && typeof value === "string") {
      lead[ctx.plan.lifecycle.stageFact] = value;
    }
  }
  if (ctx.plan.scoring && (target.thresholds || target.grade)) {
    const scored = findScoreWitness(ctx.plan, ctx.domains, ctx.operators, ctx.asOfMs, target, fixed);
    if (!scored.witness) return null;
    for (const [fact, value] of scored.witness) if (value !== null) lead[fact] = value;
  }
  return sortKeys(lead);
}

/** Realises and confirms: the witness only counts when the simulator shows the problem. */
export function confirmedWitness(ctx: AnalysisContext, assignment: Assignment | null, shows: (outcome: LeadOutcome) => boolean): Record<string, FactValue> | null {
  if (!assignment) return null;
  const lead = realizeLead(ctx, assignment);
  if (!lead) return null;
  return shows(simulateOne(ctx.plan, lead, ctx.asOfMs)) ? lead : null;
}

function sortKeys(lead: Record<string, FactValue>): Record<string, FactValue> {
  return Object.fromEntries(Object.entries(lead).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
