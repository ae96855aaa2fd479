/**
 * Validation of a policy set through the policy cache (policy-cache.ts): the decision-logic findings of a set
 * seen before are read instead of searched for; a set not seen before is validated and its answer kept.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { readPolicyFiles, type PolicyFile } from "../load/read-policy-files.js";
import { stoppedByTheClock } from "../verify/analysis.js";
import { validatePolicies, type ValidationResult } from "../verify/validate-policies.js";
import { policyCacheKey, readPolicyCache, writePolicyCache, type CachedScope, type PolicyCache } from "./policy-cache.js";

export interface PolicyValidationOptions {
  /** `"errors"` runs only the decision-logic checks that can find an error (commands that only need to run the set). */
  decisionLogic?: CachedScope;
  /** The cache to read and fill (`policyCacheFor`); none by default. */
  cache?: PolicyCache | null;
}

/** `validatePolicies`, through the cache when one is given. The result is the same either way. */
export function validatePolicyFiles(files: readonly PolicyFile[], options: PolicyValidationOptions = {}): ValidationResult {
  const scope = options.decisionLogic ?? "all";
  if (!options.cache) return validatePolicies(files, { decisionLogic: scope });
  const key = policyCacheKey(options.cache.buildId, scope, files);
  const known = readPolicyCache(options.cache, key);
  let findings: readonly Diagnostic[] | null = null;
  const result = validatePolicies(files, {
    decisionLogic: scope,
    ...(known?.findings ? { knownFindings: known.findings } : {}),
    onFindings: (found) => void (findings = found),
  });
  // A question the clock cut short would be answered on another run: such findings are not kept.
  const complete = !(findings as readonly Diagnostic[] | null)?.some(stoppedByTheClock);
  if (!known && complete) writePolicyCache(options.cache, key, { diagnostics: result.diagnostics, findings: findings && [...findings] });
  return result;
}

/**
 * Reads and validates a policy folder; `sources` maps each file to its text for code frames.
 * `decisionLogic: "errors"` skips the analysis's warnings and notes (for commands that only need to know
 * the policies can run).
 */
export function validatePolicyDirectory(
  directory: string,
  options: PolicyValidationOptions = {},
): ValidationResult & { sources: Map<string, string> } {
  const files = readPolicyFiles(directory);
  return { ...validatePolicyFiles(files, options), sources: new Map(files.map((f) => [f.file, f.text])) };
}
