/**
 * What a SQL dialect must say (the `SqlDialect` interface) and the spellings several dialects share.
 * compile/sql-dialect.ts holds the table of dialects; each is a module of this folder.
 */
import { UsageError } from "../../diagnostics/index.js";

export const sqlDialectNames = ["duckdb", "postgres", "snowflake", "bigquery", "spark"] as const;
export type SqlDialectName = (typeof sqlDialectNames)[number];

/** The types the generated SQL declares and casts to, each spelled by the dialect. */
export type SqlType = "text" | "textList" | "double" | "bigint" | "integer" | "boolean";

export interface SqlDialect {
  name: SqlDialectName;
  /** Each type's name in this dialect. */
  types: Readonly<Record<SqlType, string>>;
  /**
   * A column, view or table name as the engine holds it (what a reader of the relation sees): the name
   * itself where the engine can hold any text; a UsageError for a name it cannot hold, or could confuse
   * with another.
   */
  storedName(name: string): string;
  /** A column, view or table name, quoted: any text, even one holding quotes (`storedName`, quoted). */
  identifier(name: string): string;
  /**
   * A relation name leadrules makes (`[a-z_]`: `leads`) where the user writes it too: unquoted where the
   * engine reads it unquoted as it reads `identifier(name)`.
   */
  tableName(name: string): string;
  /** A string, finite number or boolean as a SQL literal; anything else (null too) is refused (throws). */
  literal(value: unknown): string;
  /** A list of text as a SQL list literal (for multipicklist columns and lists of ids). */
  textList(values: readonly string[]): string;
  /** `list` (a list column) holds `item`; NULL when the list is. */
  listContains(list: string, item: string): string;
  /** The number of items of a list column; NULL when the list is. */
  listLength(list: string): string;
  /** Two lists one after the other. */
  listConcat(a: string, b: string): string;
  /** The item at 1-based position `index` (a whole number, maybe typed as a double) of a list. */
  listItem(list: string, index: string): string;
  /** The remainder of two whole numbers (either maybe typed as a double), as a whole number. */
  remainder(a: string, b: string): string;
  /**
   * `text` matches `pattern` (RE2 syntax, as policies write it) anywhere, as RegExp.test does; NULL when
   * text is. A dialect whose regular expressions are not RE2 translates the pattern to its syntax or
   * refuses it with a UsageError (compile/portable-regex.ts); never SQL that means something else.
   */
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
  /**
   * Every column of `relation` (of the query's one relation when undefined) but `except`, in the
   * relation's order. `columns` are the relation's columns in order, for a dialect that must list them.
   */
  allColumns(relation: string | undefined, columns: readonly string[], except: readonly string[]): string;
  /** `a` and `b` differ, NULL counting as a value (`IS DISTINCT FROM`): never NULL. */
  distinct(a: string, b: string): string;
  /**
   * The engine reads a column defined earlier in the same SELECT list by its alias (a lateral alias). Where
   * it does not, a step whose columns read each other is split into queries (step-sql.ts).
   */
  lateralAliases: boolean;
  /**
   * Text ending every query of the chain (step-sql.ts), keeping the planner from merging it into the
   * next: merged, every reference to a column copies its expression, exponentially along the chain.
   */
  queryEnd: string;
  /** The greatest of two numbers; NULL if either is NULL (unlike `greatest` in most engines, which skips NULLs). */
  greater(a: string, b: string): string;
  /** The least of two numbers; NULL if either is NULL. */
  lesser(a: string, b: string): string;
  /**
   * The join clause (after `FROM <rows>`) that gives each row the one row of `relation` (named `alias`)
   * whose `key` column equals `equals` and whose `column` is the least one above `value` (`strict`) or at
   * or above it: a sorted-relation lookup (business intervals by time). A row with no such row of
   * `relation` (none ordered after it, or `value` or `equals` NULL) keeps NULLs for the relation's columns
   * and is never dropped or repeated.
   */
  nextRowJoin(join: NextRowJoin): string;
}

export interface NextRowJoin {
  relation: string;
  alias: string;
  key: string;
  equals: string;
  column: string;
  value: string;
  strict: boolean;
}

export function quoted(text: string, quote: string): string {
  return `${quote}${text.split(quote).join(quote + quote)}${quote}`;
}

/**
 * How a dialect writes a string literal: `standard` doubles quotes and nothing else (DuckDB, Postgres
 * with standard_conforming_strings, the default since 9.1); `backslash` is for engines that read
 * backslash escapes in strings (Snowflake, BigQuery, Spark), where every backslash, quote and control
 * character is escaped so the text reads back as written.
 */
export type StringStyle = "standard" | "backslash";

