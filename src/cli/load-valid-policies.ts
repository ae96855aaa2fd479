import type { PolicyCache } from "../api/policy-cache.js";
import { loadPolicyDirectory } from "../api/cached-validation.js";
import { hasErrors, type Diagnostic } from "../diagnostics/index.js";
import type { PolicySet } from "../model/policy-set.js";
import type { DiagnosisOnly } from "../simulate/summary.js";
import type { ValidationResult } from "../verify/validate-policies.js";
import { formatText } from "../format/diagnostics-format.js";
import { diagnosisOnlyText } from "../format/summary-text.js";
import { formatRowWarnings } from "../format/problem-lines.js";
import type { CliIo } from "./io.js";

/** Validates the policy folder; prints the errors and returns null when it is not usable. */
export async function loadValidPolicies(directory: string, io: CliIo, cache: PolicyCache | null): Promise<PolicySet | null> {
  const { set, diagnostics, sources } = await loadPolicyDirectory(directory, { decisionLogic: "errors", cache });
  if (hasErrors(diagnostics)) {
    io.stderr(`leadrules: the policies in ${directory} have errors; fix them first (leadrules validate):\n\n`);
    io.stderr(formatText({ diagnostics, sources }));
    return null;
  }
  return set;
}

/**
 * Validates the policy folder for a command whose machine output reports the errors itself (`--format json`):
 * the set, or null and the errors, printing nothing.
 */
export async function loadPoliciesOrErrors(
  directory: string,
  cache: PolicyCache | null,
): Promise<{ set: PolicySet; errors: null } | { set: null; errors: readonly Diagnostic[] }> {
  const { set, diagnostics } = await loadPolicyDirectory(directory, { decisionLogic: "errors", cache });
  return hasErrors(diagnostics) ? { set: null, errors: diagnostics.filter((d) => d.severity === "error") } : { set, errors: null };
}

/**
 * The policies `simulate` runs. Without `allowInvalid`, as `loadValidPolicies`. With it, policies whose only
 * errors are decision-logic findings are returned with their label, after the errors and a banner on stderr;
 * other errors still refuse (null).
 */
export async function loadPoliciesToSimulate(
  directory: string,
  io: CliIo,
  allowInvalid: boolean,
  cache: PolicyCache | null,
): Promise<{ validation: ValidationResult; diagnosisOnly?: DiagnosisOnly } | null> {
  const validation = await loadPolicyDirectory(directory, { decisionLogic: "errors", cache });
  // simulate's own module, imported here so other commands do not load it.
  const { policiesToSimulate } = await import("../api/simulate-lead-file.js");
  const chosen = policiesToSimulate(validation, { allowInvalid });
  const errors = formatText({ diagnostics: validation.diagnostics.filter((d) => d.severity === "error"), sources: validation.sources });
  if (!chosen.set) {
    const only = allowInvalid ? " that --allow-invalid cannot set aside (only decision-logic errors can be)" : "";
    io.stderr(`leadrules: the policies in ${directory} have errors${only}; fix them first (leadrules validate):\n\n`);
    io.stderr(formatText({ diagnostics: allowInvalid ? chosen.refusedBy : validation.diagnostics, sources: validation.sources }));
    return null;
  }
  if (chosen.diagnosisOnly) {
    io.stderr(errors);
    io.stderr(
      `\nleadrules: --allow-invalid: ${diagnosisOnlyText(chosen.diagnosisOnly)}.\n` +
        "leadrules: simulated anyway to replay the findings; do not act on these results. The run exits 1 even when every lead is decided.\n\n",
    );
  }
  return { validation, ...(chosen.diagnosisOnly ? { diagnosisOnly: chosen.diagnosisOnly } : {}) };
}

/** Prints warnings about rows that were still decided (a lead id used twice): the first 20, then how many. */
export function printRowWarnings(warnings: readonly Diagnostic[], io: CliIo): void {
  io.stderr(formatRowWarnings(warnings));
}
