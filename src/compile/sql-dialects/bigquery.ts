/**
 * BigQuery (parsed in the tests, not run: no engine installable): ARRAY<STRING> for lists, the standard
 * range join for the sorted-relation lookup (no ASOF or LATERAL join), `* EXCEPT`, and `matches` patterns
 * as written: REGEXP_CONTAINS is RE2. Strings take backslash escapes. Column names cannot hold `.`
 * (flexible column names exclude it), so `score.total` is held as `score__total` (`storedName`).
 */
import { UsageError } from "../../diagnostics/index.js";
import {
  lengthLimited,
  literalWriter,
  nullStrictGreater,
  nullStrictLesser,
  rangeNextRowJoin,
  type SqlDialect,
  standardDistinct,
} from "./dialect.js";

const literal = literalWriter("FLOAT64", "backslash");

/** What flexible column names cannot hold (BigQuery's list), and control characters; `.` is rewritten. */
const unheld = /[!"$()*,/;?@[\\\]^`{}\u0000-\u001f\u007f]/;

/** BigQuery's column names hold at most 300 characters. */
const longestName = lengthLimited("BigQuery", 300, "characters");

/**
 * `.` as `__`: one-to-one on the names allowed here, which have no `__` but a leading one (leadrules' own
 * `__lead_order`) and no `.` next to `_`.
 */
function storedName(name: string): string {
  const refuse = (what: string) => {
    throw new UsageError(
      `the name ${JSON.stringify(name)} holds ${what}, which a BigQuery column name cannot hold as leadrules writes it (a "." is written "__")`,
      "Rename the policy id or field name it comes from to compile for --dialect bigquery.",
    );
  };
  const found = unheld.exec(name);
  if (found) refuse(JSON.stringify(found[0]));
  if (name.replace(/^__/, "").includes("__")) refuse('"__"');
  if (/\._|_\.|^\./.test(name)) refuse('a "." next to "_" or first');
  return longestName(name.replaceAll(".", "__"));
}
const identifier = (name: string) => `\`${storedName(name)}\``;
const nullSafe = (list: string, sql: string) => `CASE WHEN ${list} IS NULL THEN NULL ELSE ${sql} END`;
const utc = (ms: string) => `TIMESTAMP_MILLIS(${ms})`;

export const bigquery: SqlDialect = {
  name: "bigquery",
  types: { text: "STRING", textList: "ARRAY<STRING>", double: "FLOAT64", bigint: "INT64", integer: "INT64", boolean: "BOOL" },
  storedName,
  identifier,
  tableName: (name) => name,
  literal,
  textList: (values) => (values.length === 0 ? "CAST([] AS ARRAY<STRING>)" : `ARRAY<STRING>[${values.map(literal).join(", ")}]`),
  // `IN UNNEST` is FALSE, not NULL, for a NULL array.
  listContains: (list, item) => nullSafe(list, `${item} IN UNNEST(${list})`),
  listLength: (list) => `ARRAY_LENGTH(${list})`,
  listConcat: (a, b) => `ARRAY_CONCAT(${a}, ${b})`,
  listItem: (list, index) => `(${list})[SAFE_ORDINAL(CAST(${index} AS INT64))]`,
  remainder: (a, b) => `MOD(CAST(${a} AS INT64), CAST(${b} AS INT64))`,
  regexMatches: (text, pattern) => `REGEXP_CONTAINS(${text}, ${literal(pattern)})`,
  leftChars: (text, count) => `LEFT(${text}, ${count})`,
  epochMs: (text) =>
    `CASE WHEN LENGTH(${text}) = 10 THEN UNIX_MILLIS(TIMESTAMP(CAST(${text} AS DATE), 'UTC')) ELSE UNIX_MILLIS(PARSE_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', ${text}, 'UTC')) END`,
  dayOfMs: (ms) => `FORMAT_TIMESTAMP('%Y-%m-%d', ${utc(`CAST(${ms} AS INT64)`)}, 'UTC')`,
  isoOfMs: (ms) => `FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', ${utc(`CAST(TRUNC(${ms}) AS INT64)`)}, 'UTC')`,
  allColumns: (relation, _columns, except) =>
    `${relation ? `${relation}.` : ""}*${except.length > 0 ? ` EXCEPT (${except.map(identifier).join(", ")})` : ""}`,
  distinct: standardDistinct,
  queryEnd: "",
  lateralAliases: false,
  greater: nullStrictGreater,
  lesser: nullStrictLesser,
  nextRowJoin: rangeNextRowJoin(identifier),
};
