/**
 * Normalization: a raw record (CSV strings, JSON values, a CRM export with its
 * own column labels) becomes a typed Lead by the dictionary. Empty values and
 * configured null markers become null; Yes/No and 1/0 become booleans;
 * picklist labels become values; dates (RFC 3339 or a declared format, real
 * days in the plausible years: model/dates.ts) become ISO, and the source
 * system's "no date" values become null. Only
 * dictionary fields are copied, into an object that inherits nothing, so
 * `__proto__` or `constructor` keys in input can pollute nothing. Well-formed
 * records take a compiled fast path (normalize-fast.ts) that gives the same values.
 */
import type { Lead, FactValue } from "../model/lead.js";
import type { DictionarySpec, FieldDefinition } from "../model/policy.js";
import { UsageError } from "../diagnostics/index.js";
import { describeDateProblem, plausibleDates, readDate, type DateProblem } from "../model/dates.js";
import { compileFastNormalizer } from "./normalize-fast.js";

export interface RowProblem {
  row: number;
  column: string;
  value: unknown;
  message: string;
  hint: string;
}

export type NormalizeResult = { lead: Lead; problems?: undefined } | { lead?: undefined; problems: RowProblem[] };

/** Lenient normalization (audit): bad values become null and are reported, the record is kept. */
export interface LenientResult {
  lead: Lead;
  problems: RowProblem[];
}

export interface Normalizer {
  /** Which input column feeds each field (for messages and docs). */
  columnFor(field: string): string;
  normalize(values: Record<string, unknown>, row: number): NormalizeResult;
  normalizeLeniently(values: Record<string, unknown>, row: number): LenientResult;
  /** The general path alone, without the compiled fast path (tests compare the two). */
  normalizeGenerally(values: Record<string, unknown>, row: number): LenientResult;
}

export interface FieldReader {
  field: FieldDefinition;
  /** Input keys that may hold this field, in preference order. */
  keys: string[];
  /** Picklist: accepted spellings (value, label, system labels; case-insensitive) -> value. */
  picklist?: Map<string, string>;
}

/** `--source` must name a system of the dictionary: checked once here for every reader and writer of leads. */
export function assertKnownSource(dictionary: DictionarySpec, source: string | undefined): void {
  if (source === undefined) return;
  const systems = dictionary.systems.map((s) => s.id);
  if (!systems.includes(source)) {
    throw new UsageError(`unknown source system "${source}"`, `--source takes a system id from the data dictionary: ${systems.join(", ")}.`);
  }
}

