/**
 * Retention: legal hold first; otherwise the first rule whose condition holds
 * decides the action and its due date (trigger date + keepDays).
 */
import { dayOf, parseInstant } from "../model/instants.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Facts } from "../compile/compile-condition.js";
import type { RetentionOutcome } from "../model/outcome.js";
import type { RetentionSpec } from "../model/policy.js";
import { conditionKey } from "../model/condition-listing.js";

const dayMs = 86_400_000;

/** Decides a lead's retention from its retention step's results. */
export type RetentionStep = (holds: boolean[], facts: Facts) => RetentionOutcome;

export function createRetention(plan: PolicyPlan, retention: RetentionSpec): RetentionStep {
  const hold = retention.legalHold ? plan.at("retention", conditionKey("hold", "legal-hold")) : -1;
  const rules = retention.rules.map((r) => ({ ...r, at: plan.at("retention", conditionKey("retention", r.id)) }));
  return (holds, facts) => {
    if (hold >= 0 && holds[hold]) return { rule: "legal-hold", action: "hold", dueDate: null };
    const rule = rules.find((r) => holds[r.at]);
    if (!rule) return { rule: null, action: null, dueDate: null };
    const trigger = facts[rule.from];
    const triggerMs = typeof trigger === "string" ? parseInstant(trigger) : Number.NaN;
    const dueDate = Number.isNaN(triggerMs) ? null : dayOf(triggerMs + rule.keepDays * dayMs);
    return { rule: rule.id, action: rule.action, dueDate };
  };
}
