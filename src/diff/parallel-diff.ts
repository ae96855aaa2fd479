/**
 * `diff --workers N`: workers decide each batch with both versions, the main
 * thread assigns owners for each version in input order, the workers compare
 * the pairs and count, and the main thread merges the counts in batch order
 * (see parallel/batches.ts). The report is identical for any number of workers.
 */
import { fileURLToPath } from "node:url";
import type { PolicySet } from "../analyse/policy-set.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { PolicyFile } from "../load/read-policy-files.js";
import { policyFilesOf, runBatches } from "../parallel/batches.js";
import { Assigner, type Assignment } from "../simulate/assign.js";
import { BehaviourAccumulator, type BehaviourDiff } from "./behaviour-diff.js";

export interface DiffWorkerData {
  base: PolicyFile[];
  head: PolicyFile[];
  asOf: string;
  topLimit: number;
}

/** Per lead, the queue each version routed it to (null: not decided or not routed). */
export type DiffDecided = [base: string | null, head: string | null][];
/** Per lead, each version's assignment. */
export type DiffAssigned = [base: Assignment | null, head: Assignment | null][];

const workerFile = fileURLToPath(new URL("../../dist/diff/diff-worker.js", import.meta.url));

export async function diffBehaviourInParallel(
  base: PolicySet,
  head: PolicySet,
  file: string,
  asOf: string,
  topLimit: number,
  workers: number,
  onProgress?: (leads: number) => void,
): Promise<{ behaviour: BehaviourDiff; problems: Diagnostic[] }> {
  const problems: Diagnostic[] = [];
  const assigners = [base, head].map((set) => (set.byKind.Routing ? new Assigner(set.byKind.Routing.document.spec) : undefined));
  const assign = (side: 0 | 1, queue: string | null) => (queue === null || !assigners[side] ? null : assigners[side].assign(queue));
  const accumulator = new BehaviourAccumulator(head, topLimit);
  await runBatches<DiffDecided, BehaviourAccumulator["partial"]>(file, {
    workerFile,
    workerData: { base: policyFilesOf(base), head: policyFilesOf(head), asOf, topLimit } satisfies DiffWorkerData,
    workers,
    // Workers keep two outcomes per lead between trips: half-size batches keep the peak RSS where simulate's is.
    runBytes: 1 << 18,
    // As in the sequential diff, rows either version cannot read are left out of the comparison and reported.
    reject: (rejected) => void problems.push(...rejected),
    assign: (queues): DiffAssigned => queues.map(([b, h]) => [assign(0, b), assign(1, h)]),
    take(partial) {
      accumulator.merge(partial);
      onProgress?.(accumulator.partial.leads);
    },
  });
  return { behaviour: accumulator.result(), problems };
}
