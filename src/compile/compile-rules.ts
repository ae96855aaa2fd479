/**
 * `leadrules compile`: every policy's conditions as json-rules-engine rule
 * sets, one JSON file per policy, plus an index naming the custom operators
 * a service must register (`leadrulesOperators(asOf)` from this package).
 */
import type { PipelineStep } from "../model/facts.js";
import { customOperators } from "./operators.js";
import type { PolicyKind } from "../model/policy.js";
import { toJsonRule } from "./json-rules.js";
import type { PolicyPlan } from "./plan.js";

const stepOfKind: Partial<Record<PolicyKind, PipelineStep>> = {
  ScoringModel: "score",
  Lifecycle: "lifecycle",
  Routing: "route",
  ContentApproval: "content",
  RetentionSchedule: "retention",
};

/** Relative file name -> content. */
export function compileRuleSets(plan: PolicyPlan): Map<string, string> {
  const files = new Map<string, string>();
  const index: Record<string, unknown>[] = [];
  for (const policy of plan.set.policies) {
    const step = stepOfKind[policy.document.kind];
    if (!step) continue;
    const name =
      policy.file
        .split("/")
        .pop()!
        .replace(/\.ya?ml$/i, "") + ".rules.json";
    const rules = plan.steps[step].map((c) => toJsonRule(c.key, c.condition, c.params));
    files.set(name, JSON.stringify(rules, null, 2) + "\n");
    index.push({
      file: name,
      source: policy.file,
      kind: policy.document.kind,
      policy: policy.document.metadata.name,
      version: policy.document.metadata.version,
      step,
      rules: rules.length,
    });
  }
  files.set(
    "index.json",
    JSON.stringify(
      {
        generatedBy: "leadrules compile; do not edit",
        usage:
          "new Engine(rules, { allowUndefinedFacts: true }); register each of leadrulesOperators(asOf) with engine.addOperator(name, evaluate)",
        customOperators: [...customOperators],
        ruleSets: index,
      },
      null,
      2,
    ) + "\n",
  );
  return files;
}
