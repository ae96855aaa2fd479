/**
 * The leads relation the generated SQL reads: one column per dictionary field, named as the field and
 * typed by it, NULL where the lead has no value (the input contract normalizes every value or flags it
 * empty, so no column holds a value of another type), and an input-order column for what depends on order
 * (owner assignment). Dates and datetimes stay the canonical text the normalizer writes
 * (`2026-06-01`, `2026-06-01T12:00:00.000Z`), as the pipeline's own leads hold them.
 */
import type { SqlDialect, SqlType } from "../compile/sql-dialect.js";
import { UsageError } from "../diagnostics/index.js";
import type { DictionarySpec, FieldType } from "../model/policy.js";

/** The input-order column: 1 for the first lead read. */
export const orderColumn = "__lead_order";

const valueTypes: Record<FieldType, SqlType> = {
  string: "text",
  email: "text",
  picklist: "text",
  multipicklist: "textList",
  // Every number is a double, as JavaScript holds it: integers and fractions compare alike.
  number: "double",
  integer: "double",
  boolean: "boolean",
  date: "text",
  datetime: "text",
};

export interface LeadColumn {
  name: string;
  /** The dictionary type; none for the order column. */
  type?: FieldType;
  /** Its SQL type, spelled by each dialect (`SqlDialect.types`). */
  valueType: SqlType;
}

/**
 * The columns of the leads relation: the order column, then the dictionary's fields in its order. SQL
 * reads names without case, so two fields whose names differ only in case cannot both be columns: a usage
 * error, where JavaScript would have told them apart.
 */
export function leadColumns(dictionary: DictionarySpec): LeadColumn[] {
  const seen = new Map<string, string>([[orderColumn.toLowerCase(), orderColumn]]);
  for (const field of dictionary.objects.flatMap((o) => o.fields)) {
    const other = seen.get(field.name.toLowerCase());
    if (other !== undefined)
      throw new UsageError(
        `the fields ${JSON.stringify(other)} and ${JSON.stringify(field.name)} differ only in case, and SQL reads names without case`,
        "Rename one of them in the data dictionary to run the policies as SQL (--engine duckdb, compile --target sql).",
      );
    seen.set(field.name.toLowerCase(), field.name);
  }
  return [
    { name: orderColumn, valueType: "bigint" },
    ...dictionary.objects.flatMap((o) => o.fields).map((f) => ({ name: f.name, type: f.type, valueType: valueTypes[f.type] })),
  ];
}

/** The statement that creates the leads relation as the table `table` (a plain name; `leads` by default), unless it exists. */
export function createLeadsTable(dictionary: DictionarySpec, dialect: SqlDialect, table = "leads"): string {
  const columns = leadColumns(dictionary).map((c) => `  ${dialect.identifier(c.name)} ${dialect.types[c.valueType]}`);
  return `CREATE TABLE IF NOT EXISTS ${dialect.tableName(table)} (\n${columns.join(",\n")}\n)`;
}
