/**
 * `leadrules nurture`: a lead file through the pipeline and the nurture programs as of a time, with the
 * touches of a send log and the breakers' signals; every decision to `onDecision`, the summary returned.
 * With `lead`, that lead alone is also explained, condition by condition.
 */
import { UsageError, type Diagnostic } from "../diagnostics/index.js";
import type { EngineName } from "../compile/engine-names.js";
import { displayPath } from "../load/read-policy-files.js";
import type { LeadInput } from "../load/lead-input.js";
import type { RawRecord } from "../model/lead.js";
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import { readAsOf } from "../model/dates.js";
import { touchesOfUnknownSteps, type NurtureSignals, type NurtureTouch } from "../model/nurture-inputs.js";
import { noteInput } from "../input/intake.js";
import type { ReadReport } from "../input/read-report.js";
import { readSendLog, repeatedRowsWarning, type SendLog } from "../input/send-log.js";
import { readMembership } from "../input/membership.js";
import type { NurtureSpec } from "../model/policy.js";
import { readSignals } from "../input/read-signals.js";
import { createNurtureJudge, type NurtureDecision } from "../simulate/nurture.js";
import { explainNurture, type NurtureExplainReport } from "../simulate/nurture-explain.js";
import { nurtureStream, type NurtureRunOptions } from "../simulate/nurture-leads.js";
import type { NurtureSummary } from "../simulate/nurture-summary.js";
import { createSimulator } from "../simulate/simulate-leads.js";
import { openLeads, type LeadInputFlags } from "./open-leads.js";

export interface NurtureFileOptions extends LeadInputFlags {
  leads: string;
  asOf: string;
  engine?: EngineName;
  /** A send log: the touches each lead got so far. */
  sends?: string;
  /** The time zone of send times written without an offset. */
  sendsTimeZone?: string;
  /** A membership file: when each lead entered each program (the first step's wait counts from it). */
  members?: string;
  /** The breakers' signals (JSON or YAML). */
  signals?: string;
  /** Explain this lead too. */
  lead?: string;
  strict?: boolean;
}

export interface NurtureFileResult {
  summary: NurtureSummary;
  diagnostics: Diagnostic[];
  read: ReadReport;
  explained?: NurtureExplainReport;
}

/** The nurture policy of a set, or a UsageError saying there is none. */
export function nurtureOf(set: PolicySet) {
  const nurture = specOf(set, "NurtureProgram");
  if (!nurture)
    throw new UsageError(
      "the policies define no nurture programs",
      "Add a `kind: NurtureProgram` policy (docs/nurture.md) to decide nurture.",
    );
  return nurture;
}

export async function nurtureLeadFile(
  set: PolicySet,
  options: NurtureFileOptions,
  onDecision: (decision: NurtureDecision) => void = () => {},
): Promise<NurtureFileResult> {
  const nurture = nurtureOf(set);
  const signals: NurtureSignals = options.signals ? readSignals(options.signals, nurture) : {};
  const zone = options.sendsTimeZone ? { timeZone: options.sendsTimeZone } : {};
  const sendLog = options.sends ? await readSendLog(options.sends, zone) : undefined;
  if (sendLog) assertKnownSteps(sendLog, nurture);
  const members = options.members ? await readMembership(options.members, zone) : undefined;
  const entries = new Map<string, Map<string, number>>();
  for (const m of members?.members ?? [])
    if (m.status === "active") entries.set(m.lead, (entries.get(m.lead) ?? new Map()).set(m.program, m.enteredAtMs));
  const opened = openLeads(options.leads, options, specOf(set, "DataDictionary")!);
  const run: NurtureRunOptions = {
    asOf: options.asOf,
    file: displayPath(options.leads),
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.strict ? { strict: true } : {}),
    ...opened.read,
    ...(sendLog ? { touches: sendLog.byLead } : {}),
    ...(members ? { entries } : {}),
    signals,
  };
  try {
    // The header and the current record, so the lead asked about can be decided again with a trace.
    let columns: Extract<LeadInput, { columns: string[] }> | undefined;
    let current: RawRecord | undefined;
    let found: RawRecord | undefined;
    async function* watched(): AsyncGenerator<LeadInput> {
      for await (const input of opened.inputs) {
        if ("columns" in input) columns = input;
        current = "record" in input ? input.record : undefined;
        yield input;
      }
    }
    const result = await nurtureStream(set, watched(), run, (decision) => {
      if (options.lead !== undefined && decision.id === options.lead && !found && current)
        found = { row: current.row, values: { ...current.values } };
      onDecision(decision);
    });
    await opened.finish(result.read);
    if (sendLog && sendLog.repeated > 0) result.diagnostics.push(repeatedRowsWarning(sendLog));
    if (options.lead === undefined) return result;
    if (!found) {
      const message = `no lead with id "${options.lead}" in ${displayPath(options.leads)}`;
      throw new UsageError(message, "Check the id; it is looked up in the dictionary's id field among the decided leads.", [
        { code: "input/unknown-lead", severity: "error", message, location: { file: displayPath(options.leads) } },
      ]);
    }
    return {
      ...result,
      explained: await explainOne(set, run, columns, found, sendLog?.byLead.get(options.lead) ?? [], entries.get(options.lead)),
    };
  } catch (error) {
    opened.abort();
    throw error;
  }
}

/** Refuses a log with touches of steps their program does not have (`touchesOfUnknownSteps`), every such row named. */
function assertKnownSteps(log: SendLog, nurture: NurtureSpec): void {
  const unknown = touchesOfUnknownSteps(log.touches, nurture);
  if (unknown.length === 0) return;
  const diagnostics: Diagnostic[] = unknown.slice(0, 20).map((t) => ({
    code: "input/send-log",
    severity: "error",
    message: `row ${t.row}: program \`${t.program}\` has no step \`${t.step}\``,
    hint: `Its steps: ${[...new Set(nurture.programs.find((p) => p.id === t.program)!.tracks.flatMap((x) => x.steps.map((st) => st.id)))].join(", ")}.`,
    location: { file: log.file, ...(t.row !== undefined ? { line: t.row } : {}) },
  }));
  throw new UsageError(
    `${log.file}: ${unknown.length} touch${unknown.length === 1 ? "" : "es"} of a step the program does not have`,
    "Fix the step names (the policy's step ids), or the policy: the lead's place in its track depends on them.",
    diagnostics,
  );
}

/** One record decided again, alone, with the facts it was decided on kept for the explanation. */
async function explainOne(
  set: PolicySet,
  run: NurtureRunOptions,
  columns: Extract<LeadInput, { columns: string[] }> | undefined,
  record: RawRecord,
  touches: readonly NurtureTouch[],
  entries: ReadonlyMap<string, number> | undefined,
): Promise<NurtureExplainReport> {
  const { onBadRow: _reported, ...quiet } = run;
  const simulator = createSimulator(set, { ...quiet, trace: true, nurture: true });
  if (columns) noteInput(simulator.intake, columns);
  const decided = await simulator.decide(record.values, record.row);
  if (!decided) throw new Error(`nurture: lead row ${record.row} was decided once but not again`);
  const holds = await simulator.engine.evaluate("nurture", decided.evaluation.facts);
  const asOfMs = readAsOf(run.asOf);
  const decision = createNurtureJudge(simulator.plan, simulator.plan.nurture!, asOfMs, run.signals).decide(
    decided.evaluation.facts,
    holds,
    touches,
    entries,
  );
  return explainNurture(simulator.plan, decided.evaluation.facts, holds, decision, asOfMs);
}
