/**
 * `leadrules run --format json`: what the text of `npm start` shows, as one document. The outcome first
 * (`ok`, `exitCode`), then each part the run reached (`null` for a part it did not: the policies had
 * errors, a test file could not be read, there are no sample leads): the policies, the tests with their
 * failures and coverage, the simulation's read report and summary, the nurture summary; the diagnostics
 * last, in `validate --format json`'s shape (the policies' warnings and errors, failed cases, row warnings).
 */
import type { PolicySummaryRow } from "../analyse/summarize.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { ReadReport } from "../input/read-report.js";
import type { PolicyCoverage } from "../policy-tests/coverage.js";
import type { CaseResult } from "../policy-tests/run-tests.js";
import type { NurtureSummary } from "../simulate/nurture-summary.js";
import type { SimulationSummary } from "../simulate/summary.js";
import { diagnosticsJson } from "./diagnostics-format.js";
import { jsonDocument } from "./json-document.js";

export interface RunReport {
  exitCode: number;
  policies: { directory: string; summary: readonly PolicySummaryRow[] };
  tests: { results: readonly CaseResult[]; coverage: readonly PolicyCoverage[] } | null;
  /** `exists: false` when there are no sample leads to simulate. */
  leads: { file: string; exists: boolean; asOf: string } | null;
  simulation: { read: ReadReport; summary: SimulationSummary } | null;
  nurture: NurtureSummary | null;
  diagnostics: readonly Diagnostic[];
}

export function formatRunJson(report: RunReport): string {
  const tests = report.tests;
  const failed = tests?.results.filter((r) => !r.passed) ?? [];
  return jsonDocument({
    ok: report.exitCode === 0,
    exitCode: report.exitCode,
    policies: { directory: report.policies.directory, count: report.policies.summary.length, summary: report.policies.summary },
    tests: tests && {
      counts: { cases: tests.results.length, passed: tests.results.length - failed.length, failed: failed.length },
      // Only failures in full, as the text shows them.
      failures: failed.map((r) => ({
        file: r.file,
        line: r.line,
        suite: r.suite,
        name: r.name,
        failures: r.mismatches.map((m) => ({ field: m.field, expected: m.expected ?? null, actual: m.actual ?? null })),
        inputErrors: r.errors,
      })),
      coverage: tests.coverage.map((c) => ({ file: c.file, kind: c.kind, policy: c.policy, percent: c.percent, missed: c.missed })),
    },
    leads: report.leads,
    simulation: report.simulation,
    nurture: report.nurture,
    ...diagnosticsJson(report.diagnostics),
  });
}
