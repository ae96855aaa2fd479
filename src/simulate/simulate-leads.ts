/**
 * Simulation: normalize each input record, run the pipeline on the chosen
 * engine, assign an owner in input order, and accumulate the summary. Rows
 * are handed to `onRow` as they are decided, so callers can stream them.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { UsageError } from "../diagnostics/index.js";
import { isUnreadable } from "../load/read-leads.js";
import type { PolicySet } from "../analyse/policy-set.js";
import { createEngine, type EngineName } from "../compile/engines.js";
import { planPolicies } from "../compile/plan.js";
import type { LeadInput } from "../load/read-leads.js";
import type { LeadOutcome } from "../model/outcome.js";
import type { Lead } from "../model/lead.js";
import type { PolicyPlan } from "../compile/plan.js";
import { Assigner } from "./assign.js";
import { createNormalizer } from "./normalize.js";
import { createPipeline, evaluateLead, evaluateLeadSync, type LeadEvaluation } from "./pipeline.js";
import { SummaryAccumulator, type SimulationSummary } from "./summary.js";
import { DuplicateIds, duplicateIdHandler } from "./duplicate-ids.js";
import { readAsOf } from "../model/dates.js";

export interface SimulateOptions {
  /** ISO time the simulation runs at; every date rule is relative to it. */
  asOf: string;
  engine?: EngineName;
  /** Read columns by this system's mapping in the dictionary (e.g. `salesforce`, `sfdc-report`). */
  source?: string;
  /** A bad row stops the run instead of being skipped. */
  strict?: boolean;
  /** File name used in row diagnostics. */
  file?: string;
  /** Keep the facts each step saw, for explain and policy tests. */
  trace?: boolean;
}

export interface SimulationResult {
  rows: LeadOutcome[];
  summary: SimulationSummary;
  /** One per bad row (skipped). */
  diagnostics: Diagnostic[];
}

export type RowSink = (row: LeadOutcome, evaluation: LeadEvaluation) => void;

/** One policy set, ready to decide leads one at a time, in input order (queue rotation is stateful). */
export interface Simulator {
  plan: PolicyPlan;
  /** Decides one raw record; problems when the record cannot be read. */
  decide(values: Record<string, unknown>, row: number): Promise<{ row: LeadOutcome; evaluation: LeadEvaluation } | { problems: Diagnostic[] }>;
  /** The same, synchronously; only for the compiled engine. */
  decideSync(values: Record<string, unknown>, row: number): { row: LeadOutcome; evaluation: LeadEvaluation } | { problems: Diagnostic[] };
  /** Everything but queue assignment, synchronously (worker threads: assignment happens in input order elsewhere). */
  decideUnassignedSync(values: Record<string, unknown>, row: number): { row: LeadOutcome } | { problems: Diagnostic[] };
}

export function createSimulator(set: PolicySet, options: SimulateOptions): Simulator {
  const plan = planPolicies(set);
  const asOfMs = readAsOf(options.asOf);
  const pipeline = createPipeline(plan, asOfMs, { trace: options.trace ?? false });
  const engine = createEngine(options.engine ?? "compiled", plan, asOfMs);
  const normalizer = createNormalizer(plan.dictionary, options.source);
  const assigner = plan.routing ? new Assigner(plan.routing) : undefined;
  const file = options.file ?? "(input)";
  const normalize = (values: Record<string, unknown>, row: number): { lead: Lead } | { problems: Diagnostic[] } => {
    const normalized = normalizer.normalize(values, row);
    return normalized.problems
      ? { problems: normalized.problems.map((p): Diagnostic => ({ code: "input/row", severity: "error", message: p.message, hint: p.hint, location: { file, line: p.row, column: 1 } })) }
      : { lead: normalized.lead };
  };
  const assign = (evaluation: LeadEvaluation) => {
    assigner?.assignLead(evaluation.outcome);
    return { row: evaluation.outcome, evaluation };
  };
  return {
    plan,
    async decide(values, row) {
      const n = normalize(values, row);
      return "problems" in n ? n : assign(await evaluateLead(pipeline, engine, n.lead));
    },
    decideSync(values, row) {
      const n = normalize(values, row);
      return "problems" in n ? n : assign(evaluateLeadSync(pipeline, engine, n.lead));
    },
    decideUnassignedSync(values, row) {
      const n = normalize(values, row);
      return "problems" in n ? n : { row: evaluateLeadSync(pipeline, engine, n.lead).outcome };
    },
  };
}

/** Rows between two awaits of `drain`, so a writer's back-pressure is honoured without awaiting every row. */
const drainEvery = 1000;

export async function simulateStream(set: PolicySet, inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>, options: SimulateOptions, onRow: RowSink, drain?: () => Promise<void>): Promise<{ summary: SimulationSummary; diagnostics: Diagnostic[] }> {
  const simulator = createSimulator(set, options);
  const sync = (options.engine ?? "compiled") === "compiled";
  const summary = new SummaryAccumulator(readAsOf(options.asOf));
  const diagnostics: Diagnostic[] = [];
  let sinceDrain = 0;
  const reject = badRowHandler(options, summary, diagnostics);
  const ids = new DuplicateIds(options.file ?? "(input)", duplicateIdHandler(options, summary, diagnostics));
  for await (const input of inputs) {
    if ("problem" in input) {
      reject([input.problem]);
      continue;
    }
    // The header and lines dropped as titles or footer: not leads.
    if (!("record" in input)) continue;
    const decided = sync ? simulator.decideSync(input.record.values, input.record.row) : await simulator.decide(input.record.values, input.record.row);
    if ("problems" in decided) {
      reject(decided.problems);
      continue;
    }
    ids.see(decided.row.id, input.record.row);
    summary.add(decided.row);
    onRow(decided.row, decided.evaluation);
    if (drain && ++sinceDrain >= drainEvery) {
      sinceDrain = 0;
      await drain();
    }
  }
  return { summary: summary.result(), diagnostics };
}

/** What happens to a bad row: with --strict the run stops (a usage error, exit 2); otherwise it is reported, skipped and counted. */
export function badRowHandler(options: SimulateOptions, summary: SummaryAccumulator, diagnostics: Diagnostic[]): (problems: Diagnostic[]) => void {
  return (problems) => {
    if (options.strict) throw new UsageError(problems[0]!.message, `${problems[0]!.hint ?? ""} (--strict stops at the first bad row)`.trim(), problems);
    diagnostics.push(...problems);
    summary.skip();
    if (problems.some(isUnreadable)) summary.markUnreadable();
  };
}

/** Simulates and keeps every row in memory; for the reference corpus and tests. */
export async function simulateLeads(set: PolicySet, inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>, options: SimulateOptions): Promise<SimulationResult> {
  const rows: LeadOutcome[] = [];
  const { summary, diagnostics } = await simulateStream(set, inputs, options, (row) => rows.push(row));
  return { rows, summary, diagnostics };
}
