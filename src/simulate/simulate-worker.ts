/**
 * Worker thread of a parallel simulation: decides batches of records with the
 * compiled evaluator, everything except queue assignment, which is
 * sequential and stays in the main thread so output is the same for any
 * number of workers.
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildPolicySet } from "../analyse/policy-set.js";
import { createCompiledEngine } from "../compile/engines.js";
import { planPolicies } from "../compile/plan.js";
import { loadPolicies } from "../load/load-policies.js";
import type { PolicyFile } from "../load/read-policy-files.js";
import { createNormalizer } from "./normalize.js";
import { createPipeline, evaluateLeadSync } from "./pipeline.js";
import type { WorkerBatch, WorkerResult } from "./parallel.js";

const { files, asOf, source } = workerData as { files: PolicyFile[]; asOf: string; source?: string };
// The main thread validated these policies; the worker only needs them loaded.
const plan = planPolicies(buildPolicySet(loadPolicies(files).policies));
const asOfMs = Date.parse(asOf);
const pipeline = createPipeline(plan, asOfMs);
const engine = createCompiledEngine(plan, asOfMs);
const normalizer = createNormalizer(plan.dictionary, source);

parentPort!.on("message", (batch: WorkerBatch) => {
  const results: WorkerResult[] = batch.records.map(({ row, values, line }) => {
    let record = values;
    if (line !== undefined) {
      try {
        const parsed: unknown = JSON.parse(line);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return { row, error: `line ${row} is not a JSON object` };
        record = parsed as Record<string, unknown>;
      } catch (error) {
        return { row, error: `line ${row} is not valid JSON: ${(error as Error).message}` };
      }
    }
    const normalized = normalizer.normalize(record!, row);
    if (normalized.problems) return { row, problems: normalized.problems.map((p) => ({ message: p.message, hint: p.hint })) };
    return { row, outcome: evaluateLeadSync(pipeline, engine, normalized.lead).outcome };
  });
  parentPort!.postMessage({ id: batch.id, results });
});
