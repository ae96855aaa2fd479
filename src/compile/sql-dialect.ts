/**
 * What differs between SQL engines, in one table: how a name and a value are written, and the few
 * functions the generated SQL needs whose spelling or NULL handling is not standard. Everything else the
 * SQL compiler writes (`sql/`) is the standard core every dialect shares. Policy text reaches SQL only
 * through `identifier` and `literal` (the SQL counterpart of codegen.ts's safety rule), so a policy id or
 * value can never end a string or a comment.
 *
 * DuckDB is the first dialect: it embeds in Node, and its regular expressions are RE2, the syntax of
 * `matches` (compile/patterns.ts), so a pattern means the same there. A dialect whose regular
 * expressions are not RE2 (Postgres and Snowflake: POSIX; Spark: Java) must say how it refuses or
 * translates a pattern before it is added here.
 */
import { UsageError } from "../diagnostics/index.js";

export const sqlDialectNames = ["duckdb"] as const;
export type SqlDialectName = (typeof sqlDialectNames)[number];

export interface SqlDialect {
  name: SqlDialectName;
  /** A column, view or table name, quoted: any text, even one holding quotes. */
  identifier(name: string): string;
  /** A string, finite number or boolean as a SQL literal; anything else (null too) is refused (throws). */
  literal(value: unknown): string;
  /** A list of text as a SQL list literal (for multipicklist columns and lists of ids). */
  textList(values: readonly string[]): string;
  /** `list` (a list column) holds `item`; NULL when the list is. */
  listContains(list: string, item: string): string;
  /** The number of items of a list column; NULL when the list is. */
  listLength(list: string): string;
  /** The list with `item` added at its end. */
  listAppend(list: string, item: string): string;
  /** Two lists one after the other. */
  listConcat(a: string, b: string): string;
  /** The items of a list from position `from` (1-based) to its end. */
  listFrom(list: string, from: string): string;
  /** The item at 1-based position `index` (a number) of a list. */
  listItem(list: string, index: string): string;
  /** The 1-based position of `item` in the list; NULL when it is not there. */
  listPosition(list: string, item: string): string;
  /** `text` matches the RE2 pattern `pattern` (a literal) anywhere, as RegExp.test does; NULL when text is. */
  regexMatches(text: string, pattern: string): string;
  /** The first `count` characters of `text`. */
  leftChars(text: string, count: number): string;
  /**
   * Milliseconds since the epoch of a canonical date (`2026-06-01`, midnight UTC) or datetime
   * (`2026-06-01T12:00:00.000Z`) held as text, as parseInstant reads them; NULL for NULL.
   */
  epochMs(text: string): string;
  /** The UTC day of epoch milliseconds as `YYYY-MM-DD` (dayOf in model/instants.ts); NULL for NULL. */
  dayOfMs(ms: string): string;
  /**
   * Epoch milliseconds (a number) as toISOString writes them (`2026-06-01T12:00:00.000Z`); NULL for NULL. A
   * fraction of a millisecond is cut off toward zero, as Date does (an SLA of fractional hours can leave one).
   */
  isoOfMs(ms: string): string;
  /** Every column of `relation` (of the query's one relation when undefined) but `except`. */
  allColumns(relation: string | undefined, except: readonly string[]): string;
  /** The greatest of two numbers; NULL if either is NULL (unlike `greatest` in DuckDB, which skips NULLs). */
  greater(a: string, b: string): string;
  /** The least of two numbers; NULL if either is NULL. */
  lesser(a: string, b: string): string;
  /**
   * The join clause (after `FROM <rows>`) that gives each row the one row of `relation` (named `alias`)
   * whose `key` column equals `equals` and whose `column` is the least one above `value` (`strict`) or at
   * or above it: a sorted-relation lookup (business intervals by time), linear in both sides. A row with
   * no such row of `relation` (none ordered after it, or `value` or `equals` NULL) keeps NULLs for the
   * relation's columns and is never dropped or repeated. DuckDB: an ASOF LEFT JOIN; its equality keys
   * are guarded against NULL here rather than trusted to skip them.
   */
  nextRowJoin(join: {
    relation: string;
    alias: string;
    key: string;
    equals: string;
    column: string;
    value: string;
    strict: boolean;
  }): string;
}

