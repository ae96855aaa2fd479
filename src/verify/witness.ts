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
import type { FieldDefinition, NurtureChannel } from "../model/policy.js";
import type { LeadOutcome } from "../model/outcome.js";
import { Assigner } from "../simulate/assign.js";
import { createNurtureJudge, type NurtureDecision } from "../simulate/nurture.js";
import { createPipeline, evaluateLeadSync } from "../simulate/pipeline.js";
import type { NurtureTouch } from "../model/nurture-inputs.js";
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
  const outcome = evaluateLeadSync(createPipeline(plan, asOfMs), createCompiledEngine(plan, asOfMs), fullLead(plan, lead)).outcome;
  if (plan.routing) new Assigner(plan.routing).assignLead(outcome);
  return outcome;
}

/** A step of a program the witness lead was already sent (at the analysis time): what takes it past its first step. */
export interface WitnessSend {
  program: string;
  step: string;
  channel: NurtureChannel;
}

/**
 * The nurture decision on a lead as `leadrules nurture` makes it as of `asOfMs`: the whole pipeline, then
 * the nurture step's conditions and the decider, with a send log holding `sent`, each sent at `asOfMs`.
 */
export function nurtureDecisionOf(
  plan: PolicyPlan,
  lead: Record<string, FactValue>,
  asOfMs: number,
  sent: readonly WitnessSend[] = [],
): NurtureDecision {
  const nurture = plan.nurture;
  if (!nurture) throw new Error("nurtureDecisionOf needs a NurtureProgram policy");
  const engine = createCompiledEngine(plan, asOfMs);
  const evaluation = evaluateLeadSync(createPipeline(plan, asOfMs), engine, fullLead(plan, lead));
  const holds = engine.evaluate("nurture", evaluation.facts) as boolean[];
  const touches: NurtureTouch[] = sent.map(({ program, step, channel }) => ({
    lead: witnessId,
    program,
    step,
    channel,
    asset: null,
    assetVersion: null,
    sentAtMs: asOfMs,
  }));
  return createNurtureJudge(plan, nurture, asOfMs).decide(evaluation.facts, holds, touches);
}

/** Realises and confirms on the nurture decider: the witness only counts when its decision (with `sent` in its send log) shows the problem. */
export function confirmedNurtureWitness(
  ctx: AnalysisContext,
  assignment: Assignment | null,
  shows: (decision: NurtureDecision) => boolean,
  sent: readonly WitnessSend[] = [],
): Record<string, FactValue> | null {
  if (!assignment) return null;
  for (const fill of [true, false]) {
    const lead = realizeLead(ctx, assignment, fill);
    if (shows(nurtureDecisionOf(ctx.plan, lead, ctx.asOfMs, sent))) return lead;
  }
  return null;
}

/**
 * The lead record of an assignment: its dictionary fields. Derived values need nothing more: the search
 * chose the fields that produce them.
 */
export function realizeLead(ctx: AnalysisContext, assignment: Assignment, fillRequired = true): Record<string, FactValue> {
  const lead: Record<string, FactValue> = { [ctx.plan.dictionary.idField]: witnessId };
  for (const [fact, value] of assignment) if (ctx.dictionaryFields.has(fact)) lead[fact] = value;
  // Every field the policies read is in the witness (empty when the question did not set it), so a replay
  // through `simulate` finds its columns; a required field the question did not set gets a plain value, so
  // the replay has no bad row. The simulator confirms the witness as written.
  for (const field of ctx.plan.dictionary.objects.flatMap((o) => o.fields)) {
    if (field.name in lead) continue;
    if (fillRequired && field.required) lead[field.name] = placeholder(field, ctx.asOfMs);
    else if (ctx.domains.has(field.name)) lead[field.name] = null;
  }
  return sortKeys(lead);
}

function placeholder(field: FieldDefinition, asOfMs: number): FactValue {
  const iso = new Date(asOfMs).toISOString();
  switch (field.type) {
    case "number":
    case "integer":
      return Math.max(0, field.minimum ?? 0);
    case "boolean":
      return false;
    case "date":
      return iso.slice(0, 10);
    case "datetime":
      return iso;
    case "email":
      return "witness@example.com";
    case "picklist":
      return field.values?.[0]?.value ?? "witness";
    case "multipicklist":
      return field.values?.[0] ? [field.values[0].value] : ["witness"];
    default:
      return "witness";
  }
}

/** Realises and confirms: the witness only counts when the simulator shows the problem. */
export function confirmedWitness(
  ctx: AnalysisContext,
  assignment: Assignment | null,
  shows: (outcome: LeadOutcome) => boolean,
): Record<string, FactValue> | null {
  if (!assignment) return null;
  // With plain values in the required fields it did not set, if the simulator still shows the problem; else without.
  for (const fill of [true, false]) {
    const lead = realizeLead(ctx, assignment, fill);
    if (shows(simulateOne(ctx.plan, lead, ctx.asOfMs))) return lead;
  }
  return null;
}

/** Every dictionary field of the lead, empty where the record has none: a fresh record the pipeline may write onto. */
function fullLead(plan: PolicyPlan, lead: Record<string, FactValue>): Lead {
  const full: Lead = Object.create(null);
  for (const field of plan.dictionary.objects.flatMap((o) => o.fields)) full[field.name] = lead[field.name] ?? null;
  return full;
}

function sortKeys(lead: Record<string, FactValue>): Record<string, FactValue> {
  return Object.fromEntries(Object.entries(lead).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
