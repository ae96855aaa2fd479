/**
 * A nurture run over a lead file: each lead taken in by the input contract, decided by the whole pipeline
 * on the chosen engine, then by the nurture step on the same engine (`nurture.ts`), with its touches from
 * the send log; the summary counts every decision.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import type { LeadInput } from "../load/lead-input.js";
import type { PolicySet } from "../model/policy-set.js";
import type { NurtureSignals, NurtureTouch } from "../model/nurture-inputs.js";
import type { ReadReport } from "../input/read-report.js";
import { createNurtureJudge, type NurtureDecision } from "./nurture.js";
import { NurtureSummaryAccumulator, type NurtureSummary } from "./nurture-summary.js";
import type { LeadEvaluation } from "./pipeline.js";
import { createSimulator, decideEach, type SimulateOptions } from "./simulate-leads.js";

export interface NurtureRunOptions extends SimulateOptions {
  /** Each lead's touches (a send log), by lead id. */
  touches?: ReadonlyMap<string, readonly NurtureTouch[]>;
  signals?: NurtureSignals;
  /** When each lead entered each program (a membership file): lead id -> program -> ms. */
  entries?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface NurtureRunResult {
  summary: NurtureSummary;
  diagnostics: Diagnostic[];
  read: ReadReport;
}

/** What a decided lead hands on: the decision, the pipeline's evaluation, and the nurture step's results. */
export type NurtureSink = (decision: NurtureDecision, evaluation: LeadEvaluation, holds: boolean[]) => void;

const noTouches: readonly NurtureTouch[] = Object.freeze([]);

export async function nurtureStream(
  set: PolicySet,
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  options: NurtureRunOptions,
  onDecision: NurtureSink = () => {},
): Promise<NurtureRunResult> {
  const simulator = createSimulator(set, { ...options, nurture: true });
  const nurture = simulator.plan.nurture;
  if (!nurture) throw new Error("nurtureStream needs a NurtureProgram policy");
  const judge = createNurtureJudge(simulator.plan, nurture, simulator.asOfMs, options.signals);
  const stageFact = simulator.plan.lifecycle ? "stage" : undefined;
  const accumulator = new NurtureSummaryAccumulator(nurture, simulator.asOfMs);
  const decideNurture = (evaluation: LeadEvaluation, holds: boolean[], row: number, ids: { see(id: string, row: number): void }) => {
    const id = evaluation.outcome.id;
    const decision = judge.decide(evaluation.facts, holds, options.touches?.get(id) ?? noTouches, options.entries?.get(id));
    ids.see(decision.id, row);
    const stage = stageFact ? evaluation.facts[stageFact] : null;
    accumulator.add(decision, typeof stage === "string" ? stage : null);
    onDecision(decision, evaluation, holds);
  };
  const sync = (options.engine ?? "compiled") === "compiled";
  const { diagnostics, read } = await decideEach(
    simulator,
    inputs,
    options,
    sync
      ? (values, row, { ids }) => {
          const decided = simulator.decideSync(values, row);
          if (decided)
            decideNurture(decided.evaluation, simulator.engine.evaluate("nurture", decided.evaluation.facts) as boolean[], row, ids);
        }
      : async (values, row, { ids }) => {
          const decided = await simulator.decide(values, row);
          if (decided) decideNurture(decided.evaluation, await simulator.engine.evaluate("nurture", decided.evaluation.facts), row, ids);
        },
  );
  return { summary: accumulator.result(read), diagnostics, read };
}