function quoted(text: string, quote: string): string {
  return `${quote}${text.split(quote).join(quote + quote)}${quote}`;
}

function literal(value: unknown): string {
  // Validation lets neither through (condition values are typed); a set given to the compiler unvalidated
  // gets a usage error rather than SQL that would mean something else.
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new UsageError(`a policy value is the number ${value}, which SQL cannot hold`, "Write a finite number.");
    // A double, so integers and fractions compare as the JavaScript numbers they are.
    return `CAST(${JSON.stringify(value)} AS DOUBLE)`;
  }
  if (typeof value === "string") {
    // NUL cannot be held by a SQL string; a policy value with one cannot be matched by a lead value.
    if (value.includes("\u0000"))
      throw new UsageError(
        `the policy value ${JSON.stringify(value)} holds a NUL character, which SQL text cannot hold`,
        "Remove the NUL (\\u0000) from the value: no lead value can hold one either.",
      );
    return quoted(value, "'");
  }
  throw new UsageError(
    `a policy value ${JSON.stringify(value) ?? String(value)} has no SQL literal`,
    "Write text, a number or true/false.",
  );
}

const duckdb: SqlDialect = {
  name: "duckdb",
  identifier: (name) => quoted(name, '"'),
  literal,
  textList: (values) => `CAST([${values.map(literal).join(", ")}] AS VARCHAR[])`,
  listContains: (list, item) => `list_contains(${list}, ${item})`,
  listLength: (list) => `len(${list})`,
  listAppend: (list, item) => `list_append(${list}, ${item})`,
  listConcat: (a, b) => `list_concat(${a}, ${b})`,
  listFrom: (list, from) => `list_slice(${list}, ${from}, len(${list}))`,
  listItem: (list, index) => `list_extract(${list}, CAST(${index} AS BIGINT))`,
  listPosition: (list, item) => `list_position(${list}, ${item})`,
  regexMatches: (text, pattern) => `regexp_matches(${text}, ${pattern})`,
  leftChars: (text, count) => `left(${text}, ${count})`,
  epochMs: (text) =>
    `CASE WHEN length(${text}) = 10 THEN epoch_ms(TRY_CAST(${text} AS DATE)) ELSE epoch_ms(try_strptime(${text}, '%Y-%m-%dT%H:%M:%S.%gZ')) END`,
  dayOfMs: (ms) => `strftime(epoch_ms(CAST(${ms} AS BIGINT)), '%Y-%m-%d')`,
  isoOfMs: (ms) => `strftime(epoch_ms(CAST(trunc(${ms}) AS BIGINT)), '%Y-%m-%dT%H:%M:%S.%gZ')`,
  allColumns: (relation, except) =>
    `${relation ? `${relation}.` : ""}*${except.length > 0 ? ` EXCLUDE (${except.map((name) => quoted(name, '"')).join(", ")})` : ""}`,
  greater: (a, b) => `CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN NULL WHEN ${a} >= ${b} THEN ${a} ELSE ${b} END`,
  lesser: (a, b) => `CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN NULL WHEN ${a} <= ${b} THEN ${a} ELSE ${b} END`,
  nextRowJoin: ({ relation, alias, key, equals, column, value, strict }) => {
    const r = (name: string) => `${quoted(alias, '"')}.${quoted(name, '"')}`;
    return `ASOF LEFT JOIN ${relation} AS ${quoted(alias, '"')} ON ${r(key)} = (CASE WHEN ${value} IS NULL THEN NULL ELSE ${equals} END) AND ${r(column)} ${strict ? ">" : ">="} ${value}`;
  },
};

export const sqlDialects: Readonly<Record<SqlDialectName, SqlDialect>> = { duckdb };
