/**
 * A policy folder's test suites as `validate` and `test` both read them: parsed and schema-checked
 * (validate/read-test-files.ts), then checked against the policies (policy-tests/check-test-suites.ts)
 * when those are sound enough to check against.
 */
import { hasErrors, type Diagnostic } from "../diagnostics/index.js";
import type { PolicySet } from "../model/policy-set.js";
import { checkTestSuites } from "../policy-tests/check-test-suites.js";
import { testDirectory } from "../load/read-policy-files.js";
import { readTestSuites, type TestSuite } from "../validate/read-test-files.js";

/** The suites in `<policies>/tests/`, their problems and texts; `set` is null when the policies have errors (no cross-references then). */
export function readCheckedTestSuites(
  policiesDirectory: string,
  set: PolicySet | null,
): { suites: TestSuite[]; diagnostics: Diagnostic[]; sources: Map<string, string> } {
  const { suites, diagnostics, sources } = readTestSuites(testDirectory(policiesDirectory));
  return { suites, diagnostics: set ? [...diagnostics, ...checkTestSuites(set, suites)] : diagnostics, sources };
}

/** The policy set to check suites against: the validated one, unless its diagnostics have errors. */
export function soundSet(set: PolicySet | undefined, diagnostics: readonly Diagnostic[]): PolicySet | null {
  return set && !hasErrors(diagnostics) ? set : null;
}
