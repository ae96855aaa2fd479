/**
 * `leadrules test --format json`: one document with the outcome first (`ok` and the counts), then each
 * test file's cases with what failed (expected and actual per field, input errors), coverage when asked
 * for, and the diagnostics in the shape of `validate --format json` (a failed case is one too,
 * `test/case-failed`, at its line).
 */
import type { Diagnostic } from "../diagnostics/index.js";
import type { PolicyCoverage } from "../policy-tests/coverage.js";
import type { CaseResult } from "../policy-tests/run-tests.js";
import { diagnosticsJson } from "./diagnostics-format.js";
import { jsonDocument } from "./json-document.js";
import { suitesOf } from "./test-suites.js";

export interface TestReport {
  results: readonly CaseResult[];
  /** Problems that stopped the run (policies or test files that cannot be read), and the failed cases. */
  diagnostics: readonly Diagnostic[];
  /** Present with `--coverage` or `--min-coverage`. */
  coverage?: { policies: readonly PolicyCoverage[]; minimum: number | null };
  ok: boolean;
}

export function formatTestJson(report: TestReport): string {
  const failed = report.results.filter((r) => !r.passed).length;
  return jsonDocument({
    ok: report.ok,
    counts: { cases: report.results.length, passed: report.results.length - failed, failed },
    suites: suitesOf(report.results).map((suite) => ({
      file: suite.file,
      name: suite.name,
      cases: suite.cases.map((r) => ({
        name: r.name,
        line: r.line,
        passed: r.passed,
        failures: r.mismatches.map((m) => ({ field: m.field, expected: m.expected ?? null, actual: m.actual ?? null })),
        inputErrors: r.errors,
      })),
    })),
    coverage: report.coverage
      ? {
          minimum: report.coverage.minimum,
          policies: report.coverage.policies.map((c) => ({
            file: c.file,
            kind: c.kind,
            policy: c.policy,
            percent: c.percent,
            belowMinimum: report.coverage!.minimum !== null && c.percent < report.coverage!.minimum,
            covered: c.covered,
            missed: c.missed,
          })),
        }
      : null,
    ...diagnosticsJson(report.diagnostics),
  });
}
