/**
 * Normalization: a raw record (CSV strings, spreadsheet cells, JSON values)
 * becomes a typed Lead by the dictionary and the export's read settings. Each
 * field is read from the first non-empty of its columns and converted by the
 * export's value formats (convert-values.ts). A value that does not convert
 * leaves its field empty and is reported as a problem of that field; the rest
 * of the lead is kept, so one bad picklist value does not drop the lead. Only
 * dictionary fields are copied, into an object that inherits nothing, so
 * `__proto__` or `constructor` keys in input can pollute nothing. Well-formed
 * records take a compiled fast path (normalize-fast.ts) that gives the same
 * values.
 */
import type { Lead } from "../model/lead.js";
import type { DictionarySpec } from "../model/policy.js";
import type { ReadSettings } from "../model/import-profile.js";
import { compileFastNormalizer } from "./normalize-fast.js";
import { createValueConverter, picklistSpellings, type FieldReader } from "./convert-values.js";
import { fieldsOf } from "./read-settings.js";

export type { FieldReader } from "./convert-values.js";

/** What is wrong with one field of one record. */
export interface FieldProblem {
  row: number;
  field: string;
  /** The column the value came from (the field's first column when it was empty). */
  column: string;
  /** `bad-value`: the value does not convert (the field is left empty); `missing-value`: a required field is empty. */
  kind: "bad-value" | "missing-value";
  value: unknown;
  /** What is wrong, without the row: `is not a value of the Industry picklist`. */
  problem: string;
  hint: string;
}

/** A record read: the lead (bad values left empty) and what was wrong with it. */
export interface Normalized {
  lead: Lead;
  problems: FieldProblem[];
}

export interface Normalizer {
  settings: ReadSettings;
  normalize(values: Record<string, unknown>, row: number): Normalized;
  /** The general path alone, without the compiled fast path (tests compare the two). */
  normalizeGenerally(values: Record<string, unknown>, row: number): Normalized;
}

export function createNormalizer(dictionary: DictionarySpec, settings: ReadSettings): Normalizer {
  const converter = createValueConverter(settings.values);
  const readers: FieldReader[] = fieldsOf(dictionary).map((field) => {
    const source = settings.fields[field.name];
    return { field, keys: source?.columns ?? [], ...(field.values ? { picklist: picklistSpellings(field, source?.values) } : {}) };
  });

  const normalizeGenerally = (values: Record<string, unknown>, row: number): Normalized => {
    const lead: Lead = Object.create(null);
    const problems: FieldProblem[] = [];
    for (const reader of readers) {
      const { field } = reader;
      const key =
        reader.keys.find((k) => Object.hasOwn(values, k) && !converter.isNull(values[k])) ??
        reader.keys.find((k) => Object.hasOwn(values, k));
      const raw = key === undefined ? null : values[key];
      const result = converter.convert(reader, raw);
      const column = key ?? reader.keys[0] ?? field.name;
      if ("error" in result) {
        problems.push({ row, field: field.name, column, kind: "bad-value", value: raw, problem: result.error, hint: result.hint });
        lead[field.name] = null;
        continue;
      }
      lead[field.name] = result.value;
      if (field.required && result.value === null) {
        problems.push({
          row,
          field: field.name,
          column,
          kind: "missing-value",
          value: raw ?? null,
          problem: `is empty, and ${field.label} is required`,
          hint: `Every lead needs ${field.label}; fill the column "${column}" in the export.`,
        });
      }
    }
    return { lead, problems };
  };
  // The common, well-formed record takes generated code; anything else the general path above.
  const normalizeFast = compileFastNormalizer(readers, dictionary.idField, converter, settings.values.timeZone, (i, raw) =>
    converter.convert(readers[i]!, raw),
  );

  return {
    settings,
    normalizeGenerally,
    normalize(values, row) {
      const fast = normalizeFast(values);
      return fast ? { lead: fast, problems: [] } : normalizeGenerally(values, row);
    },
  };
}

/** A field problem in words, with its row and column: `row 12, column "Industry": "Widgets" is not a value of the Industry picklist`. */
export function describeFieldProblem(p: FieldProblem): string {
  // The column as JSON: a header holding a line break or an escape sequence stays one line of text.
  return p.kind === "missing-value"
    ? `row ${p.row}, column ${JSON.stringify(p.column)}: ${p.field} ${p.problem}`
    : `row ${p.row}, column ${JSON.stringify(p.column)}: ${JSON.stringify(p.value)} ${p.problem}`;
}
