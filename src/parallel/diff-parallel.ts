/**
 * `diff --workers N`: workers decide each batch with both versions, the main
 * thread assigns owners for each version in input order, the workers compare
 * the pairs and count, and the main thread merges the counts in batch order
 * (see parallel/batches.ts). The report is identical for any number of workers.
 */
import type { PolicySet } from "../model/policy-set.js";
import { planPolicies } from "../compile/plan.js";
import type { IntakeTally } from "../input/lead-intake.js";
import type { ReadReport } from "../input/read-report.js";
import { displayPath } from "../load/read-policy-files.js";
import type { ReadSettings } from "../model/import-profile.js";
import { createIntake, noteInput, type ReadOptions } from "../input/intake.js";
import { policySetData, type PolicySetData } from "../load/policy-set-data.js";
import { runBatches } from "./batches.js";
import { Assigner, type Assignment } from "../simulate/assign.js";
import { BehaviourAccumulator, type AccumulatorOptions, type BehaviourDiff } from "../diff/behaviour-diff.js";

export interface DiffWorkerData {
  base: PolicySetData;
  head: PolicySetData;
  /** How each version reads the file (the main thread resolved them). */
  reads: [ReadSettings, ReadSettings];
  asOf: string;
  accumulate: AccumulatorOptions;
}

/** Per lead, the queue each version routed it to (null: not decided or not routed); and what each version read. */
export interface DiffDecided {
  queues: [base: string | null, head: string | null][];
  tallies: [IntakeTally, IntakeTally];
}
/** Per lead, each version's assignment. */
export type DiffAssigned = [base: Assignment | null, head: Assignment | null][];

export async function diffBehaviourInParallel(
  base: PolicySet,
  head: PolicySet,
  file: string,
  asOf: string,
  accumulate: AccumulatorOptions,
  workers: number,
  reads: [ReadOptions, ReadOptions],
  onProgress?: (leads: number) => void,
): Promise<{ behaviour: BehaviourDiff; reads: [ReadReport, ReadReport] }> {
  const shown = displayPath(file);
  const intakes = [
    createIntake(planPolicies(base), { ...reads[0], file: shown }),
    createIntake(planPolicies(head), { ...reads[1], file: shown }),
  ] as const;
  const assigners = [base, head].map((set) => (set.byKind.Routing ? new Assigner(set.byKind.Routing.document.spec) : undefined));
  const assign = (side: 0 | 1, queue: string | null) => (queue === null || !assigners[side] ? null : assigners[side].assign(queue));
  const accumulator = new BehaviourAccumulator(head, accumulate);
  await runBatches<DiffDecided, BehaviourAccumulator["partial"]>(file, {
    worker: "diff-worker",
    workerData: {
      base: policySetData(base),
      head: policySetData(head),
      reads: [intakes[0].normalizer.settings, intakes[1].normalizer.settings],
      asOf,
      accumulate,
    } satisfies DiffWorkerData,
    workers,
    // Workers keep two outcomes per lead between trips: half-size batches keep the peak RSS where simulate's is.
    runBytes: 1 << 18,
    // The head's layout reads the file; both intakes hear of the header, dropped lines and unreadable parts.
    layout: intakes[1].normalizer.settings.layout,
    note: (input) => {
      for (const intake of intakes) noteInput(intake, input);
    },
    assign: ({ queues, tallies }): DiffAssigned => {
      intakes.forEach((intake, side) => intake.addTally(tallies[side]!));
      return queues.map(([b, h]) => [assign(0, b), assign(1, h)]);
    },
    take(partial) {
      accumulator.merge(partial);
      onProgress?.(accumulator.partial.leads);
    },
  });
  return { behaviour: accumulator.result(), reads: [intakes[0].report(), intakes[1].report()] };
}
