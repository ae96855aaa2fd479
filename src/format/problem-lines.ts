/**
 * Problems beside a report, for stderr: one line each. A problem at a line of
 * a file starts with that place, as compilers print (`leads.csv:7: warning:
 * ...`); any other starts with its severity (`error: policies/scoring.yaml:
 * ...`, `note: ...`). Every line is escaped: file names, policy values and
 * lead values cannot add a line or move the cursor.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { textCell } from "../render/escape/text.js";

const label = (d: Diagnostic) => (d.severity === "info" ? "note" : d.severity);

export function formatProblemLine(d: Diagnostic, options: { hint?: boolean } = {}): string {
  const l = d.location;
  const hint = options.hint && d.hint ? ` (${d.hint})` : "";
  const line =
    l?.line !== undefined
      ? `${l.file}:${l.line}: ${label(d)}: ${d.message}${hint}`
      : `${label(d)}: ${l ? `${l.file}: ` : ""}${d.message}${hint}`;
  return `${textCell(line)}\n`;
}

export function formatProblemLines(diagnostics: readonly Diagnostic[], options: { hint?: boolean } = {}): string {
  return diagnostics.map((d) => formatProblemLine(d, options)).join("");
}

/** Warnings about rows that were still decided (a lead id used twice): the first `top`, then how many. */
export function formatRowWarnings(warnings: readonly Diagnostic[], top = 20): string {
  let out = formatProblemLines(warnings.slice(0, top), { hint: true });
  if (warnings.length > top) out += `... and ${warnings.length - top} more\n`;
  if (warnings.length > 0) out += `${warnings.length} warning(s) about rows that were still simulated (--strict makes them fatal)\n`;
  return out;
}
