import { hasErrors, validatePolicyDirectory, type Diagnostic, type PolicySet } from "../index.js";
import { formatText } from "../format/diagnostics-format.js";
import { formatRowWarnings } from "../format/problem-lines.js";
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

/** Prints warnings about rows that were still decided (a lead id used twice): the first 20, then how many. */
export function printRowWarnings(warnings: readonly Diagnostic[], io: CliIo): void {
  io.stderr(formatRowWarnings(warnings));
}
