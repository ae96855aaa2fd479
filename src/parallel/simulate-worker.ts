/**
 * Worker thread of `simulate --workers` (see simulate-parallel.ts): decides leads with
 * the compiled evaluator and writes their rows and counts; once the main
 * thread has assigned their owners in input order, it puts the owners in.
 *
 * Rows of a format that can be split where the assignment goes (ndjson, csv) are
 * written as soon as a lead is decided, into memory outside the JavaScript
 * heap, so the batch holds bytes and offsets rather than outcome objects
 * (which the garbage collector would otherwise copy while they wait for the
 * assignment). Other formats keep the outcomes and write them at the end.
 * Finished rows go into the slot of shared memory the main thread lent the
 * batch (moved over in a buffer of their own when they do not fit).
 */
import { workerData } from "node:worker_threads";
import { simulationWriters } from "../format/simulation-formats.js";
import type { LeadOutcome } from "../model/outcome.js";
import { policySetFrom, serveBatches } from "./serve-batches.js";
import { GrowingBytes } from "./growing-bytes.js";
import type { SimulateAssigned, SimulateDecided, SimulateFinished, SimulateWorkerData } from "./simulate-parallel.js";
import { createSimulator } from "../simulate/simulate-leads.js";
import { SummaryAccumulator } from "../simulate/summary.js";
import { fusedRow, newFusedLead } from "../fused/fused-row.js";

const { policies, slots, asOf, read, format, meta } = workerData as SimulateWorkerData;
const slotMemory = slots.map((slot) => Buffer.from(slot));
const simulator = createSimulator(policySetFrom(policies), { asOf, read, inWorker: true });
const writer = simulationWriters[format](meta);
const split = writer.split;
const asOfMs = Date.parse(asOf);
// Split formats the fused function writes (ndjson, csv) are written by it when the policy set allows it; `split.assignment` fills the gaps.
const fused = split && writer.fused ? fusedRow(simulator.plan, simulator.asOfMs, writer.fused.rows) : undefined;
const lead = newFusedLead(simulator.plan);

interface Batch {
  counts: SummaryAccumulator;
  /** Each lead's queue, id and line, for the assignment (and the duplicate-id check). */
  decided: SimulateDecided;
  /** Split formats: the rows written so far, and where each lead's assignment goes (-1: none). */
  rows: GrowingBytes;
  gaps: number[];
  /** Other formats: the outcomes, written when assigned. */
  outcomes: LeadOutcome[];
}

serveBatches<Batch>({
  start: () => ({
    counts: new SummaryAccumulator(asOfMs),
    decided: { queues: [], ids: [], lines: [], tally: undefined },
    rows: new GrowingBytes(split ? 1 << 20 : 0),
    gaps: [],
    outcomes: [],
  }),
  decide(batch, values, row) {
    if (fused) {
      const taken = simulator.take(values, row);
      if (!taken) return undefined;
      fused(taken.lead, taken.flagged, lead);
      batch.counts.addCounted(lead);
      batch.decided.queues.push(lead.queue);
      batch.decided.ids.push(lead.id);
      batch.decided.lines.push(row);
      batch.rows.write(lead.head);
      if (lead.tail === null) batch.gaps.push(-1);
      else {
        batch.gaps.push(batch.rows.used);
        batch.rows.write(lead.tail);
      }
      return undefined;
    }
    // A rejected row is counted by the intake, whose tally goes to the main thread with the batch.
    const outcome = simulator.decideUnassignedSync(values, row);
    if (!outcome) return undefined;
    batch.counts.addDecision(outcome);
    batch.decided.queues.push(outcome.route?.queue ?? null);
    batch.decided.ids.push(outcome.id);
    batch.decided.lines.push(row);
    if (!split) batch.outcomes.push(outcome);
    else {
      const parts = split.around(outcome);
      if (parts === null) {
        batch.rows.write(writer.row(outcome));
        batch.gaps.push(-1);
      } else {
        batch.rows.write(parts[0]);
        batch.gaps.push(batch.rows.used);
        batch.rows.write(parts[1]);
      }
    }
    return undefined;
  },
  toAssign: (batch): SimulateDecided => ({ ...batch.decided, tally: simulator.intake.takeTally() }),
  finish(batch, assigned) {
    const { owners, slot } = assigned as SimulateAssigned;
    const memory = slotMemory[slot];
    const rows = new GrowingBytes(memory ?? (split ? batch.rows.used + 64 * batch.gaps.length : 1 << 20));
    if (split) {
      let from = 0;
      batch.gaps.forEach((gap, i) => {
        if (gap < 0) return;
        rows.copy(batch.rows, from, gap);
        rows.write(split.assignment(...owners[i]!));
        from = gap;
      });
      rows.copy(batch.rows, from, batch.rows.used);
    } else {
      batch.outcomes.forEach((outcome, i) => {
        if (outcome.route) [outcome.route.assignedQueue, outcome.route.owner] = owners[i]!;
        rows.write(writer.row(outcome));
      });
    }
    const counts = batch.counts.counts();
    if (memory && rows.isIn(memory)) return { finished: { rows: { slot, length: rows.used }, counts } satisfies SimulateFinished };
    const { bytes, transfer } = rows.take();
    return { finished: { rows: { bytes }, counts } satisfies SimulateFinished, transfer: [transfer] };
  },
});
