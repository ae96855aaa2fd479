/**
 * `leadrules explain`: why one lead of a file got its outcome. The whole file
 * is simulated so queue assignment matches `simulate`.
 */
import { UsageError, type Diagnostic } from "../diagnostics/index.js";
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import type { LeadOutcome } from "../model/outcome.js";
import { readAsOf } from "../model/dates.js";
import { displayPath } from "../load/read-policy-files.js";
import type { LeadInput } from "../load/lead-input.js";
import type { ReadReport } from "../input/read-report.js";
import { planPolicies } from "../compile/plan.js";
import { simulateStream, type SimulateOptions } from "../simulate/simulate-leads.js";
import { explainLead, type ExplainReport } from "../simulate/explain.js";
import type { LeadEvaluation } from "../simulate/pipeline.js";
import { simulateFile } from "./simulate-lead-file.js";
import { openLeads, type LeadInputFlags } from "./open-leads.js";

export interface ExplainResult {
  report: ExplainReport;
  diagnostics: Diagnostic[];
  read: ReadReport;
}

/** Explains one lead of a file, read by the input contract's choices. */
export async function explainLeadFile(
  set: PolicySet,
  options: LeadInputFlags & { leads: string; lead: string; asOf: string },
): Promise<ExplainResult> {
  const opened = openLeads(options.leads, options, specOf(set, "DataDictionary")!);
  try {
    const result = await explainLeadInFile(set, options.leads, options.lead, { asOf: options.asOf, ...opened.read }, opened.inputs);
    await opened.finish(result.read);
    return result;
  } catch (error) {
    opened.abort();
    throw error;
  }
}

/** Explains one lead of a file (or of `inputs` read from it). */
export async function explainLeadInFile(
  set: PolicySet,
  file: string,
  leadId: string,
  options: SimulateOptions,
  inputs?: AsyncIterable<LeadInput>,
): Promise<ExplainResult> {
  let found: LeadEvaluation | undefined;
  const onRow = (row: LeadOutcome, evaluation: LeadEvaluation) => {
    if (row.id === leadId) found ??= evaluation;
  };
  const traced = { ...options, trace: true };
  const { diagnostics, read } = inputs
    ? await simulateStream(set, inputs, { file: displayPath(file), ...traced }, onRow)
    : await simulateFile(set, file, traced, onRow);
  if (!found) {
    const message = `no lead with id "${leadId}" in ${file}`;
    const hint =
      read.decided < read.rows
        ? `Check the id; ${read.rows - read.decided} row(s) of the file could not be decided (see above), and explain looks the lead up among the decided ones.`
        : "Check the id; explain looks it up in the dictionary's id field.";
    throw new UsageError(message, hint, [
      { code: "input/unknown-lead", severity: "error", message, hint, location: { file: displayPath(file) } },
    ]);
  }
  return { report: explainLead(planPolicies(set), found, readAsOf(options.asOf)), diagnostics, read };
}
