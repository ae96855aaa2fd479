/**
 * Every condition in a policy set, with where it lives (policy, JSON pointer),
 * which rule owns it and which pipeline step evaluates it.
 */
import type { LoadedPolicy } from "./loaded-policy.js";
import type { Condition } from "./condition.js";
import type { PipelineStep } from "./facts.js";
import { specOf, type PolicySet } from "./policy-set.js";

export interface LocatedCondition {
  policy: LoadedPolicy;
  pointer: string;
  condition: Condition;
  step: PipelineStep;
  ruleId: string;
}

export function* policyConditions(set: PolicySet): Generator<LocatedCondition> {
  const scoring = set.byKind.ScoringModel;
  const scoringSpec = specOf(set, "ScoringModel");
  if (scoring && scoringSpec) {
    for (const [i, d] of scoringSpec.dimensions.entries()) {
      if (d.resetWhen) yield { policy: scoring, pointer: `/spec/dimensions/${i}/resetWhen`, condition: d.resetWhen, step: "score", ruleId: `dimension.${d.id}.reset` };
    }
    for (const [i, r] of scoringSpec.rules.entries()) yield { policy: scoring, pointer: `/spec/rules/${i}/when`, condition: r.when, step: "score", ruleId: r.id };
    for (const [i, e] of (scoringSpec.exclusions ?? []).entries()) yield { policy: scoring, pointer: `/spec/exclusions/${i}/when`, condition: e.when, step: "score", ruleId: e.id };
  }
  const lifecycle = set.byKind.Lifecycle;
  const lifecycleSpec = specOf(set, "Lifecycle");
  if (lifecycle && lifecycleSpec) {
    for (const [i, t] of lifecycleSpec.transitions.entries()) yield { policy: lifecycle, pointer: `/spec/transitions/${i}/when`, condition: t.when, step: "lifecycle", ruleId: t.id };
    if (lifecycleSpec.optedOutWhen) yield { policy: lifecycle, pointer: "/spec/optedOutWhen", condition: lifecycleSpec.optedOutWhen, step: "score", ruleId: "opted-out" };
  }
  const routing = set.byKind.Routing;
  const routingSpec = specOf(set, "Routing");
  if (routing && routingSpec) {
    for (const [i, r] of routingSpec.rules.entries()) yield { policy: routing, pointer: `/spec/rules/${i}/when`, condition: r.when, step: "route", ruleId: r.id };
  }
  const content = set.byKind.ContentApproval;
  const contentSpec = specOf(set, "ContentApproval");
  if (content && contentSpec) {
    for (const [i, g] of contentSpec.gates.entries()) yield { policy: content, pointer: `/spec/gates/${i}/when`, condition: g.when, step: "content", ruleId: g.id };
  }
  const retention = set.byKind.RetentionSchedule;
  const retentionSpec = specOf(set, "RetentionSchedule");
  if (retention && retentionSpec) {
    if (retentionSpec.legalHold) yield { policy: retention, pointer: "/spec/legalHold/when", condition: retentionSpec.legalHold.when, step: "retention", ruleId: "legal-hold" };
    for (const [i, r] of retentionSpec.rules.entries()) yield { policy: retention, pointer: `/spec/rules/${i}/when`, condition: r.when, step: "retention", ruleId: r.id };
  }
}
