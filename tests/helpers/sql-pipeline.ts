/**
 * The differential harness of the SQL compiler: a policy set's pipeline query run in DuckDB on leads
 * normalized by the set's own intake, read back as outcomes (sql/read-outcome.ts), against the compiled
 * engine's outcomes of the same records, every step.
 */
import { expect } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { planPolicies } from "../../src/compile/plan.js";
import { createIntake } from "../../src/input/intake.js";
import type { PolicySet } from "../../src/index.js";
import { simulateLeads } from "../../src/index.js";
import { loadBusinessIntervals } from "../../src/duckdb/load-intervals.js";
import { pipelineSteps as steps } from "../../src/model/facts.js";
import { pipelineQuery } from "../../src/sql/pipeline-sql.js";
import { outcomeReader } from "../../src/sql/read-outcome.js";
import { duckdb, loadLeads } from "./duckdb.js";
import { corpusAsOf } from "./policies.js";
import { inputs, type Values } from "./varied-policies.js";

const asOfMs = Date.parse(corpusAsOf);

/** The leads as normalized by the set's dictionary, in input order (rejected records left out, as simulate does). */
export function normalized(set: PolicySet, leads: readonly Values[]): Values[] {
  const intake = createIntake(planPolicies(set), { file: "leads.ndjson", checkHeader: false });
  return inputs(leads).flatMap(({ record }) => {
    const taken = intake.take(record.values, record.row);
    return taken ? [{ ...taken.lead } as Values] : [];
  });
}

/** The steps' outcomes, from an outcome of either engine (the id and flagged fields are the intake's). */
const stepsOf = (outcome: Record<string, unknown>) => Object.fromEntries(steps.map((step) => [step, outcome[step]]));

/** The leads, normalized by the set's dictionary, into the table `leads` (created unless it exists). */
export async function loadNormalized(connection: DuckDBConnection, set: PolicySet, leads: readonly Values[]) {
  await loadLeads(connection, planPolicies(set).dictionary, normalized(set, leads));
}

export async function sqlOutcomes(connection: DuckDBConnection, set: PolicySet, leads: readonly Values[]) {
  const plan = planPolicies(set);
  await loadNormalized(connection, set, leads);
  if (plan.routing) await loadBusinessIntervals(connection, plan.routing, "leads");
  const rows = (
    await connection.runAndReadAll(`${pipelineQuery(plan, duckdb, asOfMs, "leads")} ORDER BY "__lead_order"`)
  ).getRowObjectsJS();
  const read = outcomeReader(plan);
  return rows.map((row) => stepsOf(read(row) as unknown as Record<string, unknown>));
}

export async function compiledOutcomes(set: PolicySet, leads: readonly Values[]) {
  const result = await simulateLeads(set, inputs(leads), { asOf: corpusAsOf, engine: "compiled", checkHeader: false });
  return result.rows.map((row) => stepsOf(row as unknown as Record<string, unknown>));
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
