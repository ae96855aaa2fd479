/**
 * Parallel simulation over worker threads. The main thread reads the input
 * (NDJSON lines are passed on unparsed, so parsing is parallel too) and hands
 * out numbered batches. Each batch makes two trips: a worker decides its
 * leads and answers with their queues; the main thread assigns owners in
 * input order (the only sequential decision) and sends them back; the worker
 * writes the rows and answers with the text and its summary counts, which
 * the main thread writes in batch order. So the output is byte-identical for
 * any number of workers, and the main thread does little per lead. A few
 * batches per worker are in flight: memory holds batches, never the file.
 */
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import type { PolicySet } from "../analyse/policy-set.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { SimulationFormat, SimulationMeta } from "../format/simulation-formats.js";
import { assertReadable, leadFormatOf, readLeadLineChunks, readLeadRecords } from "../load/read-leads.js";
import { displayPath } from "../load/read-policy-files.js";
import { Assigner } from "./assign.js";
import { assertKnownSource } from "./normalize.js";
import { SummaryAccumulator, type SimulationSummary } from "./summary.js";
import { badRowHandler, type SimulateOptions } from "./simulate-leads.js";

export interface WorkerData {
  files: { file: string; text: string }[];
  asOf: string;
  source?: string;
  format: SimulationFormat;
  meta: SimulationMeta;
}

/** Main -> worker. */
export type ToWorker =
  | { type: "decide"; id: number; lines: { firstRow: number; bytes: Uint8Array } }
  | { type: "decide"; id: number; records: { rows: number[]; values: Record<string, unknown>[] } }
  | { type: "assign"; id: number; assignments: [queue: string | null, owner: string | null][] };

/** A record that could not be read; `json` when the line itself is not a JSON object. */
export interface RowProblem {
  row: number;
  message: string;
  hint: string;
}

/** Worker -> main. */
export type FromWorker =
  | { type: "decided"; id: number; queues: (string | null)[]; problems: RowProblem[] }
  | { type: "written"; id: number; bytes: Uint8Array; counts: SimulationSummary };

/** The worker is the compiled module, whether this code runs from dist/ or (in tests) from src/. */
const workerFile = fileURLToPath(new URL("../../dist/simulate/simulate-worker.js", import.meta.url));
const batchSize = 500;

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
  assertReadable(file);
  // Workers build their own normalizer; a bad --source must stop the run here, not crash a worker.
  assertKnownSource(set.byKind.DataDictionary!.document.spec, options.source);
  const shown = displayPath(file);
  const workerData: WorkerData = { files: set.policies.map((p) => ({ file: p.file, text: p.text })), asOf: options.asOf, format: options.format, meta: options.meta, ...(options.source ? { source: options.source } : {}) };
  // A small old generation makes each worker give memory back early (it holds a few batches at a time),
  // which keeps the peak RSS of a multi-million-lead run low.
  const workers = Array.from({ length: options.workers }, () => new Worker(workerFile, { workerData, resourceLimits: { maxOldGenerationSizeMb: 64 } }));
  const assigner = set.byKind.Routing ? new Assigner(set.byKind.Routing.document.spec) : undefined;
  const summary = new SummaryAccumulator(Date.parse(options.asOf));
  const diagnostics: Diagnostic[] = [];
  const reject = badRowHandler(options, summary, diagnostics);
  const problem = (p: RowProblem): Diagnostic => ({ code: "input/row", severity: "error", message: p.message, hint: p.hint, location: { file: shown, line: p.row, column: 1 } });

  // Answers by `${type}:${id}`; a crashed worker fails everything still waiting.
  const waiting = new Map<string, { resolve: (message: FromWorker) => void; fail: (error: unknown) => void }>();
  const answer = (type: FromWorker["type"], id: number) => new Promise<FromWorker>((resolve, fail) => waiting.set(`${type}:${id}`, { resolve, fail }));
  for (const worker of workers) {
    worker.on("message", (message: FromWorker) => {
      const key = `${message.type}:${message.id}`;
      waiting.get(key)!.resolve(message);
      waiting.delete(key);
    });
    worker.on("error", (error) => {
      for (const w of waiting.values()) w.fail(error);
      waiting.clear();
    });
  }
  const send = (message: ToWorker, transfer: ArrayBuffer[] = []) => workers[message.id % workers.length]!.postMessage(message, transfer);

  const deciding: { id: number; decided: Promise<FromWorker> }[] = [];
  const writing: Promise<FromWorker>[] = [];
  let nextId = 0;
  let rows = 0;
  /** Takes the oldest batch's decisions and assigns its leads, in input order. */
  const assignOldest = async () => {
    const { id, decided } = deciding.shift()!;
    const { queues, problems } = (await decided) as Extract<FromWorker, { type: "decided" }>;
    if (problems.length > 0) reject(problems.map(problem));
    const assignments = queues.map((queue): [string | null, string | null] => {
      if (queue === null || !assigner) return [null, null];
      const { queue: taken, owner } = assigner.assign(queue);
      summary.addAssignment({ assignedQueue: taken, owner });
      return [taken, owner];
    });
    writing.push(answer("written", id));
    send({ type: "assign", id, assignments });
  };
  /** Writes the oldest batch's rows. */
  const writeOldest = async () => {
    const { bytes, counts } = (await writing.shift()!) as Extract<FromWorker, { type: "written" }>;
    summary.merge(counts);
    onBytes(bytes);
    rows += counts.leads;
    onProgress?.(rows);
    await drain?.();
  };
  const settleAll = async () => {
    while (deciding.length > 0) await assignOldest();
    while (writing.length > 0) await writeOldest();
  };
  /** Hands a batch to the next worker; waits while enough are in flight. */
  const dispatch = async (work: { lines: { firstRow: number; bytes: Uint8Array } } | { records: { rows: number[]; values: Record<string, unknown>[] } }) => {
    const id = nextId++;
    deciding.push({ id, decided: answer("decided", id) });
    if ("lines" in work) send({ type: "decide", id, lines: work.lines }, [work.lines.bytes.buffer as ArrayBuffer]);
    else send({ type: "decide", id, records: work.records });
    while (deciding.length > workers.length) await assignOldest();
    while (writing.length > workers.length) await writeOldest();
  };

  try {
    if (leadFormatOf(file) === "ndjson") {
      // Runs of whole lines go to the workers as bytes (moved, not copied): they cut, decode and parse them.
      for await (const { bytes, firstRow } of readLeadLineChunks(file)) {
        // Large runs own their memory (file reads and joins above Node's buffer pool), so they can be moved.
        await dispatch({ lines: { firstRow, bytes: bytes.byteLength > Buffer.poolSize ? bytes : new Uint8Array(bytes) } });
      }
    } else {
      let records = { rows: [] as number[], values: [] as Record<string, unknown>[] };
      const pass = async () => {
        if (records.rows.length > 0) await dispatch({ records });
        records = { rows: [], values: [] };
      };
      for await (const input of readLeadRecords(file)) {
        if ("problem" in input) {
          // Keep the input order of problems relative to rows.
          await pass();
          await settleAll();
          reject([input.problem]);
          continue;
        }
        records.rows.push(input.record.row);
        records.values.push(input.record.values);
        if (records.rows.length >= batchSize) await pass();
      }
      await pass();
    }
    await settleAll();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { summary: summary.result(), diagnostics };
}
