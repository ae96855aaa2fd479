/**
 * DuckDB: it embeds in Node (the `--engine duckdb` runtime, src/duckdb/), and its regular expressions are
 * RE2, the syntax of `matches` (compile/patterns.ts), so a pattern means the same there and is passed on
 * as written.
 */
import { isDistinctFrom, literalWriter, nullStrictGreater, nullStrictLesser, quoted, type SqlDialect } from "./dialect.js";

const literal = literalWriter("DOUBLE", "standard");
const identifier = (name: string) => quoted(name, '"');

export const duckdb: SqlDialect = {
  name: "duckdb",
  types: { text: "VARCHAR", textList: "VARCHAR[]", double: "DOUBLE", bigint: "BIGINT", integer: "INTEGER", boolean: "BOOLEAN" },
  storedName: (name) => name,
  identifier,
  tableName: (name) => name,
  literal,
  textList: (values) => `CAST([${values.map(literal).join(", ")}] AS VARCHAR[])`,
  listContains: (list, item) => `list_contains(${list}, ${item})`,
  listLength: (list) => `len(${list})`,
  listConcat: (a, b) => `list_concat(${a}, ${b})`,
  listItem: (list, index) => `list_extract(${list}, CAST(${index} AS BIGINT))`,
  remainder: (a, b) => `${a} % ${b}`,
  regexMatches: (text, pattern) => `regexp_matches(${text}, ${literal(pattern)})`,
  leftChars: (text, count) => `left(${text}, ${count})`,
  epochMs: (text) =>
    `CASE WHEN length(${text}) = 10 THEN epoch_ms(TRY_CAST(${text} AS DATE)) ELSE epoch_ms(try_strptime(${text}, '%Y-%m-%dT%H:%M:%S.%gZ')) END`,
  dayOfMs: (ms) => `strftime(epoch_ms(CAST(${ms} AS BIGINT)), '%Y-%m-%d')`,
  isoOfMs: (ms) => `strftime(epoch_ms(CAST(trunc(${ms}) AS BIGINT)), '%Y-%m-%dT%H:%M:%S.%gZ')`,
  allColumns: (relation, _columns, except) =>
    `${relation ? `${relation}.` : ""}*${except.length > 0 ? ` EXCLUDE (${except.map(identifier).join(", ")})` : ""}`,
  distinct: isDistinctFrom,
  queryEnd: "",
  lateralAliases: true,
  greater: nullStrictGreater,
  lesser: nullStrictLesser,
  // An ASOF LEFT JOIN: linear in both sides. Its equality keys are guarded against NULL here rather than
  // trusted to skip them.
  nextRowJoin: ({ relation, alias, key, equals, column, value, strict }) => {
    const r = (name: string) => `${identifier(alias)}.${identifier(name)}`;
    return `ASOF LEFT JOIN ${relation} AS ${identifier(alias)} ON ${r(key)} = (CASE WHEN ${value} IS NULL THEN NULL ELSE ${equals} END) AND ${r(column)} ${strict ? ">" : ">="} ${value}`;
  },
};
