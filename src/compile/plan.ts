/**
 * A policy set prepared for evaluation: every condition of every pipeline
 * step in a fixed order, with a key unique within its step. Both evaluators
 * (compiled closures and json-rules-engine) work from this one list, so they
 * evaluate exactly the same conditions.
 */
import type { PipelineStep } from "../model/facts.js";
import { pipelineSteps } from "../model/facts.js";
import { specOf, type PolicySet } from "../model/policy-set.js";
import type { Condition } from "../model/condition.js";
import type { SpecByKind } from "../model/policy.js";

export interface StepCondition {
  /** Unique within the step: `rule:fit.title.vp`, `transition:lead-to-mql`, `route:route.partner`... */
  key: string;
  condition: Condition;
  /** What the rule does, carried in the json-rules-engine event. */
  params: Record<string, unknown>;
}

export interface PolicyPlan {
  set: PolicySet;
  dictionary: SpecByKind["DataDictionary"];
  scoring?: SpecByKind["ScoringModel"];
  lifecycle?: SpecByKind["Lifecycle"];
  routing?: SpecByKind["Routing"];
  retention?: SpecByKind["RetentionSchedule"];
  content?: SpecByKind["ContentApproval"];
  steps: Record<PipelineStep, StepCondition[]>;
  /** key -> index in steps[step]. */
  index: Record<PipelineStep, Map<string, number>>;
  /** Index of a step condition by key, resolved once: the per-lead code never builds key strings. */
  at(step: PipelineStep, key: string): number;
}

export function planPolicies(set: PolicySet): PolicyPlan {
  const dictionary = specOf(set, "DataDictionary");
  if (!dictionary) throw new Error("planPolicies needs a valid DataDictionary; validate first");
  const scoring = specOf(set, "ScoringModel");
  const lifecycle = specOf(set, "Lifecycle");
  const routing = specOf(set, "Routing");
  const retention = specOf(set, "RetentionSchedule");
  const content = specOf(set, "ContentApproval");

  const steps: Record<PipelineStep, StepCondition[]> = { score: [], lifecycle: [], route: [], content: [], retention: [] };
  if (scoring) {
    for (const r of scoring.rules) steps.score.push({ key: `rule:${r.id}`, condition: r.when, params: { dimension: r.dimension, points: r.points } });
    for (const d of scoring.dimensions) if (d.resetWhen) steps.score.push({ key: `reset:${d.id}`, condition: d.resetWhen, params: { dimension: d.id } });
    for (const e of scoring.exclusions ?? []) steps.score.push({ key: `exclusion:${e.id}`, condition: e.when, params: {} });
  }
  for (const t of lifecycle?.transitions ?? []) steps.lifecycle.push({ key: `transition:${t.id}`, condition: t.when, params: { from: t.from, to: t.to } });
  for (const r of routing?.rules ?? []) steps.route.push({ key: `route:${r.id}`, condition: r.when, params: { queue: r.queue } });
  for (const g of content?.gates ?? []) steps.content.push({ key: `gate:${g.id}`, condition: g.when, params: { assets: g.assets } });
  if (retention?.legalHold) steps.retention.push({ key: "hold", condition: retention.legalHold.when, params: { action: "hold" } });
  for (const r of retention?.rules ?? []) steps.retention.push({ key: `retention:${r.id}`, condition: r.when, params: { action: r.action, keepDays: r.keepDays, from: r.from } });

  const index = Object.fromEntries(
    pipelineSteps.map((step) => [step, new Map(steps[step].map((c, i) => [c.key, i]))]),
  ) as Record<PipelineStep, Map<string, number>>;

  return {
    set,
    dictionary,
    ...(scoring ? { scoring } : {}),
    ...(lifecycle ? { lifecycle } : {}),
    ...(routing ? { routing } : {}),
    ...(retention ? { retention } : {}),
    ...(content ? { content } : {}),
    steps,
    index,
    at(step, key) {
      const i = index[step].get(key);
      if (i === undefined) throw new Error(`no condition ${key} in step ${step}`);
      return i;
    },
  };
}
