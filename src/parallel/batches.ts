/**
 * Lead files decided on worker threads, in numbered batches, with output
 * identical for any number of workers. The main thread reads the input
 * (NDJSON as undecoded runs of whole lines, moved rather than copied, so
 * parsing is parallel too) and hands batches out. Each batch makes two trips:
 * a worker decides its leads and answers with what the main thread needs for
 * the one sequential decision, queue assignment, which it makes in input
 * order and sends back; the worker then finishes the batch (rows, counts)
 * and the main thread takes the batches in order. A few batches per worker
 * are in flight: memory holds batches, never the file.
 */
import { fileURLToPath } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics/index.js";
import { assertReadable, fileSize, leadFormatOf, noLeads, readLeadLineChunks, readLeadRecords, tooLongLine } from "../load/read-leads.js";
import type { LeadInput } from "../load/lead-input.js";
import type { ReadSettings } from "../model/import-profile.js";
import { displayPath } from "../load/read-policy-files.js";

/** A record a worker could not read (the main thread makes it a diagnostic naming the file). */
export interface BadRow {
  row: number;
  message: string;
  hint: string;
  /** `input/unreadable` when the row could not be read at all (default `input/row`). */
  code?: "input/unreadable";
  column?: number;
}

/** Main -> worker. */
export type ToWorker =
  | { type: "decide"; id: number; lines: { firstRow: number; bytes: Uint8Array } }
  | { type: "decide"; id: number; records: { rows: number[]; values: Record<string, unknown>[] } }
  | { type: "finish"; id: number; assigned: unknown };

/** Worker -> main. */
export type FromWorker =
  | { type: "decided"; id: number; problems: BadRow[]; decided: unknown }
  | { type: "finished"; id: number; finished: unknown };

export interface BatchJob<Decided, Finished> {
  /** The worker module beside this one; it calls `serveBatches`. */
  worker: "simulate-worker" | "diff-worker";
  workerData: unknown;
  workers: number;
  /** How a CSV or spreadsheet is laid out. */
  layout?: ReadSettings["layout"];
  /** Bytes of NDJSON per batch (default 512 KB); smaller when workers keep more per lead. */
  runBytes?: number;
  /** In input order: from a batch's decisions, what the worker needs to finish it (owners). */
  assign(decided: Decided): unknown;
  /** In input order: a finished batch. */
  take(finished: Finished): Promise<void> | void;
  /** In input order: what the reader yields besides records (rows it could not read, the header, lines that are no leads); may throw to stop the run, as --strict does. */
  note(input: Exclude<LeadInput, { record: unknown }>): void;
}

const recordsPerBatch = 500;

/** Worker threads pay off for CSV and NDJSON files from this size; below it their start-up costs more than they save. */
const workersFrom = 4 * 1024 * 1024;

export function worthWorkers(file: string): boolean {
  return /\.(csv|tsv|ndjson|jsonl)$/i.test(file) && fileSize(file) >= workersFrom;
}

/**
 * The worker module as it runs beside this one: the built .js file, or under vitest the TypeScript source, so
 * tests exercise the code they see without a build. Node 20 ignores `--import` in a worker's `execArgv`, so the
 * source runs through a one-line script that registers tsx inside the worker first.
 */
function workerScript(name: string): { file: string; options: WorkerOptions } {
  const fromSource = import.meta.url.endsWith(".ts");
  const url = new URL(`./${name}${fromSource ? ".ts" : ".js"}`, import.meta.url);
  if (!fromSource) return { file: fileURLToPath(url), options: {} };
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  return { file: `import(${tsx}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(url.href)}))`, options: { eval: true } };
}

