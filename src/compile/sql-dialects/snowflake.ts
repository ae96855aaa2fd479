/**
 * Snowflake (parsed in the tests, not run: no engine installable): ARRAY (of VARIANT) for lists, the
 * standard range join for the sorted-relation lookup (its ASOF JOIN's MATCH_CONDITION compares columns, and
 * the SLA lookups compare an expression), `* EXCLUDE`, and `matches` patterns translated to POSIX extended
 * syntax with Perl's `\d \w \s \b` (its documented syntax) or refused. Quoted names keep their case, so the
 * leads table is written quoted too (`"leads"`), as the views read it.
 */
import { portablePattern } from "../portable-regex.js";
import {
  checkedName,
  lengthLimited,
  isDistinctFrom,
  literalWriter,
  nullStrictGreater,
  nullStrictLesser,
  quoted,
  rangeNextRowJoin,
  type SqlDialect,
} from "./dialect.js";

const literal = literalWriter("DOUBLE", "backslash");
/** Snowflake's identifiers hold at most 255 characters. */
const storedName = (name: string) => lengthLimited("Snowflake", 255, "characters")(checkedName(name));
const identifier = (name: string) => quoted(storedName(name), '"');
/** A list's NULL kept NULL explicitly, whatever the array function does with one. */
const nullSafe = (list: string, sql: string) => `CASE WHEN ${list} IS NULL THEN NULL ELSE ${sql} END`;
const timestamp = (ms: string) => `TO_TIMESTAMP_NTZ(${ms}, 3)`;

export const snowflake: SqlDialect = {
  name: "snowflake",
  types: { text: "VARCHAR", textList: "ARRAY", double: "DOUBLE", bigint: "BIGINT", integer: "INTEGER", boolean: "BOOLEAN" },
  storedName,
  identifier,
  tableName: identifier,
  literal,
  textList: (values) => `ARRAY_CONSTRUCT(${values.map(literal).join(", ")})`,
  listContains: (list, item) => nullSafe(list, `ARRAY_CONTAINS(TO_VARIANT(${item}), ${list})`),
  listLength: (list) => nullSafe(list, `ARRAY_SIZE(${list})`),
  listConcat: (a, b) => `ARRAY_CAT(${a}, ${b})`,
  listItem: (list, index) => `CAST(GET(${list}, CAST(${index} AS INTEGER) - 1) AS VARCHAR)`,
  remainder: (a, b) => `MOD(CAST(${a} AS BIGINT), CAST(${b} AS BIGINT))`,
  // REGEXP_LIKE anchors the pattern at both ends; REGEXP_INSTR searches, as RegExp.test does.
  regexMatches: (text, pattern) => `(REGEXP_INSTR(${text}, ${literal(portablePattern(pattern, "snowflake"))}) > 0)`,
  leftChars: (text, count) => `LEFT(${text}, ${count})`,
  epochMs: (text) =>
    `CASE WHEN LENGTH(${text}) = 10 THEN DATE_PART(EPOCH_MILLISECOND, CAST(TO_DATE(${text}, 'YYYY-MM-DD') AS TIMESTAMP_NTZ)) ELSE DATE_PART(EPOCH_MILLISECOND, TO_TIMESTAMP_NTZ(${text}, 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"')) END`,
  dayOfMs: (ms) => `TO_CHAR(${timestamp(`CAST(${ms} AS BIGINT)`)}, 'YYYY-MM-DD')`,
  isoOfMs: (ms) => `TO_CHAR(${timestamp(`CAST(TRUNC(${ms}) AS BIGINT)`)}, 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"')`,
  allColumns: (relation, _columns, except) =>
    `${relation ? `${relation}.` : ""}*${except.length > 0 ? ` EXCLUDE (${except.map(identifier).join(", ")})` : ""}`,
  distinct: isDistinctFrom,
  queryEnd: "",
  lateralAliases: false,
  greater: nullStrictGreater,
  lesser: nullStrictLesser,
  nextRowJoin: rangeNextRowJoin(identifier),
};
