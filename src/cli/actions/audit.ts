import type { AuditLimits } from "../../audit/audit-problems.js";
import { auditLeadFile } from "../../api/audit-lead-file.js";
import type { LeadInputFlags } from "../../api/open-leads.js";
import { ExitCode, hasErrors } from "../../diagnostics/index.js";
import { auditFormatters, formatUncheckedHint, type AuditFormat } from "../../format/audit-report.js";
import { formatProblemLines } from "../../format/problem-lines.js";
import { printReadReport } from "../lead-input.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies, printRowWarnings } from "../load-valid-policies.js";
import type { RunContext } from "../options.js";

export interface AuditOptions extends LeadInputFlags {
  leads: string;
  policies: string;
  asOf?: string;
  format: AuditFormat;
  failOn?: AuditLimits;
  allowUnchecked: string[];
  rawCsv?: boolean;
  sends?: string;
  members?: string;
  sendsTimeZone?: string;
}

export async function auditCommand(options: AuditOptions, io: CliIo, context: RunContext): Promise<number> {
  const set = await loadValidPolicies(options.policies, io, context.cache);
  if (!set) return ExitCode.policyFailure;
  const { report, diagnostics, read, problems } = await auditLeadFile(set, { ...options, asOf: options.asOf ?? new Date().toISOString() });
  io.stdout(auditFormatters[options.format](report, { rawCsv: options.rawCsv ?? false }));
  printRowWarnings(diagnostics, io);
  const rowsExit = printReadReport(read, io, options.rejects);
  // A check that could not run fails the audit like a limit exceeded, unless the user accepts it for its area.
  io.stderr(formatProblemLines(problems) + formatUncheckedHint(problems));
  if (rowsExit !== ExitCode.ok) return rowsExit;
  return hasErrors(problems) ? ExitCode.policyFailure : ExitCode.ok;
}
