/**
 * `leadrules backtest`: how well a scoring model's score, grades and thresholds predicted a known outcome
 * on a history of leads; and the same for two policy sets side by side (a pull request's base and head),
 * with paired bootstrap intervals of the differences, for the diff report.
 */
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import { displayPath } from "../load/read-policy-files.js";
import type { ReadReport } from "../input/read-report.js";
import { backtestRun, type BacktestReport } from "../backtest/backtest-leads.js";

export type { BacktestReport } from "../backtest/backtest-leads.js";
import { measureBacktest } from "../backtest/measure.js";
import { compareBacktests, type BacktestComparison, type ComparisonOptions } from "../backtest/compare.js";
import { assertLeadOutputs, openLeads, type LeadInputFlags } from "./open-leads.js";

export interface BacktestFileOptions extends LeadInputFlags {
  /** The policy folder (no output may go into it). */
  policies: string;
  /** The history: leads whose outcome is known. */
  leads: string;
  /** The time the leads are scored at. */
  asOf: string;
  /** The outcome column (or dictionary field): see docs/backtest.md#the-outcome. */
  outcome: string;
  /** An output file the command will write (checked against the inputs before anything is read). */
  out?: string;
  /** The history's text, when it is not read from `leads` on disk (a file of a git version); `leads` names it. */
  text?: string;
}

export interface BacktestFileResult {
  report: BacktestReport;
  read: ReadReport;
}

/**
 * Backtests the policy set's scoring model on a history. Throws `UsageError` (exit 2) when the outcome
 * column is missing or holds a value that is neither positive nor negative; rows the intake rejects are in
 * `read`. A report whose `auc` is null (no positives or no negatives) says why in `aucUndefined`.
 */
export async function backtestLeadFile(set: PolicySet, options: BacktestFileOptions): Promise<BacktestFileResult> {
  const { run, read } = await runOver([set], options);
  const side = run.sides[0]!;
  return {
    report: {
      file: displayPath(options.leads),
      asOf: options.asOf,
      outcome: run.outcome,
      ...measureBacktest(side.scoring, side.observations),
      alerts: side.alerts,
    },
    read: read[0]!,
  };
}

export interface BacktestComparisonResult {
  comparison: BacktestComparison;
  /** What each side read of the history (the same file, read by each side's data dictionary). */
  read: { base: ReadReport; head: ReadReport };
}

/**
 * Backtests two policy sets on the same history and outcome: side by side AUC, lift per grade, precision and
 * recall per threshold, and head - base differences with paired bootstrap 95% intervals (`resamples`,
 * default 1000; `seed`, default 1: the same inputs give the same bytes). The history is read by the head's
 * data dictionary and input choices, and each row scored by both.
 */
export async function backtestVersions(
  base: PolicySet,
  head: PolicySet,
  options: Omit<BacktestFileOptions, "policies"> & ComparisonOptions & { policies?: string },
): Promise<BacktestComparisonResult> {
  const { run, read } = await runOver([base, head], { ...options, policies: options.policies ?? "policies" });
  return {
    comparison: compareBacktests(run, {
      ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    }),
    read: { base: read[0]!, head: read[1]! },
  };
}

async function runOver(sets: readonly PolicySet[], options: BacktestFileOptions) {
  if (options.text === undefined)
    assertLeadOutputs(
      options.leads,
      options,
      sets.flatMap((s) => s.policies.map((p) => p.file)),
    );
  // The last set's dictionary reads the history: of two versions, the head decides how an input is read (as in diff).
  const opened = openLeads(
    options.leads,
    options,
    specOf(sets.at(-1)!, "DataDictionary")!,
    options.text !== undefined ? { text: options.text } : {},
  );
  try {
    const run = await backtestRun(sets, opened.inputs, {
      asOf: options.asOf,
      outcome: options.outcome,
      file: displayPath(options.leads),
      ...opened.read,
    });
    const read = run.sides.map((s) => s.read);
    await opened.finish(read[0]!);
    return { run, read };
  } catch (error) {
    opened.abort();
    throw error;
  }
}
