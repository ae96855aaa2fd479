/**
 * The worker side of `runBatches`: reads each batch (cutting and parsing
 * NDJSON lines here, in parallel), decides its records into the batch, keeps
 * it until the main thread's assignment comes back, then finishes it.
 */
import { parentPort } from "node:worker_threads";
import type { PolicySet } from "../model/policy-set.js";
import { revivePolicySet, type PolicySetData } from "../load/policy-set-data.js";
import { cutLines, parseLeadLine } from "../load/read-leads.js";
import type { FromWorker, BadRow, ToWorker } from "./batches.js";

export interface BatchWorker<Batch> {
  /** A new batch, before its records are decided. */
  start(): Batch;
  /** Decides one record into the batch (it is kept until the batch is assigned); problems when it cannot be read. */
  decide(batch: Batch, values: Record<string, unknown>, row: number): BadRow[] | undefined;
  /** What the main thread needs to assign the batch (each lead's queue). */
  toAssign(batch: Batch): unknown;
  /** Finishes the assigned batch; `transfer` lists memory to move rather than copy. */
  finish(batch: Batch, assigned: unknown): { finished: unknown; transfer?: ArrayBuffer[] };
}

/** The policy set the main thread validated and sent as data: a worker parses no YAML to run it. */
export function policySetFrom(data: PolicySetData): PolicySet {
  return revivePolicySet(data);
}

export function serveBatches<Batch>(worker: BatchWorker<Batch>): void {
  const held = new Map<number, Batch>();
  const reply = (message: FromWorker, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
  parentPort!.on("message", (message: ToWorker) => {
    if (message.type === "finish") {
      const batch = held.get(message.id)!;
      held.delete(message.id);
      const { finished, transfer } = worker.finish(batch, message.assigned);
      return reply({ type: "finished", id: message.id, finished }, transfer);
    }
    const batch = worker.start();
    const problems: BadRow[] = [];
    const decide = (row: number, values: Record<string, unknown>) => {
      const bad = worker.decide(batch, values, row);
      if (bad) problems.push(...bad);
    };
    if ("records" in message) message.records.rows.forEach((row, i) => decide(row, message.records.values[i]!));
    else {
      for (const line of cutLines(message.lines.bytes, message.lines.firstRow)) {
        const parsed = parseLeadLine(line);
        if ("values" in parsed) decide(line.row, parsed.values);
        else problems.push({ row: line.row, ...parsed.problem });
      }
    }
    held.set(message.id, batch);
    reply({ type: "decided", id: message.id, problems, decided: worker.toAssign(batch) });
  });
}
