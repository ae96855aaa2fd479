/**
 * `simulate --engine duckdb`: the pipeline compiled to SQL (sql/) and run in embedded DuckDB. The input
 * contract stays the one every engine shares: records are read and normalized by the same intake (bad
 * values flagged, rows rejected, the read report, duplicate ids, --strict), and only the normalized leads
 * go to DuckDB, appended in input order into the leads relation. One query decides them all; its rows,
 * read back in input order as outcomes (sql/read-outcome.ts), go to the same summary and row writers as
 * the other engines', so the output is theirs whenever the outcomes are.
 *
 * DuckDB runs in memory, within `memoryLimit`, on `threads` (load/duckdb-database.ts).
 */
import { sqlDialects } from "../compile/sql-dialect.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { noteInput } from "../input/intake.js";
import { defaultMemoryLimit, explainDuckDbError, openDuckDb } from "../load/duckdb-database.js";
import type { LeadInput } from "../load/lead-input.js";
import type { LeadOutcome } from "../model/outcome.js";
import type { PolicySet } from "../model/policy-set.js";
import { DuplicateIds, duplicateIdHandler } from "../simulate/duplicate-ids.js";
import { createSimulator, type RowSink, type SimulateOptions } from "../simulate/simulate-leads.js";
import { SummaryAccumulator } from "../simulate/summary.js";
import { createLeadsTable, leadColumns, orderColumn } from "../sql/lead-columns.js";
import { pipelineQuery } from "../sql/pipeline-sql.js";
import { LeadStaging } from "./stage-leads.js";
import { jsonRows } from "./json-rows.js";
import { loadBusinessIntervals } from "./load-intervals.js";
import { outcomeColumns, outcomeReader } from "../sql/read-outcome.js";

export interface DuckDbOptions {
  /** DuckDB's memory limit (its own syntax: `500MB`, `2GB`); default `defaultMemoryLimit`. */
  memoryLimit?: string;
  /** DuckDB's threads; default 1. */
  threads?: number;
}

/** Rows decided between two awaits of `drain`. */
const drainEvery = 2048;

export async function simulateStreamDuckDb(
  set: PolicySet,
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  options: SimulateOptions & DuckDbOptions,
  onRow: RowSink,
  drain?: () => Promise<void>,
) {
  const simulator = createSimulator(set, { ...options, engine: "compiled" });
  const { plan, asOfMs } = simulator;
  const memoryLimit = options.memoryLimit ?? defaultMemoryLimit;
  const database = await openDuckDb({ memoryLimit, threads: options.threads ?? 1 });
  const { connection } = database;
  try {
    const dialect = sqlDialects.duckdb;
    const columns = leadColumns(plan.dictionary);
    await connection.run(createLeadsTable(plan.dictionary, dialect));

    // Reading: every record through the intake, in input order; the leads into DuckDB.
    const summary = new SummaryAccumulator(asOfMs);
    const diagnostics: Diagnostic[] = [];
    const ids = new DuplicateIds(options.file ?? "(input)", duplicateIdHandler(options, summary, diagnostics));
    const idField = plan.dictionary.idField;
    const flagged = new Map<number, LeadOutcome["flagged"]>();
    const staging = LeadStaging.in(database.folder, "leads", columns);
    let order = 0;
    for await (const input of inputs) {
      if (!("record" in input)) {
        noteInput(simulator.intake, input, options.strict);
        continue;
      }
      const taken = simulator.take(input.record.values, input.record.row);
      if (!taken) continue;
      order++;
      ids.see(String(taken.lead[idField] ?? ""), input.record.row);
      if (taken.flagged.length > 0) flagged.set(order, [...taken.flagged]);
      staging.add(taken.lead, order);
    }
    await staging.load(connection, "leads", dialect);

    // Deciding: the business intervals the leads' arrivals need, then one query, its rows in input order.
    if (plan.routing) await loadBusinessIntervals(connection, plan.routing, "leads");
    const read = outcomeReader(plan);
    const selected = [orderColumn, idField, ...outcomeColumns(plan)];
    const rows = jsonRows(connection, pipelineQuery(plan, dialect, asOfMs, "leads", selected), orderColumn, order, dialect);
    const evaluation = { steps: {}, assets: [], facts: {} };
    let sinceDrain = 0;
    for await (const chunk of rows) {
      for (const row of chunk) {
        const decided = read(row);
        const outcome: LeadOutcome = {
          id: String(row[idField] ?? ""),
          score: decided.score,
          lifecycle: decided.lifecycle,
          route: decided.route,
          content: decided.content,
          retention: decided.retention,
        };
        const flags = flagged.get(Number(row[orderColumn]));
        if (flags) outcome.flagged = flags;
        summary.add(outcome);
        onRow(outcome, { outcome, ...evaluation });
        if (drain && ++sinceDrain >= drainEvery) {
          sinceDrain = 0;
          await drain();
        }
      }
    }
    const report = simulator.intake.report();
    return { summary: summary.result(report), diagnostics, read: report };
  } catch (error) {
    throw explainDuckDbError(error, memoryLimit);
  } finally {
    database.close();
  }
}
