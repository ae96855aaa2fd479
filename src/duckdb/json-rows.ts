/**
 * The rows of a query in the order of its column `order` (whole numbers from 1, each at most once), as plain
 * objects keyed by column name, a page at a time, each row made one JSON text by DuckDB (`to_json`) and
 * parsed by JSON.parse: converting value by value across the native boundary (the binding's row objects)
 * cost about 4.5 times as much CPU at 200,000 rows of 25 columns. Numbers come back as JSON numbers
 * (DuckDB writes doubles in their shortest exact form), lists as arrays.
 *
 * The rows are kept in a table, sorted by `order` (within the memory limit, spilling beyond it), and read by
 * ranges of `order`, never through a streamed result: the binding's stream, with 2 threads at 1,000,000
 * leads, went on returning empty chunks a quarter of the way through, as at its end, and the output was
 * cut short without an error. `expected` rows must come back, or it is an internal error.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SqlDialect } from "../compile/sql-dialect.js";

/**
 * Rows read by one query, and rows parsed at a time. A page's text stays alive while its rows are handed on,
 * and rows parsed together outlive V8's young generation: 50,000 parsed rows at once needed more than 128 MB
 * of heap at 200,000 leads (the compiled engine runs in less) and grew the process to 2.2 GB at 1,000,000.
 */
const pageRows = 10_000;
const parsedRows = 500;
const table = "__leadrules_rows";

export async function* jsonRows(
  connection: DuckDBConnection,
  query: string,
  order: string,
  expected: number,
  dialect: SqlDialect,
): AsyncGenerator<Record<string, unknown>[]> {
  const o = dialect.identifier(order);
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM (${query}) ORDER BY ${o}`);
  let read = 0;
  try {
    const last = Number((await connection.runAndReadAll(`SELECT coalesce(max(${o}), 0) FROM ${table}`)).getRows()[0]![0]);
    for (let from = 0; from < last; from += pageRows) {
      const page = await connection.runAndReadAll(
        `SELECT CAST(to_json(row) AS VARCHAR) FROM ${table} AS row WHERE row.${o} > ${from} AND row.${o} <= ${from + pageRows} ORDER BY row.${o}`,
      );
      const texts = (page.getColumns()[0] ?? []) as string[];
      read += texts.length;
      for (let at = 0; at < texts.length; at += parsedRows)
        yield texts.slice(at, at + parsedRows).map((text) => JSON.parse(text) as Record<string, unknown>);
    }
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${table}`);
  }
  if (read !== expected) throw new Error(`DuckDB returned ${read} rows of ${expected}`);
}
