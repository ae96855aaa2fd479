import { hasErrors } from "../diagnostics/index.js";
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

export function printRowProblems(diagnostics: readonly { message: string; hint?: string; location?: { file: string; line?: number } }[], io: CliIo): void {
  if (diagnostics.length === 0) return;
  for (const d of diagnostics) io.stderr(`${d.location?.file ?? ""}:${d.location?.line ?? 0}: skipped: ${d.message}${d.hint ? ` (${d.hint})` : ""}\n`);
  io.stderr(`${diagnostics.length} problem(s) in bad rows; those rows were skipped (--strict makes this fatal)\n`);
}
