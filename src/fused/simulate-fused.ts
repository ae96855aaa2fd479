/**
 * Simulation on one thread by the fused row function: the same loop as
 * simulate/simulate-leads.ts `simulateStream` (intake, decision, duplicate
 * ids, assignment in input order, summary), but each lead's row comes out as
 * text, for the formats that write the outcome's JSON (ndjson, json).
 */
import type { Diagnostic } from "../diagnostics/index.js";
import type { LeadInput } from "../load/lead-input.js";
import type { PolicySet } from "../model/policy-set.js";
import { noteInput } from "../input/intake.js";
import type { ReadReport } from "../input/read-report.js";
import { assignmentJson } from "../render/outcome-json.js";
import { Assigner } from "../simulate/assign.js";
import { DuplicateIds, duplicateIdHandler } from "../simulate/duplicate-ids.js";
import { createSimulator, type SimulateOptions, type Simulator } from "../simulate/simulate-leads.js";
import { SummaryAccumulator, type SimulationSummary } from "../simulate/summary.js";
import { fusedRow, newFusedLead, type FusedLead, type FusedRow, type FusedRowOptions } from "./fused-row.js";

/** A policy set ready to decide leads by its fused function. */
export interface FusedSimulator {
  simulator: Simulator;
  decide: FusedRow;
  /** The record `decide` fills, one per simulator. */
  lead: FusedLead;
}

/** Undefined when the policy set is left to the reference pipeline (`whyNotFused`) or the engine is not the compiled one. */
export function createFusedSimulator(set: PolicySet, options: SimulateOptions, row: FusedRowOptions): FusedSimulator | undefined {
  if ((options.engine ?? "compiled") !== "compiled" || options.trace) return undefined;
  const simulator = createSimulator(set, options);
  const decide = fusedRow(simulator.plan, simulator.asOfMs, row);
  return decide && { simulator, decide, lead: newFusedLead(simulator.plan) };
}

/** Rows between two awaits of `drain`, as in `simulateStream`. */
const drainEvery = 1000;

export async function simulateStreamFused(
  fused: FusedSimulator,
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  options: SimulateOptions,
  onRow: (text: string) => void,
  drain?: () => Promise<void>,
): Promise<{ summary: SimulationSummary; diagnostics: Diagnostic[]; read: ReadReport }> {
  const { simulator, decide, lead } = fused;
  const summary = new SummaryAccumulator(simulator.asOfMs);
  const diagnostics: Diagnostic[] = [];
  const assigner = simulator.plan.routing && new Assigner(simulator.plan.routing);
  let sinceDrain = 0;
  const ids = new DuplicateIds(options.file ?? "(input)", duplicateIdHandler(options, summary, diagnostics));
  for await (const input of inputs) {
    if (!("record" in input)) {
      noteInput(simulator.intake, input, options.strict);
      continue;
    }
    const { values, row } = input.record;
    const taken = simulator.take(values, row);
    if (!taken) continue;
    decide(taken.lead, taken.flagged, lead);
    ids.see(lead.id, row);
    summary.addCounted(lead);
    if (lead.tail === null || !assigner) onRow(lead.head);
    else {
      const assignment = assigner.assign(lead.queue!);
      summary.addAssigned(assignment.queue, assignment.owner);
      onRow(lead.head + assignmentJson(assignment.queue, assignment.owner) + lead.tail);
    }
    if (drain && ++sinceDrain >= drainEvery) {
      sinceDrain = 0;
      await drain();
    }
  }
  const read = simulator.intake.report();
  return { summary: summary.result(read), diagnostics, read };
}
