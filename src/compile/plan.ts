/**
 * A policy set prepared for evaluation: every condition of every pipeline
 * step, in the order and by the keys of the one listing
 * (model/condition-listing.ts). Both evaluators
 * (compiled closures and json-rules-engine) work from this one list, so they
 * evaluate exactly the same conditions.
 */
import type { PipelineStep } from "../model/facts.js";
import { pipelineSteps } from "../model/facts.js";
import { specOf, type PolicySet } from "../model/policy-set.js";
import type { SpecByKind } from "../model/policy.js";
import { listConditions, type ListedCondition } from "../model/condition-listing.js";

/** A condition the step evaluates, by its stable key (`rule:fit.title.vp`, `transition:lead-to-mql`...). */

export interface PolicyPlan {
  set: PolicySet;
  dictionary: SpecByKind["DataDictionary"];
  scoring?: SpecByKind["ScoringModel"];
  lifecycle?: SpecByKind["Lifecycle"];
  routing?: SpecByKind["Routing"];
  retention?: SpecByKind["RetentionSchedule"];
  content?: SpecByKind["ContentApproval"];
  nurture?: SpecByKind["NurtureProgram"];
  steps: Record<PipelineStep, ListedCondition[]>;
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
  const nurture = specOf(set, "NurtureProgram");

  const steps: Record<PipelineStep, ListedCondition[]> = { score: [], lifecycle: [], route: [], content: [], retention: [], nurture: [] };
  for (const listed of listConditions(set)) if (listed.evaluated) steps[listed.step].push(listed);

  const index = Object.fromEntries(pipelineSteps.map((step) => [step, new Map(steps[step].map((c, i) => [c.key, i]))])) as Record<
    PipelineStep,
    Map<string, number>
  >;

  return {
    set,
    dictionary,
    ...(scoring ? { scoring } : {}),
    ...(lifecycle ? { lifecycle } : {}),
    ...(routing ? { routing } : {}),
    ...(retention ? { retention } : {}),
    ...(content ? { content } : {}),
    ...(nurture ? { nurture } : {}),
    steps,
    index,
    at(step, key) {
      const i = index[step].get(key);
      if (i === undefined) throw new Error(`no condition ${key} in step ${step}`);
      return i;
    },
  };
}
