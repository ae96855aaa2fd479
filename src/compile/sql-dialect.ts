/**
 * What differs between SQL engines, in one table: how a name and a value are written, the types, and the
 * few functions the generated SQL needs whose spelling or NULL handling is not standard (the interface,
 * sql-dialects/dialect.ts; one module per dialect beside it). Everything else the SQL compiler writes
 * (`sql/`) is the standard core every dialect shares. Policy text reaches SQL only through `identifier`
 * and `literal` (the SQL counterpart of codegen.ts's safety rule), so a policy id or value can never end
 * a string or a comment.
 *
 * DuckDB and BigQuery read regular expressions as RE2, the syntax of `matches` (compile/patterns.ts), so a
 * pattern is passed on as written. Postgres, Snowflake (POSIX) and Spark (Java) get it translated to
 * their syntax where the translation means the same, and refuse it otherwise (compile/portable-regex.ts).
 */
import { bigquery } from "./sql-dialects/bigquery.js";
import type { SqlDialect, SqlDialectName } from "./sql-dialects/dialect.js";
import { duckdb } from "./sql-dialects/duckdb.js";
import { postgres } from "./sql-dialects/postgres.js";
import { snowflake } from "./sql-dialects/snowflake.js";
import { spark } from "./sql-dialects/spark.js";

export { sqlDialectNames, type SqlDialect, type SqlDialectName, type SqlType } from "./sql-dialects/dialect.js";

export const sqlDialects: Readonly<Record<SqlDialectName, SqlDialect>> = { duckdb, postgres, snowflake, bigquery, spark };
