/**
 * Which dictionary fields the policies read, and in which pipeline steps:
 * every fact of every condition, and the fields named outside conditions
 * (decay, stage and disposition facts, the arrival time, retention periods).
 * An export that lacks one of these fields would decide those steps as if it
 * were empty, so the input contract treats its absence as an error.
 * The nurture step's reads count only for the commands that run it
 * (`withNurture`): a lead export for `simulate` need not carry them.
 */
import type { PipelineStep } from "../model/facts.js";
import { pipelineSteps } from "../model/facts.js";
import { factsOf } from "../model/condition-walk.js";
import type { PolicyPlan } from "./plan.js";

/** Dictionary field -> the steps that read it, in pipeline order. */
export function fieldReads(plan: PolicyPlan, options: { withNurture?: boolean } = {}): Map<string, PipelineStep[]> {
  const fields = new Set(plan.dictionary.objects.flatMap((o) => o.fields.map((f) => f.name)));
  const reads = new Map<string, PipelineStep[]>();
  const read = (step: PipelineStep, field: string | undefined) => {
    if (field === undefined || !fields.has(field)) return;
    const steps = reads.get(field) ?? [];
    if (!steps.includes(step)) steps.push(step);
    reads.set(field, steps);
  };
  const named: Record<PipelineStep, (string | undefined)[]> = {
    score: (plan.scoring?.dimensions ?? []).map((d) => d.decay?.fact),
    lifecycle: [
      plan.lifecycle?.stageFact,
      plan.lifecycle?.stageEnteredFact,
      plan.lifecycle?.recycle?.activityFact,
      plan.lifecycle?.dispositions?.codeFact,
      plan.lifecycle?.dispositions?.loggedAtFact,
    ],
    route: [plan.routing?.arrivalFact],
    content: [],
    retention: (plan.retention?.rules ?? []).map((r) => r.from),
    nurture: plan.nurture?.contactPolicy.salesTouch?.facts ?? [],
  };
  for (const step of pipelineSteps) {
    if (step === "nurture" && !options.withNurture) continue;
    for (const fact of factsOf(plan.steps[step].map((c) => c.condition))) read(step, fact);
    for (const field of named[step]) read(step, field);
  }
  for (const steps of reads.values()) steps.sort((a, b) => pipelineSteps.indexOf(a) - pipelineSteps.indexOf(b));
  return reads;
}
