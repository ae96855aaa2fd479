/**
 * One raw value of an export to the typed value of its dictionary field, by
 * the export's value formats: null markers, yes/no spellings, dates and
 * date-times (in the export's time zone), numbers with thousands separators,
 * decimal commas and currency, picklist values and labels. A value that does
 * not convert says why and how to fix it, never throws.
 */
import type { FactValue } from "../model/lead.js";
import type { FieldDefinition } from "../model/policy.js";
import type { ReadSettings } from "../model/import-profile.js";
import { describeDateProblem, plausibleDates, readDate, type DateProblem, type DateReading } from "../model/dates.js";

export interface FieldReader {
  field: FieldDefinition;
  /** Columns that may hold this field, in preference order: the first non-empty one is read. */
  keys: string[];
  /** Picklist: accepted spellings (value, label, export labels; case-insensitive) -> value. */
  picklist?: Map<string, string>;
}

/** What an email address looks like to leadrules: text, an @, text; no spaces. */
export const emailPattern = /^[^\s@]+@[^\s@]+$/;

export type Conversion = { value: FactValue } | { error: string; hint: string };

export interface ValueConverter {
  /** Empty, a null marker (trimmed, ignoring case), or a list of nothing but blank items. */
  isNull(raw: unknown): boolean;
  convert(reader: FieldReader, raw: unknown): Conversion;
  /** The null markers, lower-cased (the fast path checks them inline). */
  nullMarkers: ReadonlySet<string>;
  /** Days the export writes for "no date" (read as empty). */
  emptyDays: ReadonlySet<string>;
}

