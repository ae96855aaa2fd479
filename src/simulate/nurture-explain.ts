/**
 * Why a lead is where it is in nurture: every program's entry, exits, escalations and tracks with the lead's
 * values, the branches of its track, the consent gates and the open-opportunity rule, beside the decision.
 */
import { traceCondition } from "../compile/compile-condition.js";
import type { Facts } from "../compile/compile-condition.js";
import { operatorFunctions } from "../compile/operators.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Condition } from "../model/condition.js";
import { conditionKey, type ConditionRole } from "../model/condition-listing.js";
import type { ExplainedCondition } from "./explain.js";
import type { NurtureDecision } from "./nurture.js";

export interface NurtureProgramExplained {
  program: string;
  priority: number | null;
  downstream: boolean;
  entry: ExplainedCondition;
  exits: ExplainedCondition[];
  escalations: (ExplainedCondition & { route: string })[];
  tracks: ExplainedCondition[];
  branches: (ExplainedCondition & { goto: string })[];
}

export interface NurtureExplainReport {
  lead: string;
  asOf: string;
  decision: NurtureDecision;
  openOpportunity: ExplainedCondition | null;
  consent: { gate: string; channels: string[]; basis: string; region: ExplainedCondition; requires: ExplainedCondition }[];
  programs: NurtureProgramExplained[];
}

export function explainNurture(
  plan: PolicyPlan,
  facts: Facts,
  holds: boolean[],
  decision: NurtureDecision,
  asOfMs: number,
): NurtureExplainReport {
  const nurture = plan.nurture!;
  const operators = operatorFunctions(asOfMs);
  const explain = (role: ConditionRole, elementId: string, id: string, condition: Condition): ExplainedCondition => ({
    id,
    result: holds[plan.at("nurture", conditionKey(role, elementId))] === true,
    trace: traceCondition(condition, facts, operators),
  });
  const contact = nurture.contactPolicy;
  return {
    lead: decision.id,
    asOf: new Date(asOfMs).toISOString(),
    decision,
    openOpportunity: contact.openOpportunity
      ? explain("open-opportunity", "open-opportunity", "open-opportunity", contact.openOpportunity)
      : null,
    consent: nurture.consentGates.map((g) => ({
      gate: g.id,
      channels: [...g.channels],
      basis: g.basis,
      region: explain("consent-region", g.id, `${g.id} region`, g.region),
      requires: explain("consent", g.id, `${g.id} requires`, g.requires),
    })),
    programs: nurture.programs.map((p) => ({
      program: p.id,
      priority: p.priority ?? null,
      downstream: p.downstream === true,
      entry: explain("entry", p.id, "entry", p.entry),
      exits: p.exits.map((e) => explain("exit", `${p.id}/${e.id}`, e.id, e.when)),
      escalations: (p.escalations ?? []).map((e) => ({ ...explain("escalation", `${p.id}/${e.id}`, e.id, e.when), route: e.route })),
      tracks: p.tracks.flatMap((t) => (t.when ? [explain("track", `${p.id}/${t.id}`, t.id, t.when)] : [])),
      branches: p.tracks.flatMap((t) =>
        t.steps.flatMap((s) =>
          (s.branches ?? []).map((b) => ({
            ...explain("branch", `${p.id}/${b.id}`, `${s.id} -> ${b.goto} (${b.id})`, b.when),
            goto: b.goto,
          })),
        ),
      ),
    })),
  };
}
