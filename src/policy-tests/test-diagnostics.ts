/** Failed policy test cases as diagnostics at the case's line, so they print through the formatters of every problem. */
import type { Diagnostic } from "../diagnostics/index.js";
import type { CaseResult } from "./run-tests.js";

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function testFailureDiagnostics(results: readonly CaseResult[]): Diagnostic[] {
  return results
    .filter((r) => !r.passed)
    .map((r) => ({
      code: "test/case-failed",
      severity: "error",
      message: `test case "${r.name}" failed: ${[...r.errors.map((e) => `input error: ${e}`), ...r.mismatches.map((m) => `${m.field}: expected ${show(m.expected)}, actual ${show(m.actual)}`)].join("; ")}`,
      location: { file: r.file, line: r.line },
      subject: r.suite,
    }));
}
