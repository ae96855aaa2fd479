/**
 * `simulate --workers N`: workers decide each batch and count its summary,
 * the main thread assigns owners in input order, the workers finish the rows
 * into memory shared with the main thread, and the main thread writes the
 * batches in order (see parallel/batches.ts and simulate-worker.ts). Rows are
 * byte-identical for any number of workers.
 */
import type { PolicySet } from "../model/policy-set.js";
import { UsageError, type Diagnostic } from "../diagnostics/index.js";
import { policySetData, type PolicySetData } from "../load/policy-set-data.js";
import type { SimulationFormat, SimulationMeta } from "../format/simulation-formats.js";
import { runBatches } from "./batches.js";
import { Assigner } from "../simulate/assign.js";
import { SummaryAccumulator, type SimulationSummary } from "../simulate/summary.js";
import type { SimulateOptions } from "../simulate/simulate-leads.js";
import { createIntake, noteInput } from "../input/intake.js";
import { planPolicies } from "../compile/plan.js";
import type { ReadSettings } from "../model/import-profile.js";
import type { IntakeTally } from "../input/lead-intake.js";
import type { ReadReport } from "../input/read-report.js";
import { readAsOf } from "../model/dates.js";
import { displayPath } from "../load/read-policy-files.js";
import { DuplicateIds, duplicateIdHandler } from "../simulate/duplicate-ids.js";

export interface SimulateWorkerData {
  /** The validated policy set, as data (a worker does not load the files again). */
  policies: PolicySetData;
  /** Memory shared with the main thread, where finished batches' rows go (see `RowSlots`). */
  slots: SharedArrayBuffer[];
  asOf: string;
  /** How the main thread reads the file: workers normalize records the same way. */
  read: ReadSettings;
  format: SimulationFormat;
  meta: SimulationMeta;
}

/** Each decided lead's queue (null: not routed), id and line. */
export interface SimulateDecided {
  queues: (string | null)[];
  ids: string[];
  lines: number[];
  /** What the batch read: rows decided, rejected and flagged, and its problems (set when the batch is sent back). */
  tally: IntakeTally | undefined;
}
/** Each routed lead's assigned queue and owner, and the slot to write the batch's rows into (-1: none free). */
export interface SimulateAssigned {
  owners: [queue: string | null, owner: string | null][];
  slot: number;
}
/** The batch's rows, in its slot or (when they did not fit, or no slot was free) moved over; and its counts. */
export interface SimulateFinished {
  rows: { slot: number; length: number } | { bytes: Uint8Array };
  counts: SimulationSummary;
}

/**
 * Shared memory for finished rows, allocated once. Row buffers moved from the workers, one per batch, made
 * V8 run a full garbage collection in the main thread every few batches (memory from outside the heap
 * arriving at the pace of the output): about 37 per 200,000 leads, 8 with slots. A slot is lent to a batch
 * when it is assigned and given back once its rows are copied to the output, so a slot is never written
 * while it is being read.
 */
class RowSlots {
  readonly memory: SharedArrayBuffer[];
  private readonly free: number[];

  constructor(count: number, bytes: number) {
    this.memory = Array.from({ length: count }, () => new SharedArrayBuffer(bytes));
    this.free = this.memory.map((_, i) => i);
  }

  lend(): number {
    return this.free.pop() ?? -1;
  }

  /** The rows of a finished batch, valid until the slot is given back. */
  rows(finished: SimulateFinished["rows"]): Uint8Array {
    return "bytes" in finished ? finished.bytes : new Uint8Array(this.memory[finished.slot]!, 0, finished.length);
  }

  giveBack(finished: SimulateFinished["rows"]): void {
    if ("slot" in finished) this.free.push(finished.slot);
  }
}

/** About twice a batch's rows (512 KB of NDJSON in, some 600 KB of rows out); larger batches are moved instead. */
const slotBytes = 2 * 1024 * 1024;

export interface ParallelOptions extends SimulateOptions {
  workers: number;
  /** Row format the workers write (one whose rows stand alone: see `standAloneRows`). */
  format: SimulationFormat;
  meta: SimulationMeta;
  /** Size of the shared row slots (tests make it small, so batches take the moved-buffer path). */
  rowSlotBytes?: number;
}

export async function simulateFileInParallel(
  set: PolicySet,
  file: string,
  options: ParallelOptions,
  /** Takes a batch's rows; they must be copied or written before it returns (the memory is reused). */
  onBytes: (bytes: Uint8Array) => void,
  drain?: () => Promise<void>,
  onProgress?: (rows: number) => void,
): Promise<{ summary: SimulationSummary; diagnostics: Diagnostic[]; read: ReadReport }> {
  // The main thread reads the header and counts what was read; workers normalize with the same settings
  // (resolved here, so a bad --source stops the run before any worker starts).
  const intake = createIntake(planPolicies(set), { ...options, file: displayPath(file) });
  const assigner = set.byKind.Routing ? new Assigner(set.byKind.Routing.document.spec) : undefined;
  const summary = new SummaryAccumulator(readAsOf(options.asOf));
  const diagnostics: Diagnostic[] = [];
  let rows = 0;
  const ids = new DuplicateIds(displayPath(file), duplicateIdHandler(options, summary, diagnostics));
  // Batches between assignment and being taken: at most two per worker (see runBatches), and one more each side.
  const slots = new RowSlots(2 * options.workers + 2, options.rowSlotBytes ?? slotBytes);
  const workerData: SimulateWorkerData = {
    policies: policySetData(set),
    slots: slots.memory,
    asOf: options.asOf,
    format: options.format,
    meta: options.meta,
    read: intake.normalizer.settings,
  };
  await runBatches<SimulateDecided, SimulateFinished>(file, {
    worker: "simulate-worker",
    workerData,
    workers: options.workers,
    layout: intake.normalizer.settings.layout,
    note: (input) => {
      noteInput(intake, input, options.strict);
    },
    assign: (decided): SimulateAssigned => {
      intake.addTally(decided.tally!);
      if (options.strict && (decided.tally!.rejected > 0 || decided.tally!.flagged > 0)) stopAtBadBatch(decided.tally!);
      return {
        owners: decided.queues.map((queue, i) => {
          ids.see(decided.ids[i]!, decided.lines[i]!);
          if (queue === null || !assigner) return [null, null];
          const { queue: taken, owner } = assigner.assign(queue);
          summary.addAssignment({ assignedQueue: taken, owner });
          return [taken, owner];
        }),
        slot: slots.lend(),
      };
    },
    async take({ rows: finished, counts }) {
      summary.merge(counts);
      // Consumed before the slot goes back: the output copies the bytes.
      onBytes(slots.rows(finished));
      slots.giveBack(finished);
      rows += counts.leads;
      onProgress?.(rows);
      await drain?.();
    },
  });
  const read = intake.report();
  return { summary: summary.result(read), diagnostics, read };
}

/** --strict: the first batch with a bad row stops the run (exit 2), naming its first problem. */
function stopAtBadBatch(tally: IntakeTally): never {
  const first = tally.groups[0];
  throw new UsageError(
    first
      ? `line ${first.lines[0]}, column "${first.column}": ${first.value !== undefined ? `${JSON.stringify(first.value)} ` : ""}${first.problem}`
      : "a row has no lead id",
    `${first?.hint ?? "Every lead needs its id."} (--strict stops at the first bad row)`,
  );
}
