/**
 * The SQL compiler (sql/) must mean exactly what the compiled evaluator means, on leads as the input
 * contract hands them on (each value of its field's type, or null): random conditions over the bundled
 * dictionary, every operator, nested all/any/not, evaluated in DuckDB and by compileCondition.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { compileCondition } from "../src/index.js";
import type { Condition, Lead } from "../src/index.js";
import { conditionSql } from "../src/sql/condition-sql.js";
import { duckdb, loadLeads, openDuckDb } from "./helpers/duckdb.js";
import { asOfMs, condition, dictionary, fields, normalizedLead } from "./helpers/random-conditions.js";

const types = new Map(fields.map((f) => [f.name, f.type]));
const context = {
  dialect: duckdb,
  asOfMs,
  fact: (name: string) => {
    const type = types.get(name);
    if (!type) throw new Error(`no field ${name}`);
    return { column: duckdb.identifier(name), type };
  },
};

let connection: DuckDBConnection;
const leads = fc.sample(normalizedLead, { numRuns: 400, seed: 20261130 }) as Lead[];
const conditions = fc.sample(condition, { numRuns: 1_500, seed: 1130 });

beforeAll(async () => {
  connection = await openDuckDb();
  await loadLeads(connection, dictionary, leads as Record<string, unknown>[]);
});
afterAll(() => connection?.closeSync());

/** Each condition's result for every lead, in input order, as DuckDB gives it. */
async function sqlHolds(batch: readonly Condition[]): Promise<unknown[][]> {
  const columns = batch.map((c, i) => `${conditionSql(c, context)} AS c${i}`).join(", ");
  const reader = await connection.runAndReadAll(`SELECT ${columns} FROM leads ORDER BY "__lead_order"`);
  return reader.getRows();
}

describe("SQL conditions agree with the compiled evaluator", () => {
  it("on 1,500 random conditions times 400 leads with nulls", async () => {
    for (let start = 0; start < conditions.length; start += 100) {
      const batch = conditions.slice(start, start + 100);
      const rows = await sqlHolds(batch);
      batch.forEach((c, k) => {
        const holds = compileCondition(c, asOfMs);
        leads.forEach((lead, i) => {
          const expected = holds(lead);
          if (rows[i]![k] !== expected) expect({ condition: c, lead, sql: rows[i]![k] }).toEqual({ condition: c, lead, sql: expected });
        });
      });
    }
  }, 120_000);
});
