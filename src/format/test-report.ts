/**
 * `leadrules test` output: one line per case, expected vs actual and the
 * explain trace for failures, then coverage per policy.
 */
import type { PolicyCoverage } from "../policy-tests/coverage.js";
import type { CaseResult } from "../policy-tests/run-tests.js";
import type { FactLabels } from "../render/condition-words.js";
import { formatExplainText } from "./explain-text.js";
import { formatTable } from "./summary-text.js";
import { textCell, textLines } from "../render/escape/text.js";

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function formatTestResults(results: readonly CaseResult[], labels: FactLabels): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.passed ? "PASS" : "FAIL"}  ${r.file}:${r.line}  ${r.name}`);
    if (r.passed) continue;
    for (const e of r.errors) lines.push(`      input error: ${e}`);
    for (const m of r.mismatches) {
      lines.push(`      ${m.field}: expected ${show(m.expected)}`, `      ${" ".repeat(m.field.length)}  actual   ${show(m.actual)}`);
    }
    if (r.explain) {
      lines.push("      explain:");
      lines.push(
        ...formatExplainText(r.explain, labels)
          .trimEnd()
          .split("\n")
          .map((l) => (l ? `        ${l}` : "")),
      );
    }
  }
  const failed = results.filter((r) => !r.passed).length;
  lines.push("", `${results.length - failed} passed, ${failed} failed`);
  return textLines(lines);
}

export function formatCoverage(coverage: readonly PolicyCoverage[], minimum?: number): string {
  const rows = coverage.map((c) => [
    c.kind,
    c.policy,
    `${c.covered.length}/${c.items.length}`,
    `${c.percent}%${minimum !== undefined && c.percent < minimum ? `  below ${minimum}%` : ""}`,
  ]);
  const lines = [formatTable(["kind", "policy", "exercised", "coverage"], rows).trimEnd()];
  for (const c of coverage) {
    if (c.missed.length > 0) lines.push(textCell(`not exercised in ${c.file}: ${c.missed.join(", ")}`));
  }
  return lines.join("\n") + "\n";
}

/** The policies whose coverage is below `--min-coverage`. */
export function formatCoverageBelow(coverage: readonly PolicyCoverage[], minimum: number): string {
  return `coverage below ${minimum}% in: ${coverage
    .filter((c) => c.percent < minimum)
    .map((c) => c.file)
    .join(", ")}\n`;
}
