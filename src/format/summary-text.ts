import type { PolicySummaryRow } from "../analyse/summarize.js";

/** A plain-text table of what each policy defines. */
export function formatPolicySummary(rows: readonly PolicySummaryRow[]): string {
  const header = ["kind", "policy", "version", "defines"];
  const body = rows.map((r) => [r.kind, r.name, r.version, r.defines]);
  return formatTable(header, body);
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}
