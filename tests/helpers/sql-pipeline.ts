/**
 * The differential harness of the SQL compiler: a policy set's pipeline query run in DuckDB on leads
 * normalized by the set's own intake, read back as outcomes (sql/read-outcome.ts), against the compiled
 * engine's outcomes of the same records, for the steps the SQL covers (`sqlSteps`).
 */
import { expect } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { planPolicies } from "../../src/compile/plan.js";
import { createIntake } from "../../src/input/intake.js";
import type { PolicySet } from "../../src/index.js";
import { simulateLeads } from "../../src/index.js";
import type { RoutingSpec } from "../../src/model/policy.js";
import {
  arrivalYearsQuery,
  businessIntervalRows,
  businessIntervalsRelation,
  businessIntervalsSql,
} from "../../src/sql/business-intervals.js";
import { pipelineQuery, sqlSteps } from "../../src/sql/pipeline-sql.js";
import { outcomeReader } from "../../src/sql/read-outcome.js";
import { duckdb, loadLeads } from "./duckdb.js";
import { corpusAsOf } from "./policies.js";
import { inputs, type Values } from "./varied-policies.js";

const asOfMs = Date.parse(corpusAsOf);

/** The leads as normalized by the set's dictionary, in input order (rejected records left out, as simulate does). */
function normalized(set: PolicySet, leads: readonly Values[]): Values[] {
  const intake = createIntake(planPolicies(set), { file: "leads.ndjson", checkHeader: false });
  return inputs(leads).flatMap(({ record }) => {
    const taken = intake.take(record.values, record.row);
    return taken ? [{ ...taken.lead } as Values] : [];
  });
}

/** Only the steps the SQL covers, from an outcome of either engine. */
const covered = (outcome: Record<string, unknown>) => Object.fromEntries(sqlSteps.map((step) => [step, outcome[step]]));

export async function sqlOutcomes(connection: DuckDBConnection, set: PolicySet, leads: readonly Values[]) {
  const plan = planPolicies(set);
  await loadLeads(connection, plan.dictionary, normalized(set, leads));
  if (plan.routing) await loadBusinessIntervals(connection, plan.routing);
  const rows = (
    await connection.runAndReadAll(`${pipelineQuery(plan, duckdb, asOfMs, "leads")} ORDER BY "__lead_order"`)
  ).getRowObjectsJS();
  const read = outcomeReader(plan);
  return rows.map((row) => covered(read(row) as unknown as Record<string, unknown>));
}

/**
 * The business intervals for the years the leads arrive in, as an engine lays them out before the query: by
 * the statements business-intervals.ts writes, or, for many years (hundreds of thousands of rows, tens of
 * megabytes of VALUES), by DuckDB's appender.
 */
async function loadBusinessIntervals(connection: DuckDBConnection, routing: RoutingSpec): Promise<void> {
  const found = (await connection.runAndReadAll(arrivalYearsQuery(routing, duckdb, "leads"))).getRowObjectsJS();
  const years = found.map((y) => Number(y.year));
  if (years.length < 20) {
    for (const statement of businessIntervalsSql(routing, duckdb, years)) await connection.run(statement);
    return;
  }
  await connection.run(businessIntervalsSql(routing, duckdb, [])[0]!);
  const appender = await connection.createAppender(businessIntervalsRelation);
  for (const row of businessIntervalRows(routing, years)) {
    appender.appendVarchar(row.calendar);
    for (const ms of [row.startMs, row.endMs, row.beforeMs, row.throughMs]) appender.appendBigInt(BigInt(ms));
    appender.endRow();
  }
  appender.closeSync();
}

export async function compiledOutcomes(set: PolicySet, leads: readonly Values[]) {
  const result = await simulateLeads(set, inputs(leads), { asOf: corpusAsOf, engine: "compiled", checkHeader: false });
  return result.rows.map((row) => covered(row as unknown as Record<string, unknown>));
}

/** Both engines decide every lead alike; the first lead that differs is shown whole. */
export async function expectSameOutcomes(connection: DuckDBConnection, set: PolicySet, leads: readonly Values[]) {
  const expected = await compiledOutcomes(set, leads);
  expect(expected.length).toBeGreaterThan(0);
  const actual = await sqlOutcomes(connection, set, leads);
  const first = expected.findIndex((e, i) => JSON.stringify(e) !== JSON.stringify(actual[i]));
  if (first >= 0) expect({ lead: first, ...actual[first] }).toEqual({ lead: first, ...expected[first] });
  expect(actual).toEqual(expected);
}
