/**
 * Retention: legal hold first; otherwise the first rule whose condition holds
 * decides the action and its due date (trigger date + keepDays).
 */
import type { PolicyPlan } from "../compile/plan.js";
import type { Facts } from "../compile/compile-condition.js";
import type { RetentionOutcome } from "../model/outcome.js";
import type { RetentionSpec } from "../model/policy.js";

const dayMs = 86_400_000;
/** Where each rule's result sits, per plan, so no key strings are built per lead. */
const positions = new WeakMap<PolicyPlan, number[]>();

export function decideRetention(plan: PolicyPlan, retention: RetentionSpec, holds: boolean[], facts: Facts): RetentionOutcome {
  let at = positions.get(plan);
  if (!at) positions.set(plan, (at = retention.rules.map((r) => plan.at("retention", `retention:${r.id}`))));
  if (retention.legalHold && holds[plan.at("retention", "hold")]) return { rule: "legal-hold", action: "hold", dueDate: null };
  const rule = retention.rules.find((_, i) => holds[at[i]!]);
  if (!rule) return { rule: null, action: null, dueDate: null };
  const trigger = facts[rule.from];
  const triggerMs = typeof trigger === "string" ? Date.parse(trigger) : Number.NaN;
  const dueDate = Number.isNaN(triggerMs) ? null : new Date(triggerMs + rule.keepDays * dayMs).toISOString().slice(0, 10);
  return { rule: rule.id, action: rule.action, dueDate };
}
