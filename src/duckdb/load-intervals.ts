/**
 * The business-interval relation the route step's SQL reads (sql/business-intervals.ts), laid out before
 * the pipeline query for the years the leads in `source` arrive in: a few years as the statements that
 * module writes, many (hundreds of thousands of rows) through DuckDB's appender.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlDialects } from "../compile/sql-dialect.js";
import type { RoutingSpec } from "../model/policy.js";
import { arrivalYearsQuery, businessIntervalRows, businessIntervalsRelation, businessIntervalsSql } from "../sql/business-intervals.js";

export async function loadBusinessIntervals(connection: DuckDBConnection, routing: RoutingSpec, source: string): Promise<void> {
  const dialect = sqlDialects.duckdb;
  const found = (await connection.runAndReadAll(arrivalYearsQuery(routing, dialect, source))).getRowObjectsJS();
  const years = found.map((y) => Number(y.year));
  if (years.length < 20) {
    for (const statement of businessIntervalsSql(routing, dialect, years)) await connection.run(statement);
    return;
  }
  await connection.run(businessIntervalsSql(routing, dialect, [])[0]!);
  const appender = await connection.createAppender(businessIntervalsRelation);
  for (const row of businessIntervalRows(routing, years)) {
    appender.appendVarchar(row.calendar);
    for (const ms of [row.startMs, row.endMs, row.beforeMs, row.throughMs])
      ms === null ? appender.appendNull() : appender.appendBigInt(BigInt(ms));
    appender.endRow();
  }
  appender.closeSync();
}
