/**
 * Validation answered from the policy cache without loading the validator: a folder validated before by the same
 * code is read from its entry, with no YAML parsed and neither Ajv nor the analysis imported; the validator
 * (validate-policy-directory.ts) is only imported on a miss. What the CLI calls, so a warm command starts in a
 * fraction of the time; `validatePolicyDirectory` gives the same answers synchronously.
 */
import { sortDiagnostics, type Diagnostic } from "../diagnostics/index.js";
import { readPolicyFiles, testDirectory, testSuiteFileNames } from "../load/read-policy-files.js";
import type { ValidationResult } from "../verify/validate-policies.js";
import { policyCacheKey, readPolicyCache } from "./policy-cache.js";
import type { PolicyValidationOptions } from "./validate-policy-directory.js";

/**
 * `validate`'s answer: every problem of a policy folder and of its test suites (checked on every run, outside
 * the cache: they are not policy files), and the files' texts for code frames.
 */
export async function policyDirectoryDiagnostics(
  directory: string,
  options: PolicyValidationOptions = {},
): Promise<{ diagnostics: Diagnostic[]; sources: Map<string, string> }> {
  // The suites are checked against the policy set, so a cached answer revives it when there are suites.
  const needsSet = testSuiteFileNames(testDirectory(directory)).length > 0;
  const { set, diagnostics, sources } = await validatePolicyDirectoryLazily(directory, options, { needsSet });
  if (!needsSet) return { diagnostics, sources };
  const { readCheckedTestSuites, soundSet } = await import("./checked-test-suites.js");
  const tests = readCheckedTestSuites(directory, soundSet(set, diagnostics));
  return { diagnostics: sortDiagnostics([...diagnostics, ...tests.diagnostics]), sources: new Map([...sources, ...tests.sources]) };
}

/** `validatePolicyDirectory`, importing the validator only when the cache does not have the answer. */
export async function loadPolicyDirectory(
  directory: string,
  options: PolicyValidationOptions = {},
): Promise<ValidationResult & { sources: Map<string, string> }> {
  return (await validatePolicyDirectoryLazily(directory, options, { needsSet: true })) as ValidationResult & {
    sources: Map<string, string>;
  };
}

async function validatePolicyDirectoryLazily(
  directory: string,
  options: PolicyValidationOptions,
  { needsSet }: { needsSet: boolean },
): Promise<Partial<ValidationResult> & { diagnostics: Diagnostic[]; sources: Map<string, string> }> {
  const files = readPolicyFiles(directory);
  const sources = new Map(files.map((f) => [f.file, f.text]));
  const cache = options.cache;
  const known = cache && readPolicyCache(cache, policyCacheKey(cache.buildId, options.decisionLogic ?? "all", files));
  if (known && !needsSet) return { diagnostics: known.diagnostics, sources };
  if (known) {
    const { revivePolicySet } = await import("../load/policy-set-data.js");
    return { set: revivePolicySet(known.set), diagnostics: known.diagnostics, sources };
  }
  const { validatePolicyFiles } = await import("./validate-policy-directory.js");
  return { ...validatePolicyFiles(files, options), sources };
}
