/**
 * The generated SQL as node-sql-parser can read it: the parser lacks a few constructs each engine has,
 * and each is rewritten here to one it reads, named with what it stands for. Everything else is parsed
 * as generated; a rewritten part's own expressions are handed back to be parsed on their own.
 */
import type { SqlDialectName } from "../../src/compile/sql-dialect.js";

export interface ParserForm {
  sql: string;
  /** Expressions cut out of `sql` by a rewrite, each to be parsed alone (`SELECT <expression>`). */
  expressions: string[];
}

/** The end of the bracketed or parenthesized text opening at `from` (`[` or `(`), nesting counted, strings skipped. */
function closing(sql: string, from: number): number {
  let depth = 0;
  for (let i = from; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'") {
      i++;
      while (i < sql.length && !(sql[i] === "'" && sql[i + 1] !== "'")) i += sql[i] === "'" ? 2 : 1;
    } else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error(`unbalanced at ${from}`);
}

/** Each array subscript `[<expression>]` after `)` or `]` whose expression is not a number: `[1]`, the expression kept apart. */
function numberSubscripts(sql: string, expressions: string[], inner: (index: string) => string = (index) => index): string {
  let out = "";
  let at = 0;
  const next = () => [sql.indexOf(")[", at), sql.indexOf("][", at)].filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? -1;
  for (let i = next(); i >= 0; i = next()) {
    const open = i + 1;
    const close = closing(sql, open);
    const index = sql.slice(open + 1, close);
    out += sql.slice(at, open);
    if (/^\d+$/.test(index)) out += `[${index}]`;
    else {
      expressions.push(inner(index));
      out += "[1]";
    }
    at = close + 1;
  }
  return out + sql.slice(at);
}

/** Each `(ARRAY<STRING>[...])[SAFE_ORDINAL(<index>)]` as `array_item(ARRAY<STRING>[...], <index>)`. */
function callSubscripts(sql: string): string {
  const literal = /\((ARRAY<STRING>\[[^\]]*\])\)\[SAFE_ORDINAL\(/g;
  let out = "";
  let at = 0;
  for (let found = literal.exec(sql); found; found = literal.exec(sql)) {
    const open = found.index + found[0].length - "[SAFE_ORDINAL(".length;
    const close = closing(sql, open);
    out += `${sql.slice(at, found.index)}array_item(${found[1]}, ${sql.slice(open + "[SAFE_ORDINAL(".length, close - 1)})`;
    at = close + 1;
    literal.lastIndex = at;
  }
  return out + sql.slice(at);
}

/** dbt models' WITH queries of the relations beside the leads, named without quotes. */
const unquotedWithNames = (sql: string) => sql.replace(/(WITH |,\n)`(__business_intervals)` AS \(/g, "$1$2 AS (");

export function parserForm(sql: string, dialect: Exclude<SqlDialectName, "duckdb">): ParserForm {
  const expressions: string[] = [];
  switch (dialect) {
    case "postgres":
      // The postgresql mode takes only a number as an array subscript (`(list)[CAST(i AS INTEGER)]`).
      return { sql: numberSubscripts(sql, expressions), expressions };
    case "snowflake":
      // The snowflake mode has no ARRAY type (a column of leads.sql, `CAST(NULL AS ARRAY)`).
      return {
        sql: sql.replace(/ AS ARRAY\)/g, " AS VARCHAR)").replace(/^(\s+"[^"]+") ARRAY,?$/gm, (line) => line.replace(" ARRAY", " VARCHAR")),
        expressions,
      };
    case "bigquery":
      // The bigquery mode takes no backquoted name for a WITH query (dbt models' `__business_intervals`),
      // and no array subscript inside CASE: `(list)[SAFE_ORDINAL(i)]` is parsed as a call array_item(list, i).
      return { sql: callSubscripts(unquotedWithNames(sql)), expressions };
    case "spark":
      // The hive mode (the parser has no Spark mode) has no CREATE VIEW, no backquoted name for a WITH
      // query, and no ARRAY<...> type in CAST or a column, nor BOOLEAN for a column: a view's query is
      // parsed alone, those casts as casts to STRING and those columns as STRING and TINYINT.
      return {
        sql: unquotedWithNames(sql)
          .replace(/^CREATE OR REPLACE VIEW `[^`]+` AS\n/, "")
          .replace(/^(\s+`[^`]+`) BOOLEAN(,?)$/gm, "$1 TINYINT$2")
          .replace(/ AS ARRAY<STRING>\)/g, " AS STRING)")
          .replace(/^(\s+`[^`]+`) ARRAY<STRING>(,?)$/gm, "$1 STRING$2"),
        expressions,
      };
  }
}
