/**
 * Postgres for real in the tests: PGlite (Postgres compiled to WebAssembly, in process, no server), with
 * leads loaded as the SQL compiler's leads relation (sql/lead-columns.ts) through the postgres dialect's
 * own literals.
 */
import { PGlite } from "@electric-sql/pglite";
import { sqlDialects } from "../../src/compile/sql-dialect.js";
import type { DictionarySpec } from "../../src/model/policy.js";
import { createLeadsTable, leadColumns, orderColumn } from "../../src/sql/lead-columns.js";

export const postgres = sqlDialects.postgres;

export async function openPglite(): Promise<PGlite> {
  const db = new PGlite();
  await db.waitReady;
  return db;
}

/** A normalized value (of its field's type, or null) as a postgres literal. */
function valueSql(value: unknown, valueType: string): string {
  if (value === null || value === undefined) return "NULL";
  if (valueType === "textList") return postgres.textList(value as string[]);
  return postgres.literal(value);
}

/** Fills the table `leads` (created unless it exists) with normalized leads, in input order. */
export async function loadLeadsPg(db: PGlite, dictionary: DictionarySpec, leads: readonly Record<string, unknown>[]): Promise<void> {
  const columns = leadColumns(dictionary);
  await db.exec(createLeadsTable(dictionary, postgres));
  const names = columns.map((c) => postgres.identifier(c.name)).join(", ");
  for (let start = 0; start < leads.length; start += 500) {
    const rows = leads.slice(start, start + 500).map((lead, k) => {
      const values = columns.map((c) => (c.name === orderColumn ? String(start + k + 1) : valueSql(lead[c.name], c.valueType)));
      return `(${values.join(", ")})`;
    });
    if (rows.length > 0) await db.exec(`INSERT INTO leads (${names}) VALUES ${rows.join(",\n")}`);
  }
}
