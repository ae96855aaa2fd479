/**
 * Lead records from a Parquet file, read by embedded DuckDB, one record per row in file order (row 1 is
 * the first). Values become what the other readers hand the intake: numbers, text, booleans, lists, and
 * dates and times as RFC 3339 text (a TIMESTAMP without a zone is read as UTC, as Parquet writers mean
 * it); the intake then normalizes and checks them like any export's.
 */
import path from "node:path";
import { DuckDBTypeId, type DuckDBType } from "@duckdb/node-api";
import { UsageError } from "../diagnostics/index.js";
import type { LeadInput } from "./lead-input.js";
import { openDuckDb } from "./duckdb-database.js";

/** Rows handed on between two reads of DuckDB's result. */
export async function* readParquetRecords(file: string, shown: string): AsyncGenerator<LeadInput> {
  // DuckDB reads * ? [ { in a path as a pattern over other files; such a name is refused, not expanded.
  if (/[*?[\]{}]/.test(file))
    throw new UsageError(
      `${shown}: a Parquet file name holding * ? [ ] { or } would be read as a pattern over other files`,
      "Rename the file without those characters.",
    );
  const database = await openDuckDb({ memoryLimit: "256MB", threads: 1 });
  try {
    const absolute = path.resolve(file).split("'").join("''");
    const result = await database.connection.stream(`SELECT * FROM read_parquet('${absolute}')`);
    const convert = result.columnTypes().map(converterOf);
    const names = result.columnNames();
    let row = 0;
    for await (const rows of result.yieldRowsJs()) {
      for (const cells of rows) {
        const values: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) values[names[i]!] = convert[i]!(cells[i]);
        yield { record: { row: ++row, values } };
      }
    }
  } finally {
    database.close();
  }
}

type Convert = (value: unknown) => unknown;

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);
const day = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : value);
/** 64-bit integers arrive as bigint: a number when exact, else its digits (the intake then says why). */
const integer = (value: unknown) =>
  typeof value === "bigint" ? (Number.isSafeInteger(Number(value)) ? Number(value) : String(value)) : value;

function converterOf(type: DuckDBType): Convert {
  const plain: Convert = (value) => (value === undefined ? null : value);
  switch (type.typeId) {
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_NS:
      return iso;
    case DuckDBTypeId.DATE:
      return day;
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return integer;
    case DuckDBTypeId.LIST: {
      const item = converterOf((type as unknown as { valueType: DuckDBType }).valueType);
      return (value) => (Array.isArray(value) ? value.map(item) : value);
    }
    default:
      return plain;
  }
}
