/**
 * Validation of a policy set through the policy cache (policy-cache.ts): a set seen before is read from the
 * cache; a set not seen before is validated and its answer kept.
 */
import { sortDiagnostics, type Diagnostic } from "../diagnostics/index.js";
import { readCheckedTestSuites, soundSet } from "./checked-test-suites.js";
import { policySetData, revivePolicySet } from "../load/policy-set-data.js";
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

/**
 * `validatePolicies`, through the cache when one is given: a set seen before is revived from its entry (no
 * YAML parsed, no schema checked, no analysis run); the result is the same either way.
 */
export function validatePolicyFiles(files: readonly PolicyFile[], options: PolicyValidationOptions = {}): ValidationResult {
  const scope = options.decisionLogic ?? "all";
  if (!options.cache) return validatePolicies(files, { decisionLogic: scope });
  const key = policyCacheKey(options.cache.buildId, scope, files);
  const known = readPolicyCache(options.cache, key);
  if (known) return { set: revivePolicySet(known.set), diagnostics: known.diagnostics };
  let findings: readonly Diagnostic[] = [];
  const result = validatePolicies(files, { decisionLogic: scope, onFindings: (found) => void (findings = found) });
  // A question the clock cut short would be answered on another run: such an answer is not kept.
  if (!findings.some(stoppedByTheClock))
    writePolicyCache(options.cache, key, { diagnostics: result.diagnostics, set: policySetData(result.set) });
  return result;
}

/**
 * Reads and validates a policy folder, its test suites (`<policies>/tests/`) included; `sources` maps each
 * file to its text for code frames.
 * `decisionLogic: "errors"` skips the analysis's warnings and notes (for commands that only need to know
 * the policies can run).
 */
export function validatePolicyDirectory(
  directory: string,
  options: PolicyValidationOptions = {},
): ValidationResult & { sources: Map<string, string> } {
  const files = readPolicyFiles(directory);
  const result = validatePolicyFiles(files, options);
  const tests = readCheckedTestSuites(directory, soundSet(result.set, result.diagnostics));
  return {
    set: result.set,
    diagnostics: sortDiagnostics([...result.diagnostics, ...tests.diagnostics]),
    sources: new Map([...files.map((f) => [f.file, f.text] as const), ...tests.sources]),
  };
}
