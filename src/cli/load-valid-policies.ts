import { hasErrors, type Diagnostic } from "../diagnostics/index.js";
import { textCell } from "../render/escape/text.js";
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

/** Prints warnings about rows that were still decided (a lead id used twice): the first 20, then how many. */
export function printRowWarnings(warnings: readonly Diagnostic[], io: CliIo): void {
  for (const d of warnings.slice(0, 20)) io.stderr(`${textCell(`${d.location?.file ?? ""}:${d.location?.line ?? 0}: warning: ${d.message}${d.hint ? ` (${d.hint})` : ""}`)}\n`);
  if (warnings.length > 20) io.stderr(`... and ${warnings.length - 20} more\n`);
  if (warnings.length > 0) io.stderr(`${warnings.length} warning(s) about rows that were still simulated (--strict makes them fatal)\n`);
}
