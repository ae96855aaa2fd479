import type { PolicySet } from "../model/policy-set.js";
import { readCheckedTestSuites } from "./checked-test-suites.js";
import { runTestSuites } from "../policy-tests/run-tests.js";
import { measureCoverage } from "../policy-tests/coverage.js";

/** Runs every test suite in <policies>/tests/ and measures coverage. */
export async function runPolicyTests(set: PolicySet, policiesDirectory: string) {
  const { suites, diagnostics } = readCheckedTestSuites(policiesDirectory, set);
  const results = await runTestSuites(set, suites);
  return { results, coverage: measureCoverage(set, results), diagnostics };
}