export function createValueConverter(values: ReadSettings["values"]): ValueConverter {
  const nullMarkers = new Set(values.nullMarkers.map((m) => m.trim().toLowerCase()));
  const trueValues = new Set(values.trueValues.map((v) => v.toLowerCase()));
  const falseValues = new Set(values.falseValues.map((v) => v.toLowerCase()));
  const zone = values.timeZone;
  const dayFormats = [...values.dateFormats, ...values.dateTimeFormats];
  const instantFormats = [...values.dateTimeFormats, ...values.dateFormats];
  const emptyTexts = new Set(values.emptyDates.map((t) => t.trim()));
  const emptyDays = new Set<string>();
  for (const text of emptyTexts) {
    const reading = readDate(text, dayFormats);
    if ("day" in reading) emptyDays.add(reading.day);
  }
  const readNumber = numberReader(values.numbers);
  // An export repeats its dates (a day, a time to the minute): each text is read once. Luxon takes some 50 µs
  // per value, minutes over a million-row report; the memo is emptied when full, so memory stays bounded.
  const readings = new Map<string, DateReading>();
  const readMemo = (text: string, time: boolean): DateReading => {
    const key = time ? `t${text}` : `d${text}`;
    let reading = readings.get(key);
    if (reading === undefined) {
      if (readings.size >= 50_000) readings.clear();
      reading = time ? readDate(text, instantFormats, zone) : readDate(text, dayFormats, "utc");
      readings.set(key, reading);
    }
    return reading;
  };
  const formatsInWords = [...new Set(dayFormats)].join(", ");
  const dateHints: Record<DateProblem, string> = {
    form: `Use RFC 3339 (2026-06-01 or 2026-06-01T12:00:00Z)${formatsInWords ? ` or one of ${formatsInWords}` : ""}; if the export writes dates another way, list its format under dateFormats or dateTimeFormats in the import profile.`,
    calendar: "Check the day, month and time: the value names a day or time that does not exist.",
    range: `Dates must lie from ${plausibleDates}; if the source system writes a date such as 12/31/9999 for "no date", list it under emptyDates in its import profile.`,
  };
  const numberHint = `Use digits${values.numbers.thousands ? `, with ${JSON.stringify(values.numbers.thousands)} between thousands` : ""}${values.numbers.decimal === "," ? " and a decimal comma" : ""}, e.g. ${exampleNumber(values.numbers)}; set numbers in the import profile if the export writes them another way.`;

  const markerLength = Math.max(0, ...[...nullMarkers].map((m) => m.length));
  const isNull = (raw: unknown) => {
    if (raw === null || raw === undefined) return true;
    if (Array.isArray(raw)) return listItems(raw).length === 0;
    if (typeof raw !== "string") return false;
    const text = raw.trim();
    return text === "" || (text.length <= markerLength && nullMarkers.has(text.toLowerCase()));
  };

  const convert = (reader: FieldReader, raw: unknown): Conversion => {
    const { field } = reader;
    if (isNull(raw)) return { value: null };
    const text = typeof raw === "string" ? raw.trim() : raw;
    switch (field.type) {
      case "string":
        return typeof text === "object" ? { error: "is not text", hint: "Give a plain value." } : { value: inCase(field, String(text)) };
      case "email":
        return typeof text === "string" && emailPattern.test(text)
          ? { value: text }
          : { error: "is not an email address", hint: "Use the form name@company.com." };
      case "number":
      case "integer": {
        const n = typeof text === "number" ? text : typeof text === "string" ? readNumber(text) : Number.NaN;
        if (!Number.isFinite(n)) return { error: `is not ${field.type === "integer" ? "a whole number" : "a number"}`, hint: numberHint };
        if (field.type === "integer" && !Number.isInteger(n)) return { error: "is not a whole number", hint: "Round it, e.g. 250." };
        if (field.minimum !== undefined && n < field.minimum)
          return {
            error: `is below ${field.minimum}, the least value of ${field.label}`,
            hint: `${field.label} cannot be less than ${field.minimum}.`,
          };
        return { value: n };
      }
      case "boolean": {
        if (typeof text === "boolean") return { value: text };
        const key = String(text).toLowerCase();
        if (trueValues.has(key)) return { value: true };
        if (falseValues.has(key)) return { value: false };
        return {
          error: "is not yes or no",
          hint: `Use one of ${[...values.trueValues, ...values.falseValues].join(", ")}, or list the export's spelling under trueValues / falseValues in its import profile.`,
        };
      }
      case "date":
      case "datetime": {
        const time = field.type === "datetime";
        if (typeof text !== "string") return { error: describeDateProblem("form", time), hint: dateHints.form };
        if (emptyTexts.has(text)) return { value: null };
        const reading = readMemo(text, time);
        if ("day" in reading && emptyDays.has(reading.day)) return { value: null };
        if ("problem" in reading) return { error: describeDateProblem(reading.problem, time), hint: dateHints[reading.problem] };
        return { value: time ? new Date(reading.ms).toISOString() : reading.day };
      }
      case "picklist": {
        const value = reader.picklist!.get(String(text)) ?? reader.picklist!.get(String(text).toLowerCase());
        return value !== undefined ? { value } : { error: `is not a value of the ${field.label} picklist`, hint: picklistHint(field) };
      }
      case "multipicklist": {
        const items = Array.isArray(text) ? listItems(text) : multipicklistItems(String(text));
        const chosen: string[] = [];
        for (const item of items) {
          const value = reader.picklist!.get(item.toLowerCase());
          if (value === undefined)
            return {
              error: `has ${JSON.stringify(item)}, which is not a value of the ${field.label} picklist`,
              hint: `${picklistHint(field)} Separate values with ;.`,
            };
          if (!chosen.includes(value)) chosen.push(value);
        }
        // No items is no value: `;`, `[]` and an empty cell are the same nothing (docs/evaluation.md).
        return { value: chosen.length > 0 ? chosen : null };
      }
    }
  };
  return { isNull, convert, nullMarkers, emptyDays };
}

function picklistHint(field: FieldDefinition): string {
  return `Allowed: ${field.values!.map((v) => v.value).join(", ")}; map the export's own labels under values in the mapping (or the field's system mapping).`;
}

