/**
 * The backtest's run over a history: each lead read by the input contract and scored by the simulator at
 * `asOf`, by one policy set or several (a comparison scores the same rows with each), with its outcome read
 * from the raw value of the outcome column (outcome.ts). Rows the intake rejects are counted in the read
 * report and left out, as in `simulate`.
 */
import { createFunnelAlerts, type AlertResult } from "../simulate/funnel-alerts.js";
import { closest, distance } from "fastest-levenshtein";
import { UsageError } from "../diagnostics/index.js";
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import type { LeadInput } from "../load/lead-input.js";
import type { ReadOptions } from "../input/intake.js";
import { noteInput } from "../input/intake.js";
import { resolveReadSettings } from "../input/read-settings.js";
import type { ReadReport } from "../input/read-report.js";
import { createSimulator } from "../simulate/simulate-leads.js";
import type { ScoringSpec } from "../model/policy.js";
import { outcomeReading, outcomeText, readOutcome, type OutcomeReading } from "./outcome.js";
import type { BacktestMeasures, Observation } from "./measure.js";

export interface BacktestRunOptions extends ReadOptions {
  asOf: string;
  /** The outcome: a column of the history, or a dictionary field read from its column. */
  outcome: string;
}

/** How the outcome column was read, and what it held. */
export interface OutcomeSummary {
  field: string;
  /** The column it was read from. */
  column: string;
  reading: OutcomeReading;
  positives: number;
  negatives: number;
}

/** One scoring model's backtest on a history. */
export interface BacktestReport extends BacktestMeasures {
  file: string;
  asOf: string;
  outcome: OutcomeSummary;
  /** The scoring model's funnel alerts judged on the history (`spec.alerts`), with the leads behind each fired group. */
  alerts: AlertResult[];
}

export interface BacktestRun {
  outcome: OutcomeSummary;
  /** Per policy set, in the order given: the observations (one per lead decided, in file order) and the read report. */
  sides: { scoring: ScoringSpec; observations: Observation[]; read: ReadReport; alerts: AlertResult[] }[];
}

/** How many rows with an unknown outcome the error lists. */
const shownUnknown = 10;

export async function backtestRun(
  sets: readonly PolicySet[],
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  options: BacktestRunOptions,
): Promise<BacktestRun> {
  const scorings = sets.map((set) => {
    const scoring = specOf(set, "ScoringModel");
    if (!scoring) throw new UsageError("the policies have no ScoringModel, so there is no score to backtest", "Add a ScoringModel policy.");
    return scoring;
  });
  const simulators = sets.map((set) => createSimulator(set, { ...options, engine: "compiled" }));
  // Each set's funnel alerts, judged on every lead it decided (as `audit` judges them on an export).
  const alerts = simulators.map((simulator, k) => createFunnelAlerts(scorings[k]!, simulator.asOfMs));
  const settings =
    options.read ??
    resolveReadSettings(specOf(sets[0]!, "DataDictionary")!, options.source !== undefined ? { source: options.source } : {});
  const candidates = [options.outcome, ...(settings.fields[options.outcome]?.columns ?? [])];
  let header: string[] | undefined;
  let column: string | undefined;
  const seenColumns = new Set<string>();
  // Per row decided by every set: the raw outcome and each set's score.
  const rows: { row: number; value: string; scores: (Observation | undefined)[] }[] = [];
  for await (const input of inputs) {
    if (!("record" in input)) {
      if ("columns" in input) {
        header = input.columns;
        column = candidates.find((c) => header!.includes(c));
        if (column === undefined) throw missingColumn(options, header);
      }
      for (const simulator of simulators) noteInput(simulator.intake, input, options.strict);
      continue;
    }
    const { values, row } = input.record;
    if (!header) for (const key of Object.keys(values)) seenColumns.add(key);
    const own = column ?? candidates.find((c) => c in values);
    // Read before the lead is decided: nothing the pipeline does can touch it then.
    const value = own === undefined ? "" : outcomeText(values[own]);
    const scores = simulators.map((simulator, k) => {
      const taken = simulator.take(values, row);
      const outcome = taken && simulator.decideTakenSync(taken);
      if (taken && outcome) alerts[k]!.add(taken.lead, outcome);
      const score = outcome?.score;
      if (!outcome || !score) return undefined;
      return {
        row,
        id: outcome.id,
        total: score.total,
        grade: score.grade,
        thresholds: score.thresholds,
        rules: score.rules.map((r) => r.id),
        excluded: score.excluded,
        converted: false,
      };
    });
    rows.push({ row, value, scores });
  }
  if (!header) {
    column = candidates.find((c) => seenColumns.has(c));
    if (column === undefined && rows.length > 0) throw missingColumn(options, [...seenColumns]);
  }
  // Rows decided by every set are measured; one rejected by any set is in that set's read report.
  const decided = rows.filter((r) => r.scores.every((s) => s !== undefined));
  const reading = outcomeReading(decided.map((r) => r.value));
  const unknown: { row: number; value: string }[] = [];
  let positives = 0;
  for (const r of decided) {
    const converted = readOutcome(reading, r.value);
    if (converted === null) unknown.push({ row: r.row, value: r.value });
    else if (converted) positives++;
    for (const s of r.scores) s!.converted = converted === true;
  }
  if (unknown.length > 0) throw unknownOutcomes(options.outcome, column!, unknown, options.file ?? "(input)");
  return {
    outcome: { field: options.outcome, column: column ?? options.outcome, reading, positives, negatives: decided.length - positives },
    sides: simulators.map((simulator, k) => ({
      scoring: scorings[k]!,
      observations: decided.map((r) => r.scores[k]!),
      read: simulator.intake.report(),
      alerts: alerts[k]!.result(),
    })),
  };
}

function missingColumn(options: BacktestRunOptions, columns: readonly string[]): UsageError {
  const lower = options.outcome.toLowerCase();
  const alike = columns.filter(
    (c) => c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase()) || /convert|won|opportunit|outcome|closed/i.test(c),
  );
  // The closest name only when it is a typo away (a third of the name's letters at most), not any column.
  const nearest = columns.length > 0 ? closest(options.outcome, [...columns]) : undefined;
  const near = nearest !== undefined && distance(nearest, options.outcome) <= Math.max(2, options.outcome.length / 3) ? nearest : undefined;
  const similar = [...new Set([...(near ? [near] : []), ...alike])];
  return new UsageError(
    `${options.file ?? "(input)"}: the history has no outcome column "${options.outcome}"`,
    similar.length > 0
      ? `Columns that look similar: ${similar.join(", ")}. Pass one of them to --outcome.`
      : `--outcome names a column of the history; it has: ${columns.join(", ")}.`,
  );
}

function unknownOutcomes(field: string, column: string, unknown: readonly { row: number; value: string }[], file: string): UsageError {
  const shown = unknown.slice(0, shownUnknown).map((u) => `${file}:${u.row}: ${JSON.stringify(u.value)}`);
  const more = unknown.length > shownUnknown ? [`... and ${unknown.length - shownUnknown} more`] : [];
  return new UsageError(
    `the outcome column "${column}"${column !== field ? ` (field ${field})` : ""} has ${unknown.length === 1 ? "1 value that is" : `${unknown.length} values that are`} neither positive nor negative:\n  ${[...shown, ...more].join("\n  ")}`,
    "A yes/no outcome takes true/false, yes/no, y/n or 1/0 (an empty value is unknown too); fix or remove these rows. See docs/backtest.md#the-outcome.",
  );
}
