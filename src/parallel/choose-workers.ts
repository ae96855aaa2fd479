/**
 * The one decision whether a lead file is decided on worker threads, for
 * `simulate` and `diff` alike. Workers read the file themselves, by path, and
 * run the compiled engine; what needs every row in the main thread as it is
 * read keeps the run in one thread.
 */
import { availableParallelism } from "node:os";
import type { EngineName } from "../compile/engines.js";
import { standAloneRows, type SimulationFormat } from "../format/simulation-formats.js";
import { worthWorkers } from "./batches.js";

export interface WorkerRequest {
  /** Worker threads asked for (`--workers`); more than one per core is never used (the CLI says so in a note). */
  requested: number;
  /** The lead file on disk; undefined when the leads come from elsewhere (a git version's sample corpus). */
  file: string | undefined;
  /** The evaluator: workers run the compiled one. */
  engine?: EngineName;
  /** The output format, when workers write the rows: each row must stand alone (no table widths, no enclosing list). */
  format?: SimulationFormat;
  /** A second export joined onto the leads (`--join`): joined in the main thread. */
  join: boolean;
  /** A rejects file (`--rejects`): it hears of rows as they are read. */
  rejects: boolean;
}

/** How many worker threads to use: 1 means the main thread decides every lead. */
export function chooseWorkers(request: WorkerRequest): number {
  const parallel =
    request.requested > 1 &&
    request.file !== undefined &&
    (request.engine ?? "compiled") === "compiled" &&
    (request.format === undefined || standAloneRows.has(request.format)) &&
    !request.join &&
    !request.rejects &&
    worthWorkers(request.file);
  return parallel ? Math.min(request.requested, availableParallelism()) : 1;
}
