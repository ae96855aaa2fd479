/** An in-memory DuckDB with leads loaded as the SQL compiler's leads relation (sql/lead-columns.ts). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { sqlDialects } from "../../src/compile/sql-dialect.js";
import type { DictionarySpec } from "../../src/model/policy.js";
import { createLeadsTable, leadColumns, orderColumn } from "../../src/sql/lead-columns.js";

export const duckdb = sqlDialects.duckdb;

export async function openDuckDb(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  return instance.connect();
}

/** Fills the table `leads` (created unless it exists) with normalized leads (values of their field's type, or null), in input order. */
export async function loadLeads(
  connection: DuckDBConnection,
  dictionary: DictionarySpec,
  leads: readonly Record<string, unknown>[],
): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), "leadrules-duckdb-"));
  try {
    const file = path.join(folder, "leads.ndjson");
    writeFileSync(file, leads.map((lead, i) => JSON.stringify({ ...lead, [orderColumn]: i + 1 })).join("\n"));
    const columns = leadColumns(dictionary);
    await connection.run(createLeadsTable(dictionary, duckdb));
    const struct = columns.map((c) => `${duckdb.literal(c.name)}: ${duckdb.literal(duckdb.types[c.valueType])}`).join(", ");
    await connection.run(
      `INSERT INTO leads SELECT * FROM read_json(${duckdb.literal(file)}, format = 'newline_delimited', columns = {${struct}})`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
