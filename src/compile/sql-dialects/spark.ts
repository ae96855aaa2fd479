/**
 * Spark SQL (parsed in the tests, as Hive, the closest syntax the parser has; not run: no engine
 * installable): array<string> for lists, the standard range join for the sorted-relation lookup,
 * explicit column lists (no `* EXCEPT` in open-source Spark), backquoted names, strings with backslash
 * escapes, and `matches` patterns translated to Java's syntax or refused. Dates and times are worked out
 * from the text's digits and day numbers, never through a timestamp, whose reading and formatting follow
 * the session's time zone.
 */
import { portablePattern } from "../portable-regex.js";
import {
  checkedName,
  listedColumns,
  literalWriter,
  nullStrictGreater,
  nullStrictLesser,
  quoted,
  rangeNextRowJoin,
  type SqlDialect,
  standardDistinct,
} from "./dialect.js";

const literal = literalWriter("DOUBLE", "backslash");
const identifier = (name: string) => quoted(checkedName(name), "`");
const nullSafe = (list: string, sql: string) => `CASE WHEN ${list} IS NULL THEN NULL ELSE ${sql} END`;

const dayMs = 86_400_000;
/** A whole number of the text's characters `from` (1-based), `length` long. */
const digits = (text: string, from: number, length: number) => `CAST(substring(${text}, ${from}, ${length}) AS BIGINT)`;
/** Two digits of a time part of the milliseconds into the day `r`. */
const part = (r: string, unit: number, modulo: number, width = 2) =>
  `lpad(CAST(pmod(floor(${r} / ${unit}), ${modulo}) AS STRING), ${width}, '0')`;

function isoOf(ms: string): string {
  const day = `CAST(date_from_unix_date(CAST(floor(${ms} / ${dayMs}) AS INT)) AS STRING)`;
  const r = `pmod(${ms}, ${dayMs})`;
  return `concat(${day}, 'T', ${part(r, 3_600_000, 24)}, ':', ${part(r, 60_000, 60)}, ':', ${part(r, 1000, 60)}, '.', ${part(r, 1, 1000, 3)}, 'Z')`;
}

export const spark: SqlDialect = {
  name: "spark",
  types: { text: "STRING", textList: "ARRAY<STRING>", double: "DOUBLE", bigint: "BIGINT", integer: "INT", boolean: "BOOLEAN" },
  storedName: checkedName,
  identifier,
  tableName: (name) => name,
  literal,
  // array() of strings is an array<string>; only the empty one needs its type.
  textList: (values) => (values.length === 0 ? "CAST(array() AS ARRAY<STRING>)" : `array(${values.map(literal).join(", ")})`),
  listContains: (list, item) => nullSafe(list, `array_contains(${list}, ${item})`),
  // size() is -1 for NULL unless ANSI mode: NULL explicitly.
  listLength: (list) => nullSafe(list, `size(${list})`),
  listConcat: (a, b) => `concat(${a}, ${b})`,
  listItem: (list, index) => `element_at(${list}, CAST(${index} AS INT))`,
  remainder: (a, b) => `pmod(CAST(${a} AS BIGINT), CAST(${b} AS BIGINT))`,
  // RLIKE searches (Matcher.find), as RegExp.test does.
  regexMatches: (text, pattern) => `(${text} RLIKE ${literal(portablePattern(pattern, "java"))})`,
  leftChars: (text, count) => `left(${text}, ${count})`,
  epochMs: (text) => {
    const day = `CAST(unix_date(to_date(substring(${text}, 1, 10))) AS BIGINT) * ${dayMs}`;
    const time = `${digits(text, 12, 2)} * 3600000 + ${digits(text, 15, 2)} * 60000 + ${digits(text, 18, 2)} * 1000 + ${digits(text, 21, 3)}`;
    return `CASE WHEN length(${text}) = 10 THEN ${day} ELSE ${day} + ${time} END`;
  },
  dayOfMs: (ms) => `CAST(date_from_unix_date(CAST(floor(CAST(${ms} AS BIGINT) / ${dayMs}) AS INT)) AS STRING)`,
  // CAST to BIGINT cuts toward zero (Spark's trunc is a date function).
  isoOfMs: (ms) => isoOf(`CAST(${ms} AS BIGINT)`),
  allColumns: listedColumns(identifier),
  distinct: standardDistinct,
  queryEnd: "",
  lateralAliases: false,
  greater: nullStrictGreater,
  lesser: nullStrictLesser,
  nextRowJoin: rangeNextRowJoin(identifier),
};
