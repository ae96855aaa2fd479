/**
 * The fact catalogue: every fact a condition may read, with its type, its
 * legal values and the pipeline step from which it is available. Dictionary
 * fields come from the DataDictionary; derived facts are computed by the engine.
 */
import type { FieldType } from "./policy.js";
import { specOf, type PolicySet } from "./policy-set.js";

/** Pipeline steps in evaluation order; a fact is readable from its step on. */
/**
 * The steps in order. `nurture` comes last and reads every derived fact; only `leadrules nurture` (and the
 * audit of a send log) run it: the lead pipeline of simulate, diff and the SQL stops at retention.
 */
export const pipelineSteps = ["score", "lifecycle", "route", "content", "retention", "nurture"] as const;
export type PipelineStep = (typeof pipelineSteps)[number];

export interface FactInfo {
  name: string;
  type: FieldType;
  values?: string[];
  /** A string field read in one case (the dictionary's `case`): a value in another case never matches. */
  case?: "upper" | "lower";
  derived: boolean;
  description: string;
  /** First step that can read it; dictionary fields: "score" (always available). */
  availableFrom: PipelineStep;
}

export type FactCatalogue = Map<string, FactInfo>;

export function buildFactCatalogue(set: PolicySet): FactCatalogue {
  const facts: FactCatalogue = new Map();
  for (const object of specOf(set, "DataDictionary")?.objects ?? []) {
    for (const field of object.fields) {
      facts.set(field.name, {
        name: field.name,
        type: field.type,
        ...(field.values ? { values: field.values.map((v) => v.value) } : {}),
        ...(field.type === "string" && field.case ? { case: field.case } : {}),
        derived: false,
        description: field.description,
        availableFrom: "score",
      });
    }
  }
  const derive = (name: string, type: FieldType, availableFrom: PipelineStep, description: string, values?: string[]) =>
    facts.set(name, { name, type, derived: true, description, availableFrom, ...(values ? { values } : {}) });

  const scoring = specOf(set, "ScoringModel");
  if (scoring) {
    for (const d of scoring.dimensions)
      derive(`score.${d.id}`, "number", "lifecycle", `Points in the ${d.id} dimension after caps and decay.`);
    derive("score.total", "number", "lifecycle", "Sum of all dimensions.");
    derive(
      "score.grade",
      "picklist",
      "lifecycle",
      "Letter grade.",
      scoring.grades.bands.map((b) => b.grade),
    );
    derive("score.excluded", "boolean", "lifecycle", "The lead matched a scoring exclusion.");
    for (const t of scoring.thresholds) derive(`threshold.${t.id}`, "boolean", "lifecycle", `The lead reached the ${t.id} threshold.`);
  }
  const lifecycle = specOf(set, "Lifecycle");
  if (lifecycle) {
    derive(
      "stage",
      "picklist",
      "route",
      "Lifecycle stage after transitions.",
      lifecycle.stages.map((s) => s.id),
    );
  }
  const routing = specOf(set, "Routing");
  if (routing) {
    derive(
      "route.queue",
      "picklist",
      "content",
      "Queue the lead was routed to.",
      routing.queues.map((q) => q.id),
    );
  }
  return facts;
}

export function stepIndex(step: PipelineStep): number {
  return pipelineSteps.indexOf(step);
}