export function createNormalizer(dictionary: DictionarySpec, source?: string): Normalizer {
  assertKnownSource(dictionary, source);
  const conversions = dictionary.conversions;
  const nullMarkers = new Set(conversions.nullMarkers.map((m) => m.trim().toLowerCase()));
  const trueValues = new Set(conversions.trueValues.map((v) => v.toLowerCase()));
  const falseValues = new Set(conversions.falseValues.map((v) => v.toLowerCase()));
  const readers: FieldReader[] = dictionary.objects.flatMap((o) =>
    o.fields.map((field) => {
      const mapping = source ? field.mappings?.[source] : undefined;
      const keys = source ? (mapping ? unique([mapping.field, mapping.field.split(".").pop()!]) : []) : [field.name];
      let picklist: Map<string, string> | undefined;
      if (field.values) {
        picklist = new Map();
        for (const v of field.values) {
          picklist.set(v.value.toLowerCase(), v.value);
          picklist.set(v.label.toLowerCase(), v.value);
        }
        // Exact values first, so the common case needs no lower-casing.
        for (const v of field.values) picklist.set(v.value, v.value);
        for (const [label, value] of Object.entries(mapping?.values ?? {})) picklist.set(label.toLowerCase(), value);
      }
      return { field, keys, ...(picklist ? { picklist } : {}) };
    }),
  );

  const emptyDates = emptyDatesOf(dictionary, source);
  const dateHints: Record<DateProblem, string> = {
    form: `Use RFC 3339 (2026-06-01 or 2026-06-01T12:00:00Z)${conversions.dateFormats.length > 0 ? ` or one of ${conversions.dateFormats.join(", ")}` : ""}.`,
    calendar: "Check the day, month and time: the value names a day or time that does not exist.",
    range: `Dates must lie from ${plausibleDates}; if the source system writes a date such as 12/31/9999 for "no date", list it under that system's emptyDates in the data dictionary and pass --source.`,
  };

  const markerLength = Math.max(0, ...[...nullMarkers].map((m) => m.length));
  /** Empty, or a configured null marker (case-insensitive); most values are longer than any marker. */
  const isNull = (raw: unknown) => {
    if (raw === null || raw === undefined) return true;
    if (typeof raw !== "string") return false;
    const text = raw.trim();
    return text === "" || (text.length <= markerLength && nullMarkers.has(text.toLowerCase()));
  };

  const convert = (reader: FieldReader, raw: unknown): { value: FactValue } | { error: string; hint: string } => {
    const { field } = reader;
    if (isNull(raw)) return { value: null };
    const text = typeof raw === "string" ? raw.trim() : raw;
    switch (field.type) {
      case "string":
        return typeof text === "object" ? { error: "is not text", hint: "Give a plain value." } : { value: String(text) };
      case "email":
        return typeof text === "string" && /^[^\s@]+@[^\s@]+$/.test(text)
          ? { value: text }
          : { error: "is not an email address", hint: "Use the form name@company.com." };
      case "number":
      case "integer": {
        const n = typeof text === "number" ? text : typeof text === "string" && /^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/.test(text) && /\d/.test(text) ? Number(text.replace(/,/g, "")) : Number.NaN;
        if (!Number.isFinite(n)) return { error: `is not ${field.type === "integer" ? "a whole number" : "a number"}`, hint: "Use digits, e.g. 250 or 1,200." };
        if (field.type === "integer" && !Number.isInteger(n)) return { error: "is not a whole number", hint: "Round it, e.g. 250." };
        if (field.minimum !== undefined && n < field.minimum) return { error: `is below ${field.minimum}, the least value of ${field.label}`, hint: `${field.label} cannot be less than ${field.minimum}.` };
        return { value: n };
      }
      case "boolean": {
        if (typeof text === "boolean") return { value: text };
        const key = String(text).toLowerCase();
        if (trueValues.has(key)) return { value: true };
        if (falseValues.has(key)) return { value: false };
        return { error: "is not yes or no", hint: `Use one of ${[...conversions.trueValues, ...conversions.falseValues].join(", ")}.` };
      }
      case "date":
      case "datetime": {
        const time = field.type === "datetime";
        if (typeof text !== "string") return { error: describeDateProblem("form", time), hint: dateHints.form };
        if (emptyDates.texts.has(text)) return { value: null };
        const reading = readDate(text, conversions.dateFormats);
        if ("day" in reading && emptyDates.days.has(reading.day)) return { value: null };
        if ("problem" in reading) return { error: describeDateProblem(reading.problem, time), hint: dateHints[reading.problem] };
        return { value: time ? new Date(reading.ms).toISOString() : reading.day };
      }
      case "picklist": {
        const value = reader.picklist!.get(String(text)) ?? reader.picklist!.get(String(text).toLowerCase());
        return value !== undefined ? { value } : { error: `is not a value of the ${field.label} picklist`, hint: `Allowed: ${field.values!.map((v) => v.value).join(", ")}.` };
      }
      case "multipicklist": {
        const items = Array.isArray(text) ? text.map(String) : String(text).split(/[;,]/).map((s) => s.trim()).filter(Boolean);
        const values: string[] = [];
        for (const item of items) {
          const value = reader.picklist!.get(item.toLowerCase());
          if (value === undefined) return { error: `has ${JSON.stringify(item)}, which is not a value of the ${field.label} picklist`, hint: `Allowed: ${field.values!.map((v) => v.value).join(", ")}; separate values with ;.` };
          if (!values.includes(value)) values.push(value);
        }
        return { value: values };
      }
    }
  };

  const normalizeGenerally = (values: Record<string, unknown>, row: number): LenientResult => {
    const lead: Lead = Object.create(null);
    const problems: RowProblem[] = [];
    for (const reader of readers) {
      const key = reader.keys.length === 1 ? (Object.hasOwn(values, reader.keys[0]!) ? reader.keys[0] : undefined) : reader.keys.find((k) => Object.hasOwn(values, k));
      const raw = key === undefined ? null : values[key];
      const result = convert(reader, raw);
      if ("error" in result) {
        problems.push({ row, column: key!, value: raw, message: `row ${row}, column "${key}": ${JSON.stringify(raw)} ${result.error}`, hint: result.hint });
        lead[reader.field.name] = null;
      } else lead[reader.field.name] = result.value;
    }
    return { lead, problems };
  };
  // The common, well-formed record takes generated code; anything else the general path above.
  const normalizeFast = compileFastNormalizer(readers, dictionary.idField, nullMarkers, emptyDates.days, (i, raw) => convert(readers[i]!, raw));

  return {
    columnFor(name) {
      const reader = readers.find((r) => r.field.name === name);
      return reader?.keys[0] ?? name;
    },
    normalizeLeniently(values, row) {
      const fast = normalizeFast(values);
      return fast ? { lead: fast, problems: [] } : normalizeGenerally(values, row);
    },
    normalizeGenerally,
    normalize(values, row) {
      const fast = normalizeFast(values);
      if (fast) return { lead: fast };
      const { lead, problems } = normalizeGenerally(values, row);
      const id = dictionary.idField;
      if (problems.length === 0 && (lead[id] === null || lead[id] === undefined)) {
        const column = readers.find((r) => r.field.name === id)?.keys[0] ?? id;
        problems.push({ row, column, value: null, message: `row ${row}: the record has no ${id} (column "${column}")`, hint: "Every lead needs its id to be reported." });
      }
      return problems.length > 0 ? { problems } : { lead };
    },
  };
}

/**
 * The "no date" values of the source system (Salesforce writes 12/31/9999 or 1/1/1900 for an empty date):
 * read as empty, by their text and, where the text is a date, by its day in any spelling.
 */
function emptyDatesOf(dictionary: DictionarySpec, source: string | undefined): { texts: ReadonlySet<string>; days: ReadonlySet<string> } {
  const listed = dictionary.systems.find((s) => s.id === source)?.emptyDates ?? [];
  const texts = new Set(listed.map((t) => t.trim()));
  const days = new Set<string>();
  for (const text of texts) {
    const reading = readDate(text, dictionary.conversions.dateFormats);
    if ("day" in reading) days.add(reading.day);
  }
  return { texts, days };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
