/**
 * `leadrules test --format junit`: JUnit XML as CI test reporters read it. One <testsuite> per policy test
 * file (its `metadata.name`), one <testcase> per case with the suite as its classname, a failed case's
 * <failure> with a one-line message and every expected and actual value in its body. Problems that
 * stopped the run (policies or test files with errors) are <error> cases of a suite named `leadrules`, so
 * a reporter shows them instead of an empty report. Every value passes `xmlText`; nothing is written raw.
 * No `time` attributes: the report is the same bytes for the same policies (docs/decisions.md).
 */
import type { Diagnostic } from "../diagnostics/index.js";
import type { CaseResult } from "../policy-tests/run-tests.js";
import { xmlText } from "../render/escape/xml.js";
import { suitesOf } from "./test-suites.js";

export interface JunitInput {
  results: readonly CaseResult[];
  /** Only errors become test cases; warnings are not test outcomes. */
  diagnostics: readonly Diagnostic[];
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v ?? null));

/** `name="value"` pairs, each value escaped; tab and line breaks as references, which attribute values would turn into spaces. */
function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlText(value).replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`)}"`)
    .join("");
}

export function formatTestJunit({ results, diagnostics }: JunitInput): string {
  const errors = diagnostics.filter((d) => d.severity === "error" && d.code !== "test/case-failed");
  const suites = suitesOf(results);
  const failures = results.filter((r) => !r.passed).length;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attributes({ name: "leadrules", tests: results.length + errors.length, failures, errors: errors.length })}>`,
  ];
  if (errors.length > 0) lines.push(...errorSuite(errors));
  for (const suite of suites) {
    const failed = suite.cases.filter((r) => !r.passed).length;
    lines.push(
      `  <testsuite${attributes({ name: suite.name, tests: suite.cases.length, failures: failed, errors: 0, file: suite.file })}>`,
    );
    for (const r of suite.cases) lines.push(...testCase(r));
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return lines.join("\n") + "\n";
}

function testCase(r: CaseResult): string[] {
  const open = `    <testcase${attributes({ name: r.name, classname: r.suite, file: r.file, line: r.line })}`;
  if (r.passed) return [`${open}/>`];
  const body = [
    ...r.errors.map((e) => `input error: ${e}`),
    ...r.mismatches.map((m) => `${m.field}: expected ${show(m.expected)}, actual ${show(m.actual)}`),
  ];
  const message = `${r.mismatches.length} expectation${r.mismatches.length === 1 ? "" : "s"} not met${r.errors.length ? `, ${r.errors.length} input error${r.errors.length === 1 ? "" : "s"}` : ""}`;
  return [
    `${open}>`,
    `      <failure${attributes({ message, type: "test/case-failed" })}>${xmlText(body.join("\n"))}</failure>`,
    "    </testcase>",
  ];
}

function errorSuite(errors: readonly Diagnostic[]): string[] {
  return [
    `  <testsuite${attributes({ name: "leadrules", tests: errors.length, failures: 0, errors: errors.length })}>`,
    ...errors.map((d) => {
      const where = d.location
        ? `${d.location.file}${d.location.line ? `:${d.location.line}:${d.location.column ?? 1}` : ""}`
        : "(policy set)";
      return (
        `    <testcase${attributes({ name: `${where} ${d.code}`, classname: "leadrules" })}>` +
        `<error${attributes({ message: d.message, type: d.code })}>${xmlText(d.hint ?? "")}</error></testcase>`
      );
    }),
    "  </testsuite>",
  ];
}
