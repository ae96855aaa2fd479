// (d) The SQL path's ceiling: what `simulate --engine duckdb` on Parquet could cost if no JavaScript touched
// a lead. DuckDB reads the Parquet file itself (its typed columns cast to the leads relation's in SQL, with no
// input contract: no flagged values, no read report, no duplicate ids), runs the pipeline query, and COPYs the
// decided columns to CSV itself. No engine that keeps the input contract and writes the same rows can be
// faster than this on the same query, so it is the yardstick issue 16's speed target is measured against.
// The bench's Parquet file holds canonical values (written from `leadrules sample`), so the casts here are
// enough for it and for nothing else.
import { planPolicies, validatePolicyDirectory } from "../../dist/index.js";
import { sqlDialects } from "../../dist/compile/sql-dialect.js";
import { openDuckDb } from "../../dist/load/duckdb-database.js";
import { loadBusinessIntervals } from "../../dist/duckdb/load-intervals.js";
import { leadColumns, orderColumn } from "../../dist/sql/lead-columns.js";
import { pipelineQuery } from "../../dist/sql/pipeline-sql.js";
import { outcomeColumns } from "../../dist/sql/read-outcome.js";

/** Decides the leads of `file` into the CSV file `out` within DuckDB's `memoryLimit`; returns the number of rows written. */
export async function decideInDuckDb(file, out, threads, asOf, memoryLimit = "500MB") {
  const { set } = validatePolicyDirectory("policies");
  const plan = planPolicies(set);
  const dialect = sqlDialects.duckdb;
  const database = await openDuckDb({ memoryLimit, threads });
  const { connection } = database;
  try {
    const source = `read_parquet(${dialect.literal(file)})`;
    const types = new Map(
      (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRows().map(([name, type]) => [String(name), String(type)]),
    );
    const columns = leadColumns(plan.dictionary).map((column) => {
      const name = dialect.identifier(column.name);
      if (column.name === orderColumn) return `CAST(row_number() OVER () AS BIGINT) AS ${name}`;
      const type = types.get(column.name);
      // A column DuckDB wrote from all-null JSON values is typed JSON: NULL here.
      if (type === undefined || type === "JSON") return `CAST(NULL AS ${column.sqlType}) AS ${name}`;
      if (type.startsWith("TIMESTAMP")) return `strftime(${name}, '%Y-%m-%dT%H:%M:%S.%gZ') AS ${name}`;
      return `CAST(${name} AS ${column.sqlType}) AS ${name}`;
    });
    await connection.run(`CREATE TABLE leads AS SELECT ${columns.join(", ")} FROM ${source}`);
    if (plan.routing) await loadBusinessIntervals(connection, plan.routing, "leads");
    const selected = [orderColumn, plan.dictionary.idField, ...outcomeColumns(plan)];
    const query = pipelineQuery(plan, dialect, Date.parse(asOf), "leads", selected);
    const written = await connection.runAndReadAll(
      `COPY (SELECT * FROM (${query}) ORDER BY ${dialect.identifier(orderColumn)}) TO ${dialect.literal(out)} (HEADER)`,
    );
    return Number(written.getRows()[0][0]);
  } finally {
    database.close();
  }
}
