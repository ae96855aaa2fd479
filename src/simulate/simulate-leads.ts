/**
 * Simulation: take each input record through the input contract (a lead, with
 * its bad values flagged, or a rejected row), run the pipeline on the chosen
 * engine, assign an owner in input order, and accumulate the summary, which
 * starts with what was read. Rows are handed to `onRow` as they are decided,
 * so callers can stream them.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { UsageError } from "../diagnostics/index.js";
import type { PolicySet } from "../model/policy-set.js";
import { createEngine, type ConditionEngine, type EngineName } from "../compile/engines.js";
import { planPolicies } from "../compile/plan.js";
import type { LeadInput } from "../load/lead-input.js";
import type { LeadOutcome } from "../model/outcome.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { LeadIntake, TakenLead } from "../input/lead-intake.js";
import { createIntake, noteInput, type ReadOptions } from "../input/intake.js";
import { describeFieldProblem, type Normalized } from "../input/normalize.js";
import type { ReadReport } from "../input/read-report.js";
import { Assigner } from "./assign.js";
import { createPipeline, evaluateLead, evaluateLeadSync, type LeadEvaluation } from "./pipeline.js";
import { SummaryAccumulator, type SimulationSummary } from "./summary.js";
import { DuplicateIds, duplicateIdHandler } from "./duplicate-ids.js";
import { readAsOf } from "../model/dates.js";

export interface SimulateOptions extends ReadOptions {
  /** ISO time the simulation runs at; every date rule is relative to it. */
  asOf: string;
  engine?: EngineName;
  /** Keep the facts each step saw, for explain and policy tests. */
  trace?: boolean;
}

export interface SimulationResult {
  rows: LeadOutcome[];
  summary: SimulationSummary;
  /** Warnings about rows that were still decided (a lead id used twice). */
  diagnostics: Diagnostic[];
  read: ReadReport;
}

export type RowSink = (row: LeadOutcome, evaluation: LeadEvaluation) => void;

type Decided = { row: LeadOutcome; evaluation: LeadEvaluation };

/** One policy set, ready to decide leads one at a time, in input order (queue rotation is stateful). */
export interface Simulator {
  plan: PolicyPlan;
  /** The evaluator the pipeline runs on (the nurture step runs on it too). */
  engine: ConditionEngine;
  /** Counts what was read; the source of the read report. */
  intake: LeadIntake;
  asOfMs: number;
  /** Reads one raw record into a lead through the intake (--strict stops at a bad one); undefined when rejected. */
  take(values: Record<string, unknown>, row: number, normalized?: Normalized): TakenLead | undefined;
  /** Decides one raw record; undefined when it was rejected (counted by the intake). */
  decide(values: Record<string, unknown>, row: number): Promise<Decided | undefined>;
  /** The same, synchronously; only for the compiled engine. */
  decideSync(values: Record<string, unknown>, row: number): Decided | undefined;
  /** Everything but queue assignment, synchronously (worker threads: assignment happens in input order elsewhere). */
  decideUnassignedSync(values: Record<string, unknown>, row: number): LeadOutcome | undefined;
  /** The same for a lead already taken (`take`); its record is the pipeline's to write derived facts on. */
  decideTakenSync(taken: TakenLead): LeadOutcome;
}

export function createSimulator(set: PolicySet, options: SimulateOptions): Simulator {
  const plan = planPolicies(set);
  const asOfMs = readAsOf(options.asOf);
  const pipeline = createPipeline(plan, asOfMs, { trace: options.trace ?? false });
  const engine = createEngine(options.engine ?? "compiled", plan, asOfMs);
  const intake = createIntake(plan, options);
  const assigner = plan.routing ? new Assigner(plan.routing) : undefined;
  const take = (values: Record<string, unknown>, row: number, normalized?: Normalized): TakenLead | undefined => {
    const taken = intake.take(values, row, normalized);
    if (options.strict && (taken === undefined || taken.problems.length > 0)) stopAtBadRow(options.file ?? "(input)", row, taken);
    return taken;
  };
  const finish = (evaluation: LeadEvaluation, taken: TakenLead) => {
    if (taken.flagged.length > 0) evaluation.outcome.flagged = [...taken.flagged];
    return evaluation;
  };
  const assign = (evaluation: LeadEvaluation): Decided => {
    assigner?.assignLead(evaluation.outcome);
    return { row: evaluation.outcome, evaluation };
  };
  return {
    plan,
    engine,
    intake,
    asOfMs,
    take,
    async decide(values, row) {
      const taken = take(values, row);
      return taken && assign(finish(await evaluateLead(pipeline, engine, taken.lead), taken));
    },
    decideSync(values, row) {
      const taken = take(values, row);
      return taken && assign(finish(evaluateLeadSync(pipeline, engine, taken.lead), taken));
    },
    decideUnassignedSync(values, row) {
      const taken = take(values, row);
      return taken && this.decideTakenSync(taken);
    },
    decideTakenSync(taken) {
      return finish(evaluateLeadSync(pipeline, engine, taken.lead), taken).outcome;
    },
  };
}