export async function runBatches<Decided, Finished>(file: string, job: BatchJob<Decided, Finished>): Promise<void> {
  assertReadable(file);
  const shown = displayPath(file);
  // Small heaps make each worker give memory back early (it holds a few batches at a time), which keeps the
  // peak RSS of a multi-million-lead run low: a 24 MB young generation took 1M-lead runs with two workers
  // from 271-308 MB to 229-260 MB, for a speed change within this machine's noise (-6% to +12% in
  // alternating runs).
  const script = workerScript(job.worker);
  const workers = Array.from(
    { length: job.workers },
    () =>
      new Worker(script.file, {
        ...script.options,
        workerData: job.workerData,
        resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 24 },
      }),
  );
  const asDiagnostic = (p: BadRow): Diagnostic => ({
    code: p.code ?? "input/row",
    severity: "error",
    message: p.message,
    hint: p.hint,
    location: { file: shown, line: p.row, column: p.column ?? 1 },
  });

  // Answers by `${type}:${id}`; a crashed worker fails everything still waiting.
  const waiting = new Map<string, { resolve: (message: FromWorker) => void; fail: (error: unknown) => void }>();
  const answer = (type: FromWorker["type"], id: number) =>
    new Promise<FromWorker>((resolve, fail) => waiting.set(`${type}:${id}`, { resolve, fail }));
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
  const finishing: Promise<FromWorker>[] = [];
  let nextId = 0;
  /** The oldest decided batch: its bad rows, then its assignment, in input order. */
  const assignOldest = async () => {
    const { id, decided } = deciding.shift()!;
    const { problems, decided: decisions } = (await decided) as Extract<FromWorker, { type: "decided" }>;
    for (const problem of problems) job.note({ problem: asDiagnostic(problem) });
    finishing.push(answer("finished", id));
    send({ type: "finish", id, assigned: job.assign(decisions as Decided) });
  };
  const takeOldest = async () => job.take(((await finishing.shift()!) as Extract<FromWorker, { type: "finished" }>).finished as Finished);
  const settleAll = async () => {
    while (deciding.length > 0) await assignOldest();
    while (finishing.length > 0) await takeOldest();
  };
  const dispatch = async (
    work: { lines: { firstRow: number; bytes: Uint8Array } } | { records: { rows: number[]; values: Record<string, unknown>[] } },
  ) => {
    const id = nextId++;
    deciding.push({ id, decided: answer("decided", id) });
    if ("lines" in work) send({ type: "decide", id, lines: work.lines }, [work.lines.bytes.buffer as ArrayBuffer]);
    else send({ type: "decide", id, records: work.records });
    while (deciding.length > workers.length) await assignOldest();
    while (finishing.length > workers.length) await takeOldest();
  };

  try {
    if (leadFormatOf(file) === "ndjson") {
      // Only lines with something on them count as leads (or bad rows); workers skip blank ones.
      let anyLine = false;
      for await (const chunk of readLeadLineChunks(file, job.runBytes)) {
        anyLine ||= "tooLong" in chunk || chunk.bytes.some((byte) => byte !== 10 && byte !== 13 && byte !== 32 && byte !== 9);
        if ("tooLong" in chunk) {
          // Keep the input order of problems relative to rows.
          await settleAll();
          job.note({ problem: asDiagnostic({ row: chunk.tooLong, ...tooLongLine(chunk.tooLong) }) });
          continue;
        }
        const { bytes, firstRow } = chunk;
        // Large runs own their memory (file reads and joins above Node's buffer pool), so they can be moved.
        await dispatch({ lines: { firstRow, bytes: bytes.byteLength > Buffer.poolSize ? bytes : new Uint8Array(bytes) } });
      }
      if (!anyLine) throw noLeads(shown);
    } else {
      let records = { rows: [] as number[], values: [] as Record<string, unknown>[] };
      const pass = async () => {
        if (records.rows.length > 0) await dispatch({ records });
        records = { rows: [], values: [] };
      };
      for await (const input of readLeadRecords(file, job.layout ? { layout: job.layout } : {})) {
        if (!("record" in input)) {
          // Keep the input order of problems relative to rows.
          await pass();
          await settleAll();
          job.note(input);
          continue;
        }
        records.rows.push(input.record.row);
        records.values.push(input.record.values);
        if (records.rows.length >= recordsPerBatch) await pass();
      }
      await pass();
    }
    await settleAll();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
