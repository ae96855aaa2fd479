/**
 * Worker thread of `diff --workers` (see diff-parallel.ts): decides leads with
 * both versions and, once the main thread has assigned owners in input order,
 * compares each pair and counts.
 */
import { workerData } from "node:worker_threads";
import type { LeadOutcome } from "../model/outcome.js";
import { policySetFrom, serveBatches } from "./serve-batches.js";
import { createSimulator } from "../simulate/simulate-leads.js";
import { BehaviourAccumulator, type DecidedPair } from "../diff/behaviour-diff.js";
import { pairDecider } from "../diff/decide-pair.js";
import type { DiffAssigned, DiffDecided, DiffWorkerData } from "./diff-parallel.js";

const { base, head, reads, asOf, accumulate } = workerData as DiffWorkerData;
const headSet = policySetFrom(head);
const versions = [
  createSimulator(policySetFrom(base), { asOf, read: reads[0], checkHeader: false, inWorker: true }),
  createSimulator(headSet, { asOf, read: reads[1], inWorker: true }),
] as const;
const decide = pairDecider(versions);

/** Either side may be missing: a version that cannot read the row still leaves the other's assignment to make. */
type Pair = [LeadOutcome | null, LeadOutcome | null];

interface Batch {
  /** Counts of what the assignment cannot change, made as the leads are decided. */
  accumulator: BehaviourAccumulator;
  /** Per lead, the two outcomes (as `keptForAssignment` keeps them), and whether both versions decided it. */
  pairs: Pair[];
  compared: (DecidedPair | null)[];
}

serveBatches<Batch>({
  start: () => ({ accumulator: new BehaviourAccumulator(headSet, accumulate), pairs: [], compared: [] }),
  decide(batch, values, row) {
    // A row either version rejects is left out of the comparison; each version's intake counts it.
    const { sides, pair } = decide(values, row, batch.accumulator);
    batch.pairs.push(sides);
    batch.compared.push(pair);
    return undefined;
  },
  toAssign: ({ pairs }): DiffDecided => ({
    queues: pairs.map(([b, h]) => [b?.route?.queue ?? null, h?.route?.queue ?? null]),
    tallies: [versions[0].intake.takeTally(), versions[1].intake.takeTally()],
  }),
  finish({ accumulator, pairs, compared }, assigned) {
    const assignments = assigned as DiffAssigned;
    pairs.forEach((pair, i) => {
      pair.forEach((outcome, side) => {
        const assignment = assignments[i]![side];
        if (outcome?.route && assignment) [outcome.route.assignedQueue, outcome.route.owner] = [assignment.queue, assignment.owner];
      });
      const pairOfOutcomes = compared[i];
      if (pairOfOutcomes) accumulator.assigned(pairOfOutcomes);
    });
    return { finished: accumulator.partial };
  },
});
