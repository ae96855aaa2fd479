import type { DiagnosisOnly, SimulationSummary } from "../simulate/summary.js";
import type { PolicySummaryRow } from "../analyse/summarize.js";
import { textCell } from "../render/escape/text.js";
import { readSummaryLines } from "./read-report-format.js";

/** A plain-text table of what each policy defines. */
export function formatPolicySummary(rows: readonly PolicySummaryRow[]): string {
  const header = ["kind", "policy", "version", "defines"];
  const body = rows.map((r) => [r.kind, r.name, r.version, r.defines]);
  return formatTable(header, body);
}

/** Left-aligned columns separated by two spaces; the last column is not padded; every cell on one line (`textCell`). */
export function formatTable(header: readonly string[], cells: readonly (readonly string[])[]): string {
  const rows = cells.map((r) => r.map(textCell));
  // A loop, not Math.max(...rows): spreading 130,000 rows into arguments overflows the stack.
  const widths = header.map((h) => h.length);
  for (const r of rows) widths.forEach((w, i) => (widths[i] = Math.max(w, (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

const list = (counts: Record<string, number>) =>
  Object.keys(counts).length === 0
    ? "none"
    : Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");

/** The simulation summary as a short human report. */
export function formatSimulationSummary(summary: SimulationSummary, asOf: string): string {
  const lines: [string, string][] = [
    ...(summary.diagnosisOnly ? [diagnosisOnlyLine(summary.diagnosisOnly)] : []),
    ...(summary.read ? readSummaryLines(summary.read) : []),
    [
      "leads",
      `${summary.leads} simulated as of ${asOf}${summary.duplicateIds ? `, ${summary.duplicateIds} with a lead id used before` : ""}`,
    ],
    ["stages", list(summary.byStage)],
    ["stage changes", `${summary.stageChanges} leads move stage${summary.oscillations ? `, ${summary.oscillations} oscillate` : ""}`],
    ["grades", list(summary.byGrade)],
    ["thresholds", list(summary.thresholds)],
    ["queues", list(summary.byQueue)],
    ["routing rules", list(summary.byRoutingRule)],
    ["unassigned", `${summary.unassigned} (every member of the queue and its overflow at capacity)`],
    ["off-hours arrivals", `${summary.arrivedOutsideHours} (SLA clock starts at the next business hour)`],
    ["dispositions", `${summary.dispositionsOverdue} overdue (no code within the deadline)`],
    ["retention overdue", list(summary.retentionOverdue)],
    ["retention in 30 days", list(summary.retentionDueWithin30Days)],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${(k + ":").padEnd(width + 1)}  ${v}`).join("\n") + "\n";
}

/** The label of results simulated from policies with decision-logic errors (`--allow-invalid`). */
export function diagnosisOnlyText(d: DiagnosisOnly): string {
  return `DIAGNOSIS ONLY: the policies have ${d.errors} decision-logic error${d.errors === 1 ? "" : "s"} (${d.codes.join(", ")}); these results show what the flawed policies do, not what leads should get`;
}

function diagnosisOnlyLine(d: DiagnosisOnly): [string, string] {
  return ["invalid policies", diagnosisOnlyText(d)];
}
