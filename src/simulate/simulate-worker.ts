/**
 * Worker thread of `simulate --workers` (see parallel.ts): decides leads with
 * the compiled evaluator and, once the main thread has assigned their owners
 * in input order, writes their rows and counts them for the summary.
 */
import { workerData } from "node:worker_threads";
import { simulationWriters } from "../format/simulation-formats.js";
import type { LeadOutcome } from "../model/outcome.js";
import { policySetFrom, serveBatches } from "../parallel/serve-batches.js";
import type { SimulateAssigned, SimulateDecided, SimulateFinished, SimulateWorkerData } from "./parallel.js";
import { createSimulator } from "./simulate-leads.js";
import { SummaryAccumulator } from "./summary.js";

const { files, asOf, source, format, meta } = workerData as SimulateWorkerData;
const simulator = createSimulator(policySetFrom(files), { asOf, ...(source ? { source } : {}) });
const writer = simulationWriters[format](meta);
const asOfMs = Date.parse(asOf);

serveBatches<LeadOutcome>({
  decide(values, row) {
    const decided = simulator.decideUnassignedSync(values, row);
    return "problems" in decided ? { problems: decided.problems.map((p) => ({ row, message: p.message, hint: p.hint ?? "" })) } : { kept: decided.row };
  },
  toAssign: (outcomes): SimulateDecided => outcomes.map((o) => o.route?.queue ?? null),
  finish(outcomes, assigned) {
    const assignments = assigned as SimulateAssigned;
    const counts = new SummaryAccumulator(asOfMs);
    // Each row is encoded as it is written (a small string flattens cheaply; a batch joined first does not),
    // and the bytes are moved, not copied, to the main thread, which writes them as they are.
    let bytes = Buffer.allocUnsafeSlow(1 << 20);
    let used = 0;
    outcomes.forEach((outcome, i) => {
      if (outcome.route) [outcome.route.assignedQueue, outcome.route.owner] = assignments[i]!;
      counts.addDecision(outcome);
      const row = writer.row(outcome);
      if (used + row.length * 3 > bytes.length) {
        const grown = Buffer.allocUnsafeSlow(Math.max(bytes.length * 2, used + row.length * 3));
        bytes.copy(grown, 0, 0, used);
        bytes = grown;
      }
      used += bytes.write(row, used);
    });
    const written = new Uint8Array(bytes.buffer, 0, used);
    return { finished: { bytes: written, counts: counts.counts() } satisfies SimulateFinished, transfer: [bytes.buffer as ArrayBuffer] };
  },
});
