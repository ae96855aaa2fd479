/**
 * `simulate --workers N`: workers decide each batch, the main thread assigns
 * owners in input order, the workers write the rows (bytes, moved back) and
 * count the summary, and the main thread writes the batches in order (see
 * parallel/batches.ts). Rows are byte-identical for any number of workers.
 */
import { fileURLToPath } from "node:url";
import type { PolicySet } from "../analyse/policy-set.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { PolicyFile } from "../load/read-policy-files.js";
import type { SimulationFormat, SimulationMeta } from "../format/simulation-formats.js";
import { policyFilesOf, runBatches } from "../parallel/batches.js";
import { Assigner } from "./assign.js";
import { assertKnownSource } from "./normalize.js";
import { SummaryAccumulator, type SimulationSummary } from "./summary.js";
import { badRowHandler, type SimulateOptions } from "./simulate-leads.js";

export interface SimulateWorkerData {
  files: PolicyFile[];
  asOf: string;
  source?: string;
  format: SimulationFormat;
  meta: SimulationMeta;
}

/** Each decided lead's queue (null: not routed). */
export type SimulateDecided = (string | null)[];
/** Each routed lead's assigned queue and owner. */
export type SimulateAssigned = [queue: string | null, owner: string | null][];
export interface SimulateFinished {
  bytes: Uint8Array;
  counts: SimulationSummary;
}

/** The worker is the compiled module, whether this code runs from dist/ or (in tests) from src/. */
const workerFile = fileURLToPath(new URL("../../dist/simulate/simulate-worker.js", import.meta.url));

export interface ParallelOptions extends SimulateOptions {
  workers: number;
  /** Row format the workers write (one whose rows stand alone: see `standAloneRows`). */
  format: SimulationFormat;
  meta: SimulationMeta;
}

export async function simulateFileInParallel(
  set: PolicySet,
  file: string,
  options: ParallelOptions,
  onBytes: (bytes: Uint8Array) => void,
  drain?: () => Promise<void>,
  onProgress?: (rows: number) => void,
): Promise<{ summary: SimulationSummary; diagnostics: Diagnostic[] }> {
  // Workers build their own normalizer; a bad --source must stop the run here, not crash a worker.
  assertKnownSource(set.byKind.DataDictionary!.document.spec, options.source);
  const assigner = set.byKind.Routing ? new Assigner(set.byKind.Routing.document.spec) : undefined;
  const summary = new SummaryAccumulator(Date.parse(options.asOf));
  const diagnostics: Diagnostic[] = [];
  let rows = 0;
  const workerData: SimulateWorkerData = { files: policyFilesOf(set), asOf: options.asOf, format: options.format, meta: options.meta, ...(options.source ? { source: options.source } : {}) };
  await runBatches<SimulateDecided, SimulateFinished>(file, {
    workerFile,
    workerData,
    workers: options.workers,
    reject: badRowHandler(options, summary, diagnostics),
    assign: (queues): SimulateAssigned =>
      queues.map((queue) => {
        if (queue === null || !assigner) return [null, null];
        const { queue: taken, owner } = assigner.assign(queue);
        summary.addAssignment({ assignedQueue: taken, owner });
        return [taken, owner];
      }),
    async take({ bytes, counts }) {
      summary.merge(counts);
      onBytes(bytes);
      rows += counts.leads;
      onProgress?.(rows);
      await drain?.();
    },
  });
  return { summary: summary.result(), diagnostics };
}
