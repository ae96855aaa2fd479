/**
 * Worker thread of a parallel simulation (see parallel.ts): decides batches
 * of records with the compiled evaluator, then, once the main thread has
 * assigned their owners in input order, writes their rows.
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildPolicySet } from "../analyse/policy-set.js";
import { createCompiledEngine } from "../compile/engines.js";
import { planPolicies } from "../compile/plan.js";
import { simulationWriters } from "../format/simulation-formats.js";
import { loadPolicies } from "../load/load-policies.js";
import { cutLines } from "../load/read-leads.js";
import type { LeadOutcome } from "../model/outcome.js";
import { createNormalizer } from "./normalize.js";
import type { FromWorker, RowProblem, ToWorker, WorkerData } from "./parallel.js";
import { createPipeline, evaluateLeadSync } from "./pipeline.js";
import { SummaryAccumulator } from "./summary.js";

const { files, asOf, source, format, meta } = workerData as WorkerData;
// The main thread validated these policies; the worker only needs them loaded.
const plan = planPolicies(buildPolicySet(loadPolicies(files).policies));
const asOfMs = Date.parse(asOf);
const pipeline = createPipeline(plan, asOfMs);
const engine = createCompiledEngine(plan, asOfMs);
const normalizer = createNormalizer(plan.dictionary, source);
const writer = simulationWriters[format](meta);
/** Decided leads of each batch, until their owners come back. */
const held = new Map<number, LeadOutcome[]>();
const reply = (message: FromWorker) => parentPort!.postMessage(message);
const jsonHint = "Each line must be one JSON object.";
const encoder = new TextEncoder();

parentPort!.on("message", (message: ToWorker) => {
  if (message.type === "decide") {
    const outcomes: LeadOutcome[] = [];
    const problems: RowProblem[] = [];
    const decide = (row: number, values: Record<string, unknown>) => {
      const normalized = normalizer.normalize(values, row);
      if (normalized.problems) problems.push(...normalized.problems.map((p) => ({ row, message: p.message, hint: p.hint })));
      else outcomes.push(evaluateLeadSync(pipeline, engine, normalized.lead).outcome);
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
    held.set(message.id, outcomes);
    reply({ type: "decided", id: message.id, queues: outcomes.map((o) => o.route?.queue ?? null), problems });
    return;
  }
  const outcomes = held.get(message.id)!;
  held.delete(message.id);
  const counts = new SummaryAccumulator(asOfMs);
  let text = "";
  outcomes.forEach((outcome, i) => {
    if (outcome.route) [outcome.route.assignedQueue, outcome.route.owner] = message.assignments[i]!;
    counts.addDecision(outcome);
    text += writer.row(outcome);
  });
  // Encoded here and moved, not copied, to the main thread, which writes the bytes as they are.
  const bytes = encoder.encode(text);
  parentPort!.postMessage({ type: "written", id: message.id, bytes, counts: counts.counts() } satisfies FromWorker, [bytes.buffer]);
});
