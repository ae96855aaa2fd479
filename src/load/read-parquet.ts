/**
 * Lead records from a Parquet file, read by embedded DuckDB, one record per row in file order (row 1 is
 * the first). Values become what the other readers hand the intake: numbers, text, booleans, lists of
 * them, and dates and times as RFC 3339 text (a TIMESTAMP without a zone is read as UTC, as Parquet writers
 * mean it; infinite ones as their text, which the intake then flags). Any other type (TIME, INTERVAL,
 * STRUCT, MAP, BLOB...) is handed on as DuckDB writes it as text. The intake then normalizes and checks
 * the values like any export's.
 *
 * Only the file's own columns are read: no hive partitions taken from folder names (`country=XX/`), and a
 * path DuckDB would read as a pattern over other files (`* ? [ ] { }` anywhere in it) is refused. A file
 * DuckDB cannot read (truncated, not Parquet, a value too large for memory) is a usage error naming it.
 */
import path from "node:path";
import { UsageError } from "../diagnostics/index.js";
import type { LeadInput } from "./lead-input.js";
import { openDuckDb } from "./duckdb-database.js";

/** `byValue`: convert value by value even where JSON would carry the values (the tests compare both ways). */
export async function* readParquetRecords(file: string, shown: string, byValue = false): AsyncGenerator<LeadInput> {
  const absolute = path.resolve(file);
  if (/[*?[\]{}]/.test(absolute))
    throw new UsageError(
      `${shown}: DuckDB would read a Parquet path holding * ? [ ] { or } (${JSON.stringify(absolute)}) as a pattern over other files`,
      "Rename the file, or move it to a folder whose path has none of those characters.",
    );
  const database = await openDuckDb({ memoryLimit: "256MB", threads: 1 });
  const quotedPath = `'${absolute.split("'").join("''")}'`;
  const source = `read_parquet(${quotedPath}, hive_partitioning = false)`;
  try {
    const described = await duckdbStep(shown, () => database.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`));
    const columns = described.getRowObjectsJS().map((c) => ({ name: String(c.column_name), type: String(c.column_type) }));
    refuseRepeatedNames(shown, await duckdbStep(shown, () => topLevelNames(database.connection, quotedPath)));
    const quoted = (name: string) => `"${name.split('"').join('""')}"`;
    // Every row must come back: the binding's streamed results have been seen to stop early without an error.
    const rows = Number(
      (await duckdbStep(shown, () => database.connection.runAndReadAll(`SELECT count(*) FROM ${source}`))).getRows()[0]![0],
    );
    const whole = () => {
      if (row !== rows) throw new Error(`${shown}: DuckDB returned ${row} of the file's ${rows} rows`);
    };
    let row = 0;
    // NaN and infinities, which JSON cannot hold, are looked for (one scan of the float columns) only when
    // every column's type could go as JSON.
    const floats = columns.filter((c) => c.type === "DOUBLE" || c.type === "FLOAT").map((c) => `NOT isfinite(${quoted(c.name)})`);
    const finite = async () =>
      floats.length === 0 ||
      (
        await duckdbStep(shown, () =>
          database.connection.runAndReadAll(`SELECT coalesce(bool_or(${floats.join(" OR ")}), FALSE) FROM ${source}`),
        )
      ).getRows()[0]![0] === false;
    if (!byValue && columns.length > 0 && columns.every((c) => jsonValue(quoted(c.name), c.type) !== undefined) && (await finite())) {
      // Each row one JSON text made by DuckDB and parsed by JSON.parse: several times cheaper than the
      // binding's value-by-value conversion, for the types JSON carries exactly.
      const object = columns.map((c) => `${literal(c.name)}, ${jsonValue(quoted(c.name), c.type)}`).join(", ");
      const result = await duckdbStep(shown, () =>
        database.connection.stream(`SELECT CAST(json_object(${object}) AS VARCHAR) FROM ${source}`),
      );
      for (;;) {
        const chunk = await duckdbStep(shown, () => result.fetchChunk());
        if (!chunk || chunk.rowCount === 0) break;
        for (const text of chunk.getColumnValues(0) as string[]) yield { record: { row: ++row, values: JSON.parse(text) } };
      }
      whole();
      return;
    }
    const select = columns.map((c) => `${selected(quoted(c.name), c.type)} AS ${quoted(c.name)}`);
    const result = await duckdbStep(shown, () => database.connection.stream(`SELECT ${select.join(", ") || "*"} FROM ${source}`));
    const names = columns.map((c) => c.name);
    const cellRows = result.yieldRowsJs()[Symbol.asyncIterator]();
    for (;;) {
      const next = await duckdbStep(shown, () => cellRows.next());
      if (next.done) break;
      for (const cells of next.value) {
        const values: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) values[names[i]!] = plain(cells[i]);
        yield { record: { row: ++row, values } };
      }
    }
    whole();
  } finally {
    database.close();
  }
}

