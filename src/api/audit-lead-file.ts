/**
 * `leadrules audit`: a production export compared with what the approved
 * policies decide, its findings, the limits they exceed and the checks that
 * could not run, as one list of diagnostics beside the report.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import { displayPath } from "../load/read-policy-files.js";
import type { ReadReport } from "../input/read-report.js";
import { auditLeads, type AuditReport } from "../audit/audit-leads.js";
import { auditProblems, type AuditLimits } from "../audit/audit-problems.js";
import { assertLeadOutputs, openLeads, type LeadInputFlags } from "./open-leads.js";

export interface AuditFileOptions extends LeadInputFlags {
  policies: string;
  leads: string;
  asOf: string;
  /** Limits per area (`--fail-on`); above one the audit fails. */
  failOn?: AuditLimits;
  /** Areas whose checks may be skipped without failing the audit (`--allow-unchecked`; `all`). */
  allowUnchecked?: readonly string[];
}

export interface AuditFileResult {
  report: AuditReport;
  /** Rows that were still decided (a lead id used twice). */
  diagnostics: Diagnostic[];
  read: ReadReport;
  /** Limits exceeded and checks not run: errors fail the audit (exit 1), notes are allowed. */
  problems: Diagnostic[];
}

export async function auditLeadFile(set: PolicySet, options: AuditFileOptions): Promise<AuditFileResult> {
  assertLeadOutputs(
    options.leads,
    options,
    set.policies.map((p) => p.file),
  );
  const opened = openLeads(options.leads, options, specOf(set, "DataDictionary")!);
  let result;
  try {
    result = await auditLeads(set, opened.inputs, { asOf: options.asOf, file: displayPath(options.leads), ...opened.read });
    await opened.finish(result.read);
  } catch (error) {
    opened.abort();
    throw error;
  }
  return { ...result, problems: auditProblems(result.report, options.failOn, options.allowUnchecked ?? []) };
}