function backslashString(value: string): string {
  const escaped = value.replace(/[\\'\u0000-\u001f\u007f]/g, (c) =>
    c === "\\" || c === "'" ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `'${escaped}'`;
}

/** The `literal` of a dialect whose doubles are `double` and strings `style`. */
export function literalWriter(double: string, style: StringStyle): (value: unknown) => string {
  return (value) => {
    // Validation lets neither through (condition values are typed); a set given to the compiler unvalidated
    // gets a usage error rather than SQL that would mean something else.
    if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
    if (typeof value === "number") {
      if (!Number.isFinite(value))
        throw new UsageError(`a policy value is the number ${value}, which SQL cannot hold`, "Write a finite number.");
      // A double, so integers and fractions compare as the JavaScript numbers they are.
      return `CAST(${JSON.stringify(value)} AS ${double})`;
    }
    if (typeof value === "string") {
      // NUL cannot be held by a SQL string; a policy value with one cannot be matched by a lead value.
      if (value.includes("\u0000"))
        throw new UsageError(
          `the policy value ${JSON.stringify(value)} holds a NUL character, which SQL text cannot hold`,
          "Remove the NUL (\\u0000) from the value: no lead value can hold one either.",
        );
      return style === "standard" ? quoted(value, "'") : backslashString(value);
    }
    throw new UsageError(
      `a policy value ${JSON.stringify(value) ?? String(value)} has no SQL literal`,
      "Write text, a number or true/false.",
    );
  };
}

export const isDistinctFrom = (a: string, b: string) => `${a} IS DISTINCT FROM ${b}`;
/** `distinct` without IS DISTINCT FROM (which Spark and BigQuery took late), in SQL every engine reads. */
export const standardDistinct = (a: string, b: string) => `NOT (coalesce(${a} = ${b}, FALSE) OR (${a} IS NULL AND ${b} IS NULL))`;

/** `greater` and `lesser` as CASE, standard SQL: NULL when either side is (GREATEST skips NULLs in most engines). */
export const nullStrictGreater = (a: string, b: string) =>
  `CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN NULL WHEN ${a} >= ${b} THEN ${a} ELSE ${b} END`;
export const nullStrictLesser = (a: string, b: string) =>
  `CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN NULL WHEN ${a} <= ${b} THEN ${a} ELSE ${b} END`;

/**
 * `nextRowJoin` in standard SQL, for engines without an ASOF join that takes expressions: a LEFT JOIN on
 * the key and a range, each row of the relation paired with the value before it in its key's order (LAG),
 * so exactly the first row at or above the value qualifies: the row above it whose predecessor is not.
 * Ties in `column` still give one row (the second of a tie has the first as its predecessor). A row
 * without a match keeps NULLs (LEFT JOIN); a NULL value or key matches nothing. It compares each row
 * with every row of its key: fine for the business intervals (a few thousand a calendar), not linear.
 */
export function rangeNextRowJoin(identifier: (name: string) => string) {
  return ({ relation, alias, key, equals, column, value, strict }: NextRowJoin): string => {
    const r = (name: string) => `${identifier(alias)}.${identifier(name)}`;
    const previous = identifier(`__previous_${column}`);
    const inner = `SELECT ${identifier("r")}.*, lag(${identifier("r")}.${identifier(column)}) OVER (PARTITION BY ${identifier("r")}.${identifier(key)} ORDER BY ${identifier("r")}.${identifier(column)}) AS ${previous} FROM ${relation} AS ${identifier("r")}`;
    const above = strict ? ">" : ">=";
    const before = strict ? "<=" : "<";
    return `LEFT JOIN (${inner}) AS ${identifier(alias)} ON ${r(key)} = (CASE WHEN ${value} IS NULL THEN NULL ELSE ${equals} END) AND ${r(column)} ${above} ${value} AND (${identifier(alias)}.${previous} IS NULL OR ${identifier(alias)}.${previous} ${before} ${value})`;
  };
}

/** `allColumns` as an explicit list, for engines without `* EXCLUDE` (names compare without case, as SQL's do). */
export function listedColumns(identifier: (name: string) => string) {
  return (relation: string | undefined, columns: readonly string[], except: readonly string[]): string => {
    const dropped = new Set(except.map((c) => c.toLowerCase()));
    const kept = columns.filter((c) => !dropped.has(c.toLowerCase()));
    return kept.map((c) => `${relation ? `${relation}.` : ""}${identifier(c)}`).join(", ");
  };
}

/** Refuses a name holding NUL, which no engine's names can hold. */
/**
 * A name checked against an engine's longest: an engine that would refuse it only when the SQL runs, or cut
 * it (Postgres, so two names could become one), gets a usage error at compile time instead.
 */
export function lengthLimited(engine: string, longest: number, measure: "bytes" | "characters") {
  return (name: string): string => {
    const length = measure === "bytes" ? Buffer.byteLength(name) : [...name].length;
    if (length > longest)
      throw new UsageError(
        `the name ${JSON.stringify(name)} is ${length} ${measure} long, and ${engine} takes names of at most ${longest} ${measure}`,
        `Shorten the policy id or field name it comes from to compile for --dialect ${engine.toLowerCase()}.`,
      );
    return name;
  };
}

export function checkedName(name: string): string {
  if (name.includes("\u0000"))
    throw new UsageError(
      `the name ${JSON.stringify(name)} holds a NUL character, which SQL names cannot hold`,
      "Remove the NUL (\\u0000).",
    );
  return name;
}
