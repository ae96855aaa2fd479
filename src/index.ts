/**
 * The leadrules library API. The CLI and the tests call these functions;
 * nothing here prints or exits.
 */
import { readPolicyFiles } from "./load/read-policy-files.js";
import { validatePolicies, type ValidationResult } from "./validate/validate-policies.js";

export * from "./diagnostics/index.js";
export type { Condition, FactCondition, Operator } from "./model/condition.js";
export * from "./model/policy.js";
export { readPolicyFiles, type PolicyFile } from "./load/read-policy-files.js";
export { loadPolicies, type LoadedPolicy } from "./load/load-policies.js";
export { validatePolicies, type ValidationResult } from "./validate/validate-policies.js";
export { summarizePolicies, type PolicySummaryRow } from "./analyse/summarize.js";
export type { PolicySet } from "./analyse/policy-set.js";
export { leadrulesOperators, operatorFunctions } from "./compile/operators.js";

/** Reads and validates a policy folder; `sources` maps each file to its text for code frames. */
export function validatePolicyDirectory(directory: string): ValidationResult & { sources: Map<string, string> } {
  const files = readPolicyFiles(directory);
  return { ...validatePolicies(files), sources: new Map(files.map((f) => [f.file, f.text])) };
}
