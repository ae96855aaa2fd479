/**
 * Simulation on one thread by the fused row function: the same loop as
 * simulate/simulate-leads.ts `simulateStream` (intake, decision, duplicate
 * ids, assignment in input order, summary), but each lead's row comes out as
 * text, for the formats the fused function writes (ndjson, json, csv).
 */
import type { Diagnostic } from "../diagnostics/index.js";
import type { LeadInput } from "../load/lead-input.js";
import type { PolicySet } from "../model/policy-set.js";
import type { ReadReport } from "../input/read-report.js";
import { Assigner } from "../simulate/assign.js";
import { createSimulator, decideEach, type SimulateOptions, type Simulator } from "../simulate/simulate-leads.js";
import type { SimulationSummary } from "../simulate/summary.js";
import { fusedRow, newFusedLead, type FusedLead, type FusedRow, type FusedRowOptions } from "./fused-row.js";

/** A format's rows as the fused function writes them, and the text of an assignment between a row's head and tail. */
export interface FusedFormat {
  rows: FusedRowOptions;
  assignment(assignedQueue: string | null, owner: string | null): string;
}

/** A policy set ready to decide leads by its fused function. */
export interface FusedSimulator {
  simulator: Simulator;
  decide: FusedRow;
  assignment: FusedFormat["assignment"];
  /** The record `decide` fills, one per simulator. */
  lead: FusedLead;
}

/** Undefined when the policy set is left to the reference pipeline (`whyNotFused`) or the engine is not the compiled one. */
export function createFusedSimulator(set: PolicySet, options: SimulateOptions, format: FusedFormat): FusedSimulator | undefined {
  if ((options.engine ?? "compiled") !== "compiled" || options.trace) return undefined;
  const simulator = createSimulator(set, options);
  const decide = fusedRow(simulator.plan, simulator.asOfMs, format.rows);
  return decide && { simulator, decide, assignment: format.assignment, lead: newFusedLead(simulator.plan) };
}

export async function simulateStreamFused(
  fused: FusedSimulator,
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  options: SimulateOptions,
  onRow: (text: string) => void,
  drain?: () => Promise<void>,
): Promise<{ summary: SimulationSummary; diagnostics: Diagnostic[]; read: ReadReport }> {
  const { simulator, decide, assignment: assignmentText, lead } = fused;
  const assigner = simulator.plan.routing && new Assigner(simulator.plan.routing);
  return decideEach(
    simulator,
    inputs,
    options,
    (values, row, { summary, ids }) => {
      const taken = simulator.take(values, row);
      if (!taken) return;
      decide(taken.lead, taken.flagged, lead);
      ids.see(lead.id, row);
      summary.addCounted(lead);
      if (lead.tail === null || !assigner) onRow(lead.head);
      else {
        const assignment = assigner.assign(lead.queue!);
        summary.addAssigned(assignment.queue, assignment.owner);
        onRow(lead.head + assignmentText(assignment.queue, assignment.owner) + lead.tail);
      }
    },
    drain,
  );
}
