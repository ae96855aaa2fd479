/**
 * Parallel simulation over worker threads. The main thread reads the input
 * (NDJSON lines are passed on unparsed, so parsing is parallel too), hands
 * out numbered batches, and takes results back in input order: assignment,
 * summary and output happen there, so the rows are identical for any number
 * of workers. At most two batches per worker are in flight: memory holds
 * batches, never the file.
 */
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import type { PolicySet } from "../analyse/policy-set.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { assertReadable, leadFormatOf, readLeadLines, readLeadRecords } from "../load/read-leads.js";
import { displayPath } from "../load/read-policy-files.js";
import type { LeadOutcome } from "../model/outcome.js";
import { Assigner } from "./assign.js";
import { assertKnownSource } from "./normalize.js";
import { SummaryAccumulator, type SimulationSummary } from "./summary.js";
import { badRowHandler, type SimulateOptions } from "./simulate-leads.js";

export interface WorkerBatch {
  id: number;
  records: { row: number; values?: Record<string, unknown>; line?: string }[];
}

export type WorkerResult = { row: number; outcome: LeadOutcome } | { row: number; problems: { message: string; hint: string }[] } | { row: number; error: string };

/** The worker is the compiled module, whether this code runs from dist/ or (in tests) from src/. */
const workerFile = fileURLToPath(new URL("../../dist/simulate/simulate-worker.js", import.meta.url));
const batchSize = 250;

export async function simulateFileInParallel(
  set: PolicySet,
  file: string,
  options: SimulateOptions & { workers: number },
  onRow: (row: LeadOutcome) => void,
  drain?: () => Promise<void>,
  onProgress?: (rows: number) => void,
): Promise<{ summary: SimulationSummary; diagnostics: Diagnostic[] }> {
  assertReadable(file);
  // Workers build their own normalizer; a bad --source must stop the run here, not crash a worker.
  assertKnownSource(set.byKind.DataDictionary!.document.spec, options.source);
  const files = set.policies.map((p) => ({ file: p.file, text: p.text }));
  const shown = displayPath(file);
  // A small old generation makes each worker give memory back early (it holds one batch at a time),
  // which keeps the peak RSS of a multi-million-lead run low.
  const workerOptions = { workerData: { files, asOf: options.asOf, source: options.source }, resourceLimits: { maxOldGenerationSizeMb: 64 } };
  const workers = Array.from({ length: options.workers }, () => new Worker(workerFile, workerOptions));
  const assigner = set.byKind.Routing ? new Assigner(set.byKind.Routing.document.spec) : undefined;
  const summary = new SummaryAccumulator(Date.parse(options.asOf));
  const diagnostics: Diagnostic[] = [];
  const problem = (row: number, message: string, hint: string): Diagnostic => ({ code: "input/row", severity: "error", message, hint, location: { file: shown, line: row, column: 1 } });
  const reject = badRowHandler(options, summary, diagnostics);

  const pending = new Map<number, { resolve: (results: WorkerResult[]) => void; fail: (error: unknown) => void }>();
  for (const worker of workers) {
    worker.on("message", (message: { id: number; results: WorkerResult[] }) => {
      pending.get(message.id)!.resolve(message.results);
      pending.delete(message.id);
    });
    worker.on("error", (error) => {
      for (const waiting of pending.values()) waiting.fail(error);
      pending.clear();
    });
  }
  const inFlight: Promise<WorkerResult[]>[] = [];
  let nextId = 0;
  let rows = 0;
  const dispatch = (records: WorkerBatch["records"]) => {
    const id = nextId++;
    const worker = workers[id % workers.length]!;
    inFlight.push(new Promise((resolve, fail) => pending.set(id, { resolve, fail })));
    worker.postMessage({ id, records } satisfies WorkerBatch);
  };
  /** Takes the oldest batch's results, in input order. */
  const settle = async () => {
    for (const result of await inFlight.shift()!) {
      if ("error" in result) reject([problem(result.row, result.error, "Each line must be one JSON object.")]);
      else if ("problems" in result) reject(result.problems.map((p) => problem(result.row, p.message, p.hint)));
      else {
        assigner?.assignLead(result.outcome);
        summary.add(result.outcome);
        onRow(result.outcome);
      }
      rows++;
    }
    onProgress?.(rows);
    await drain?.();
  };

  try {
    let batch: WorkerBatch["records"] = [];
    const push = async (record: WorkerBatch["records"][number]) => {
      batch.push(record);
      if (batch.length < batchSize) return;
      dispatch(batch);
      batch = [];
      if (inFlight.length > workers.length) await settle();
    };
    if (leadFormatOf(file) === "ndjson") {
      for await (const lines of readLeadLines(file)) for (const { row, line } of lines) await push({ row, line });
    } else {
      for await (const input of readLeadRecords(file)) {
        if ("problem" in input) {
          // Keep the input order of problems relative to rows.
          while (inFlight.length > 0) await settle();
          reject([input.problem]);
        } else await push({ row: input.record.row, values: input.record.values });
      }
    }
    if (batch.length > 0) dispatch(batch);
    while (inFlight.length > 0) await settle();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { summary: summary.result(), diagnostics };
}
