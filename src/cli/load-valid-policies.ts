import { ExitCode, hasErrors, type Diagnostic } from "../diagnostics/index.js";
import { textCell } from "../render/escape/text.js";
import { isUnreadable } from "../load/read-leads.js";
import { formatText } from "../format/diagnostics-format.js";
import { validatePolicyDirectory, type PolicySet } from "../index.js";
import type { CliIo } from "./io.js";

/** Validates the policy folder; prints the errors and returns null when it is not usable. */
export function loadValidPolicies(directory: string, io: CliIo): PolicySet | null {
  const { set, diagnostics, sources } = validatePolicyDirectory(directory);
  if (hasErrors(diagnostics)) {
    io.stderr(`leadrules: the policies in ${directory} have errors; fix them first (leadrules validate):\n\n`);
    io.stderr(formatText({ diagnostics, sources }));
    return null;
  }
  return set;
}

/**
 * Prints the bad rows. Returns the exit code they call for: 2 (input error) when part of the file could
 * not be read at all, since the results then silently miss leads; ok otherwise (bad rows are skipped).
 */
export function printRowProblems(all: readonly Diagnostic[], io: CliIo): ExitCode {
  // Warnings (a lead id used twice) are about rows that were still simulated.
  const warnings = all.filter((d) => d.severity === "warning");
  const diagnostics = all.filter((d) => d.severity !== "warning");
  // One line per row, whatever the value it quotes holds.
  for (const d of all) io.stderr(`${textCell(`${d.location?.file ?? ""}:${d.location?.line ?? 0}: ${d.severity === "warning" ? "warning" : isUnreadable(d) ? "unreadable" : "skipped"}: ${d.message}${d.hint ? ` (${d.hint})` : ""}`)}\n`);
  if (warnings.length > 0) io.stderr(`${warnings.length} warning(s) about rows that were still simulated (--strict makes them fatal)\n`);
  if (diagnostics.length === 0) return ExitCode.ok;
  io.stderr(`${diagnostics.length} problem(s) in bad rows; those rows were skipped (--strict makes this fatal)\n`);
  const unreadable = diagnostics.filter(isUnreadable);
  if (unreadable.length === 0) return ExitCode.ok;
  io.stderr(`error: ${unreadable[0]!.location?.file ?? "the lead file"} could not be fully read (${unreadable.length} unreadable part(s)); the results above are incomplete\n`);
  return ExitCode.usage;
}
