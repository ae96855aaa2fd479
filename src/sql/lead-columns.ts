/**
 * The leads relation the generated SQL reads: one column per dictionary field, named as the field and
 * typed by it, NULL where the lead has no value (the input contract normalizes every value or flags it
 * empty, so no column holds a value of another type), and an input-order column for what depends on order
 * (owner assignment). Dates and datetimes stay the canonical text the normalizer writes
 * (`2026-06-01`, `2026-06-01T12:00:00.000Z`), as the pipeline's own leads hold them.
 */
import type { DictionarySpec, FieldType } from "../model/policy.js";

/** The input-order column: 1 for the first lead read. */
export const orderColumn = "__lead_order";

const sqlTypes: Record<FieldType, string> = {
  string: "VARCHAR",
  email: "VARCHAR",
  picklist: "VARCHAR",
  multipicklist: "VARCHAR[]",
  // Every number is a double, as JavaScript holds it: integers and fractions compare alike.
  number: "DOUBLE",
  integer: "DOUBLE",
  boolean: "BOOLEAN",
  date: "VARCHAR",
  datetime: "VARCHAR",
};

export interface LeadColumn {
  name: string;
  /** The dictionary type; none for the order column. */
  type?: FieldType;
  sqlType: string;
}

/** The columns of the leads relation: the order column, then the dictionary's fields in its order. */
export function leadColumns(dictionary: DictionarySpec): LeadColumn[] {
  return [
    { name: orderColumn, sqlType: "BIGINT" },
    ...dictionary.objects.flatMap((o) => o.fields).map((f) => ({ name: f.name, type: f.type, sqlType: sqlTypes[f.type] })),
  ];
}
