/**
 * The worker side of `runBatches`: reads each batch (cutting and parsing
 * NDJSON lines here, in parallel), decides its records, keeps the decisions
 * until the main thread's assignment comes back, then finishes the batch.
 */
import { parentPort } from "node:worker_threads";
import { cutLines } from "../load/read-leads.js";
import type { FromWorker, RowProblem, ToWorker } from "./batches.js";

export interface BatchWorker<Kept> {
  /** Decides one record: what to keep until the batch is assigned, or why it cannot be read. */
  decide(values: Record<string, unknown>, row: number): { kept: Kept } | { problems: RowProblem[] };
  /** What the main thread needs to assign the batch (each lead's queue). */
  toAssign(kept: Kept[]): unknown;
  /** Finishes the assigned batch; `transfer` lists memory to move rather than copy. */
  finish(kept: Kept[], assigned: unknown): { finished: unknown; transfer?: ArrayBuffer[] };
}

const jsonHint = "Each line must be one JSON object.";

export function serveBatches<Kept>(worker: BatchWorker<Kept>): void {
  const held = new Map<number, Kept[]>();
  const reply = (message: FromWorker, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
  parentPort!.on("message", (message: ToWorker) => {
    if (message.type === "finish") {
      const kept = held.get(message.id)!;
      held.delete(message.id);
      const { finished, transfer } = worker.finish(kept, message.assigned);
      return reply({ type: "finished", id: message.id, finished }, transfer);
    }
    const kept: Kept[] = [];
    const problems: RowProblem[] = [];
    const decide = (row: number, values: Record<string, unknown>) => {
      const decided = worker.decide(values, row);
      if ("problems" in decided) problems.push(...decided.problems);
      else kept.push(decided.kept);
    };
    if ("records" in message) message.records.rows.forEach((row, i) => decide(row, message.records.values[i]!));
    else {
      for (const { row, line } of cutLines(message.lines.bytes, message.lines.firstRow)) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch (error) {
          problems.push({ row, message: `line ${row} is not valid JSON: ${(error as Error).message}`, hint: jsonHint });
          continue;
        }
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) problems.push({ row, message: `line ${row} is not a JSON object`, hint: jsonHint });
        else decide(row, parsed as Record<string, unknown>);
      }
    }
    held.set(message.id, kept);
    reply({ type: "decided", id: message.id, problems, decided: worker.toAssign(kept) });
  });
}
