/**
 * `leadrules audit`: a production export compared with what the approved
 * policies decide, its findings, the limits they exceed and the checks that
 * could not run, as one list of diagnostics beside the report.
 */
import { UsageError, type Diagnostic } from "../diagnostics/index.js";
import { readMembership } from "../input/membership.js";
import { readSendLog, repeatedRowsWarning } from "../input/send-log.js";
import { nurtureOf } from "./nurture-lead-file.js";
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
  /** A production send log to audit against the NurtureProgram policy (area `nurture`). */
  sends?: string;
  /** The platform's program memberships (lead, program, status, entered_at), for `after-exit` and entrants. */
  members?: string;
  /** The time zone of send and entry times written without an offset. */
  sendsTimeZone?: string;
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
  // The send log and the membership file are inputs too: --rejects may not replace them.
  assertLeadOutputs(options.leads, options, [
    ...set.policies.map((p) => p.file),
    ...(options.sends ? [options.sends] : []),
    ...(options.members ? [options.members] : []),
  ]);
  if (options.members && !options.sends)
    throw new UsageError("--members needs --sends", "A membership file is audited with the send log it belongs to.");
  const zone = options.sendsTimeZone ? { timeZone: options.sendsTimeZone } : {};
  // Both read completely first: a bad row stops the audit (exit 2) before any lead is read.
  const sendLog = options.sends ? await readSendLog(options.sends, zone) : undefined;
  const members = options.members ? await readMembership(options.members, zone) : undefined;
  if (sendLog) nurtureOf(set);
  const opened = openLeads(options.leads, options, specOf(set, "DataDictionary")!);
  let result;
  try {
    result = await auditLeads(set, opened.inputs, {
      asOf: options.asOf,
      file: displayPath(options.leads),
      ...opened.read,
      ...(sendLog ? { sendLog: { touches: sendLog.touches, ...(members ? { members: members.members } : {}) } } : {}),
    });
    await opened.finish(result.read);
  } catch (error) {
    opened.abort();
    throw error;
  }
  // A repeated row may be a double send in production: read once, but said (as `nurture` says it).
  if (sendLog && sendLog.repeated > 0) result.diagnostics.push(repeatedRowsWarning(sendLog));
  return { ...result, problems: auditProblems(result.report, options.failOn, options.allowUnchecked ?? []) };
}