/** The items of a multipicklist cell, as exports write them: separated by `;` or `,`, trimmed, blank items dropped. */
export function multipicklistItems(text: string): string[] {
  return listItems(text.split(/[;,]/));
}

/**
 * The items of a list value (a JSON or YAML array, or a cell split at its separators): each trimmed,
 * blank and null items dropped, so every reader reads `[" snowflake", ""]` as a cell `snowflake;` is read.
 */
export function listItems(items: readonly unknown[]): string[] {
  const kept: string[] = [];
  for (const item of items) {
    if (item === null || item === undefined) continue;
    const text = String(item).trim();
    if (text !== "") kept.push(text);
  }
  return kept;
}

/** A string field's text in the field's one case, when the dictionary gives it one (`case: upper` for state codes). */
export function inCase(field: FieldDefinition, text: string): string {
  return field.case === "upper" ? text.toUpperCase() : field.case === "lower" ? text.toLowerCase() : text;
}

/** Whether the spellings know a text: exactly as written, or ignoring case. */
export function isKnownSpelling(spellings: ReadonlyMap<string, string>, text: string): boolean {
  return spellings.has(text) || spellings.has(text.toLowerCase());
}

/** The accepted spellings of a picklist field: values, labels and the export's labels (case-insensitive), exact values first. */
export function picklistSpellings(field: FieldDefinition, exportLabels: Record<string, string> = {}): Map<string, string> {
  const spellings = new Map<string, string>();
  for (const v of field.values ?? []) {
    spellings.set(v.value.toLowerCase(), v.value);
    spellings.set(v.label.toLowerCase(), v.value);
  }
  for (const v of field.values ?? []) spellings.set(v.value, v.value);
  for (const [label, value] of Object.entries(exportLabels)) spellings.set(label.toLowerCase(), value);
  return spellings;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A reader of numbers as the export writes them: `1,234.50`, `1.234,50`, `$250,000`, `250.000 €`,
 * `(1,200)` for a negative amount. Thousands separators must stand every three digits, so `1,2` is no number.
 */
export function numberReader(format: ReadSettings["values"]["numbers"]): (text: string) => number {
  const thousands = format.thousands === " " ? "[ \\u00a0\\u202f]" : escapeRegExp(format.thousands);
  const decimal = escapeRegExp(format.decimal);
  const integer = format.thousands === "" ? "\\d+" : `(?:\\d{1,3}(?:${thousands}\\d{3})+|\\d+)`;
  const pattern = new RegExp(`^([+-]?)(${integer})?(?:${decimal}(\\d+))?$`);
  const currencies = [...format.currency].sort((a, b) => b.length - a.length);
  return (raw) => {
    let text = raw;
    let negative = false;
    if (text.startsWith("(") && text.endsWith(")")) {
      negative = true;
      text = text.slice(1, -1).trim();
      // An accounting negative has no sign of its own: "(-5)" says two things.
      if (text.startsWith("-") || text.startsWith("+")) return Number.NaN;
    }
    for (const symbol of currencies) {
      if (text.startsWith(symbol)) text = text.slice(symbol.length).trim();
      else if (text.endsWith(symbol)) text = text.slice(0, -symbol.length).trim();
      else if (text.startsWith(`-${symbol}`)) text = `-${text.slice(symbol.length + 1).trim()}`;
      else continue;
      break;
    }
    const m = pattern.exec(text);
    if (!m || (m[2] === undefined && m[3] === undefined)) return Number.NaN;
    const digits = `${m[2] ?? "0"}`.replace(/\D/g, "");
    const n = Number(`${digits}${m[3] !== undefined ? `.${m[3]}` : ""}`);
    return (m[1] === "-") !== negative ? -n : n;
  };
}

function exampleNumber(format: ReadSettings["values"]["numbers"]): string {
  return `1${format.thousands}200${format.decimal}50`;
}
