/**
 * The worker side of `runBatches`: reads each batch (cutting and parsing
 * NDJSON lines here, in parallel), decides its records, keeps the decisions
 * until the main thread's assignment comes back, then finishes the batch.
 */
import { parentPort } from "node:worker_threads";
import { buildPolicySet, type PolicySet } from "../analyse/policy-set.js";
import { loadPolicies } from "../load/load-policies.js";
import type { PolicyFile } from "../load/read-policy-files.js";
import { cutLines, parseLeadLine } from "../load/read-leads.js";
import type { FromWorker, BadRow, ToWorker } from "./batches.js";

export interface BatchWorker<Kept> {
  /** Decides one record: what to keep until the batch is assigned, or why it cannot be read. */
  decide(values: Record<string, unknown>, row: number): { kept: Kept } | { problems: BadRow[] };
  /** What the main thread needs to assign the batch (each lead's queue). */
  toAssign(kept: Kept[]): unknown;
  /** Finishes the assigned batch; `transfer` lists memory to move rather than copy. */
  finish(kept: Kept[], assigned: unknown): { finished: unknown; transfer?: ArrayBuffer[] };
}

/** The policy set the main thread validated and sent as files; a worker only needs it loaded. */
export function policySetFrom(files: readonly PolicyFile[]): PolicySet {
  return buildPolicySet(loadPolicies(files).policies);
}

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
    const problems: BadRow[] = [];
    const decide = (row: number, values: Record<string, unknown>) => {
      const decided = worker.decide(values, row);
      if ("problems" in decided) problems.push(...decided.problems);
      else kept.push(decided.kept);
    };
    if ("records" in message) message.records.rows.forEach((row, i) => decide(row, message.records.values[i]!));
    else {
      for (const { row, line } of cutLines(message.lines.bytes, message.lines.firstRow)) {
        const parsed = parseLeadLine(row, line);
        if ("values" in parsed) decide(row, parsed.values);
        else problems.push({ row, ...parsed.problem });
      }
    }
    held.set(message.id, kept);
    reply({ type: "decided", id: message.id, problems, decided: worker.toAssign(kept) });
  });
}
