/**
 * `leadrules explain`: why one lead of a file got its outcome. The whole file is simulated untraced, so queue
 * assignment (owners rotate in input order) matches `simulate`; only the lead asked about is evaluated again
 * with a snapshot of the facts at each step, and given the owner the whole run gave it. Tracing every lead
 * would copy every lead's facts at every step for one explanation.
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
import { createSimulator, simulateStream, type SimulateOptions } from "../simulate/simulate-leads.js";
import { noteInput } from "../input/intake.js";
import { resolveReadSettings } from "../input/read-settings.js";
import { readLeadRecords } from "../load/read-leads.js";
import type { RawRecord } from "../model/lead.js";
import { explainLead, type ExplainReport } from "../simulate/explain.js";
import type { LeadEvaluation } from "../simulate/pipeline.js";
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
  const read =
    options.read ?? resolveReadSettings(specOf(set, "DataDictionary")!, options.source !== undefined ? { source: options.source } : {});
  const untraced: SimulateOptions = { file: displayPath(file), ...options, read, trace: false };
  // The header (how columns are read) and the record being decided, so the lead can be taken in again.
  let columns: Extract<LeadInput, { columns: string[] }> | undefined;
  let current: RawRecord | undefined;
  async function* watched(): AsyncGenerator<LeadInput> {
    for await (const input of inputs ?? readLeadRecords(file, { layout: read.layout })) {
      if ("columns" in input) columns = input;
      current = "record" in input ? input.record : undefined;
      yield input;
    }
  }
  let found: { row: LeadOutcome; record: RawRecord } | undefined;
  // Called right after the record is decided, before the next one is read: `current` is this row's record.
  const onRow = (row: LeadOutcome) => {
    if (row.id === leadId && !found && current) found = { row, record: { row: current.row, values: { ...current.values } } };
  };
  const { diagnostics, read: report } = await simulateStream(set, watched(), untraced, onRow);
  if (!found) {
    const message = `no lead with id "${leadId}" in ${file}`;
    const hint =
      report.decided < report.rows
        ? `Check the id; ${report.rows - report.decided} row(s) of the file could not be decided (see above), and explain looks the lead up among the decided ones.`
        : "Check the id; explain looks it up in the dictionary's id field.";
    throw new UsageError(message, hint, [
      { code: "input/unknown-lead", severity: "error", message, hint, location: { file: displayPath(file) } },
    ]);
  }
  const evaluation = await evaluateTraced(set, untraced, columns, found.record);
  // The outcome, owner included, is the one the whole run decided.
  const explained = explainLead(planPolicies(set), { ...evaluation, outcome: found.row }, readAsOf(options.asOf));
  return { report: explained, diagnostics, read: report };
}

/** One record decided again, alone, with the facts each step saw; it was read and decided once already. */
async function evaluateTraced(
  set: PolicySet,
  options: SimulateOptions,
  columns: Extract<LeadInput, { columns: string[] }> | undefined,
  record: RawRecord,
): Promise<LeadEvaluation> {
  const { onBadRow: _reported, ...quiet } = options;
  const simulator = createSimulator(set, { ...quiet, trace: true });
  if (columns) noteInput(simulator.intake, columns);
  const decided =
    (options.engine ?? "compiled") === "compiled"
      ? simulator.decideSync(record.values, record.row)
      : await simulator.decide(record.values, record.row);
  if (!decided) throw new Error(`explain: lead row ${record.row} was decided once but not again`);
  return decided.evaluation;
}
