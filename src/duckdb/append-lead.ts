/** One normalized lead as a row of the leads relation (sql/lead-columns.ts), through DuckDB's appender. */
import { LIST, VARCHAR, type DuckDBAppender } from "@duckdb/node-api";
import type { Lead } from "../model/lead.js";
import { orderColumn, type LeadColumn } from "../sql/lead-columns.js";

const textList = LIST(VARCHAR);

export function appendLead(appender: DuckDBAppender, columns: readonly LeadColumn[], lead: Lead, order: number): void {
  for (const column of columns) {
    if (column.name === orderColumn) {
      appender.appendBigInt(BigInt(order));
      continue;
    }
    const value = (lead as Record<string, unknown>)[column.name];
    if (value === null || value === undefined) appender.appendNull();
    else if (column.sqlType === "DOUBLE") appender.appendDouble(value as number);
    else if (column.sqlType === "BOOLEAN") appender.appendBoolean(value as boolean);
    else if (column.sqlType === "VARCHAR[]") appender.appendList(value as string[], textList);
    else appender.appendVarchar(String(value));
  }
  appender.endRow();
}
