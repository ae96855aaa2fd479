/**
 * Worker thread of `simulate --workers` (see parallel.ts): decides leads with
 * the compiled evaluator and, once the main thread has assigned their owners
 * in input order, writes their rows and counts them for the summary.
 */
import { workerData } from "node:worker_threads";
import { buildPolicySet } from "../analyse/policy-set.js";
import { createCompiledEngine } from "../compile/engines.js";
import { planPolicies } from "../compile/plan.js";
import { simulationWriters } from "../format/simulation-formats.js";
import { loadPolicies } from "../load/load-policies.js";
import type { LeadOutcome } from "../model/outcome.js";
import { serveBatches } from "../parallel/serve-batches.js";
import { createNormalizer } from "./normalize.js";
import type { SimulateAssigned, SimulateDecided, SimulateFinished, SimulateWorkerData } from "./parallel.js";
import { createPipeline, evaluateLeadSync } from "./pipeline.js";
import { SummaryAccumulator } from "./summary.js";

const { files, asOf, source, format, meta } = workerData as SimulateWorkerData;
// The main thread validated these policies; the worker only needs them loaded.
const plan = planPolicies(buildPolicySet(loadPolicies(files).policies));
const asOfMs = Date.parse(asOf);
const pipeline = createPipeline(plan, asOfMs);
const engine = createCompiledEngine(plan, asOfMs);
const normalizer = createNormalizer(plan.dictionary, source);
const writer = simulationWriters[format](meta);
const encoder = new TextEncoder();

serveBatches<LeadOutcome>({
  decide(values, row) {
    const normalized = normalizer.normalize(values, row);
    return normalized.problems ? { problems: normalized.problems.map((p) => ({ row, message: p.message, hint: p.hint })) } : { kept: evaluateLeadSync(pipeline, engine, normalized.lead).outcome };
  },
  toAssign: (outcomes): SimulateDecided => outcomes.map((o) => o.route?.queue ?? null),
  finish(outcomes, assigned) {
    const assignments = assigned as SimulateAssigned;
    const counts = new SummaryAccumulator(asOfMs);
    let text = "";
    outcomes.forEach((outcome, i) => {
      if (outcome.route) [outcome.route.assignedQueue, outcome.route.owner] = assignments[i]!;
      counts.addDecision(outcome);
      text += writer.row(outcome);
    });
    // Encoded here and moved, not copied, to the main thread, which writes the bytes as they are.
    const bytes = encoder.encode(text);
    return { finished: { bytes, counts: counts.counts() } satisfies SimulateFinished, transfer: [bytes.buffer as ArrayBuffer] };
  },
});