/** --strict: the first bad row stops the run (exit 2). */
function stopAtBadRow(file: string, row: number, taken: TakenLead | undefined): never {
  const first = taken?.problems[0];
  throw new UsageError(
    `${file}:${row}: ${first ? describeFieldProblem(first) : "the row has no lead id"}`,
    `${first?.hint ?? "Every lead needs its id."} (--strict stops at the first bad row)`,
  );
}

/** Records between two awaits of `drain`, so a writer's back-pressure is honoured without awaiting every row. */
const drainEvery = 1000;

/** What a one-thread run counts besides the read report: the summary and the lead ids seen. */
export interface RunCounts {
  summary: SummaryAccumulator;
  ids: DuplicateIds;
}

type SimulationTotals = { summary: SimulationSummary; diagnostics: Diagnostic[]; read: ReadReport };

/**
 * The loop every one-thread simulation shares (the pipeline's and the fused rows'): each record to `decide`
 * in input order, whatever else the reader yields to the intake, `drain` every thousand records.
 */
export async function decideEach(
  simulator: Simulator,
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  options: SimulateOptions,
  decide: (values: Record<string, unknown>, row: number, counts: RunCounts) => void | Promise<void>,
  drain?: () => Promise<void>,
): Promise<SimulationTotals> {
  const summary = new SummaryAccumulator(simulator.asOfMs);
  const diagnostics: Diagnostic[] = [];
  const counts: RunCounts = {
    summary,
    ids: new DuplicateIds(options.file ?? "(input)", duplicateIdHandler(options, summary, diagnostics)),
  };
  let sinceDrain = 0;
  for await (const input of inputs) {
    if (!("record" in input)) {
      noteInput(simulator.intake, input, options.strict);
      continue;
    }
    // The compiled engine decides synchronously: no await per record.
    const pending = decide(input.record.values, input.record.row, counts);
    if (pending) await pending;
    if (drain && ++sinceDrain >= drainEvery) {
      sinceDrain = 0;
      await drain();
    }
  }
  const read = simulator.intake.report();
  return { summary: summary.result(read), diagnostics, read };
}

export async function simulateStream(
  set: PolicySet,
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  options: SimulateOptions,
  onRow: RowSink,
  drain?: () => Promise<void>,
): Promise<SimulationTotals> {
  const simulator = createSimulator(set, options);
  const take = (decided: Decided | undefined, row: number, { summary, ids }: RunCounts) => {
    if (!decided) return;
    ids.see(decided.row.id, row);
    summary.add(decided.row);
    onRow(decided.row, decided.evaluation);
  };
  const sync = (options.engine ?? "compiled") === "compiled";
  return decideEach(
    simulator,
    inputs,
    options,
    sync
      ? (values, row, counts) => take(simulator.decideSync(values, row), row, counts)
      : async (values, row, counts) => take(await simulator.decide(values, row), row, counts),
    drain,
  );
}

/** Simulates and keeps every row in memory; for the reference corpus and tests. */
export async function simulateLeads(
  set: PolicySet,
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  options: SimulateOptions,
): Promise<SimulationResult> {
  const rows: LeadOutcome[] = [];
  const { summary, diagnostics, read } = await simulateStream(set, inputs, options, (row) => rows.push(row));
  return { rows, summary, diagnostics, read };
}
