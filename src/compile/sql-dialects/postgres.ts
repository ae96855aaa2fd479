/**
 * Postgres (run for real in the tests, on PGlite): arrays (`text[]`), a range join for the sorted-relation
 * lookup, explicit column lists (no `* EXCLUDE`), and `matches` patterns translated to its own regular
 * expression syntax or refused (compile/portable-regex.ts). Strings are standard (standard_conforming_strings,
 * the default since 9.1): a backslash is itself.
 */
import { portablePattern } from "../portable-regex.js";
import {
  checkedName,
  isDistinctFrom,
  lengthLimited,
  listedColumns,
  literalWriter,
  nullStrictGreater,
  nullStrictLesser,
  quoted,
  rangeNextRowJoin,
  type SqlDialect,
} from "./dialect.js";

const literal = literalWriter("DOUBLE PRECISION", "standard");

/** Postgres cuts a longer name to its first 63 bytes (NAMEDATALEN - 1), so two names could become one. */
const longestName = lengthLimited("Postgres", 63, "bytes");
const storedName = (name: string) => longestName(checkedName(name));
const identifier = (name: string) => quoted(storedName(name), '"');

/** The UTC wall-clock time of epoch milliseconds: timezone(zone, t) is `t AT TIME ZONE zone`. */
const utc = (ms: string) => `timezone('UTC', to_timestamp(CAST(${ms} AS DOUBLE PRECISION) / 1000))`;

export const postgres: SqlDialect = {
  name: "postgres",
  types: {
    text: "TEXT",
    textList: "TEXT[]",
    double: "DOUBLE PRECISION",
    bigint: "BIGINT",
    integer: "INTEGER",
    boolean: "BOOLEAN",
  },
  storedName,
  identifier,
  tableName: (name) => name,
  literal,
  textList: (values) => `CAST(ARRAY[${values.map(literal).join(", ")}] AS TEXT[])`,
  // `= ANY` is NULL for a NULL array, as the interface says.
  listContains: (list, item) => `(${item} = ANY(${list}))`,
  listLength: (list) => `cardinality(${list})`,
  listConcat: (a, b) => `array_cat(${a}, ${b})`,
  listItem: (list, index) => `(${list})[CAST(${index} AS INTEGER)]`,
  // `%` takes no doubles in Postgres.
  remainder: (a, b) => `mod(CAST(${a} AS BIGINT), CAST(${b} AS BIGINT))`,
  regexMatches: (text, pattern) => `(${text} ~ ${literal(portablePattern(pattern, "postgres"))})`,
  leftChars: (text, count) => `left(${text}, ${count})`,
  // The leads hold canonical text only (the input contract), so plain casts; exact integer arithmetic.
  epochMs: (text) =>
    `CASE WHEN length(${text}) = 10 THEN CAST(CAST(${text} AS DATE) - DATE '1970-01-01' AS BIGINT) * 86400000 ELSE CAST(round(extract(epoch FROM CAST(${text} AS TIMESTAMP WITH TIME ZONE)) * 1000) AS BIGINT) END`,
  dayOfMs: (ms) => `to_char(${utc(`CAST(${ms} AS BIGINT)`)}, 'YYYY-MM-DD')`,
  isoOfMs: (ms) => `to_char(${utc(`trunc(CAST(${ms} AS DOUBLE PRECISION))`)}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  allColumns: listedColumns(identifier),
  distinct: isDistinctFrom,
  // OFFSET 0 keeps a subquery from being pulled up into the query reading it (Postgres's optimization fence).
  queryEnd: "\nOFFSET 0",
  lateralAliases: false,
  greater: nullStrictGreater,
  lesser: nullStrictLesser,
  nextRowJoin: rangeNextRowJoin(identifier),
};