/** Runs a DuckDB call; what DuckDB refuses (not Parquet, truncated, out of memory) becomes a usage error. */
async function duckdbStep<T>(shown: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const reason = String((error as Error).message ?? error).split("\n")[0];
    throw new UsageError(
      `${shown} cannot be read as Parquet: ${reason}`,
      "Check that the file is a whole Parquet file (not cut short, not another format named .parquet) and that no single value is hundreds of megabytes.",
    );
  }
}

const dayFormat = "'%Y-%m-%d'";
const timeFormat = "'%Y-%m-%dT%H:%M:%S.%gZ'";

/** The SQL reading one column as a value the intake reads (see the module comment). */
function selected(column: string, type: string): string {
  if (/^(VARCHAR|BOOLEAN|DOUBLE|FLOAT|REAL|(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)|DECIMAL\(\d+,\d+\))(\[\])?$/.test(type)) return column;
  if (type === "DATE") return `CASE WHEN isfinite(${column}) THEN strftime(${column}, ${dayFormat}) ELSE CAST(${column} AS VARCHAR) END`;
  // Without DuckDB's time-zone extension (never loaded), a TIMESTAMP WITH TIME ZONE is UTC.
  if (/^TIMESTAMP/.test(type) && !type.endsWith("[]"))
    return `CASE WHEN isfinite(${column}) THEN strftime(CAST(${column} AS TIMESTAMP), ${timeFormat}) ELSE CAST(${column} AS VARCHAR) END`;
  return `CAST(${column} AS VARCHAR)`;
}

const literal = (text: string) => `'${text.split("'").join("''")}'`;
const safeInteger = 9_007_199_254_740_991n;

/**
 * One column as JSON holding exactly what `selected` and `plain` give the intake, or undefined for a type
 * whose JSON would not (decimals, 64-bit integer lists, nested types): such a file is read value by value.
 */
function jsonValue(column: string, type: string): string | undefined {
  if (/^(VARCHAR|BOOLEAN|(U?(TINY|SMALL)INT)|INTEGER|UINTEGER)(\[\])?$/.test(type)) return `to_json(${column})`;
  // A float as the double it is, as the binding hands it (a file with NaN or infinities, which JSON
  // cannot hold, is read value by value: see `finite`).
  if (type === "DOUBLE" || type === "FLOAT") return `to_json(CAST(${column} AS DOUBLE))`;
  // A 64-bit integer is a number when exact, else its digits as text.
  if (/^(U?BIGINT|U?HUGEINT)$/.test(type))
    return `CASE WHEN ${column} BETWEEN -${safeInteger} AND ${safeInteger} THEN to_json(${column}) ELSE to_json(CAST(${column} AS VARCHAR)) END`;
  if (type === "DATE" || /^TIMESTAMP/.test(type)) return type.endsWith("[]") ? undefined : `to_json(${selected(column, type)})`;
  return undefined;
}

/** 64-bit integers arrive as bigint: a number when exact, else its digits (the intake then says why). */
function plain(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/**
 * The file's top-level column names as written: DuckDB renames a repeated one (`leadId_1`), which would
 * otherwise be read as a column of its own. Nested fields follow their column in the schema, counted by
 * `num_children`.
 */
async function topLevelNames(connection: Awaited<ReturnType<typeof openDuckDb>>["connection"], quotedPath: string): Promise<string[]> {
  const schema = (await connection.runAndReadAll(`SELECT name, num_children FROM parquet_schema(${quotedPath})`)).getRowObjectsJS();
  const names: string[] = [];
  let at = 1;
  const skip = (): void => {
    const children = Number(schema[at]?.num_children ?? 0);
    at++;
    for (let i = 0; i < children; i++) skip();
  };
  for (let i = 0; i < Number(schema[0]?.num_children ?? 0); i++) {
    names.push(String(schema[at]?.name ?? ""));
    skip();
  }
  return names;
}

function refuseRepeatedNames(shown: string, names: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const first = seen.get(name.toLowerCase());
    if (first !== undefined)
      throw new UsageError(
        `${shown}: the column ${JSON.stringify(name)} appears more than once${first === name ? "" : ` (as ${JSON.stringify(first)} too: names are read without case)`}, so which value holds cannot be known`,
        "Write each column once in the export.",
      );
    seen.set(name.toLowerCase(), name);
  }
}
