/** Policy test results grouped by their test file, in the order they ran: the suites of `test`'s JSON and JUnit. */
import type { CaseResult } from "../policy-tests/run-tests.js";

export interface SuiteResults {
  file: string;
  /** The suite's `metadata.name`. */
  name: string;
  cases: CaseResult[];
}

export function suitesOf(results: readonly CaseResult[]): SuiteResults[] {
  const byFile = new Map<string, SuiteResults>();
  for (const r of results) {
    const suite = byFile.get(r.file) ?? { file: r.file, name: r.suite, cases: [] };
    suite.cases.push(r);
    byFile.set(r.file, suite);
  }
  return [...byFile.values()];
}
