/**
 * Writes lead records as a file: CSV (optionally in a source system's dialect,
 * with its column labels, Yes/No flags, picklist labels, placeholders for
 * empty picklists, its date formats and number format, from the system's
 * profile where it has one), NDJSON, JSON or YAML.
 */
import { stringify as csvStringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { stringify as yamlStringify } from "yaml";
import type { LeadFormat } from "../load/read-leads.js";
import type { NumberFormat } from "../model/import-profile.js";
import type { DictionarySpec, FieldDefinition } from "../model/policy.js";
import { resolveReadSettings } from "../input/read-settings.js";
import { picklistSpellings } from "../input/convert-values.js";

export type LeadRecord = Record<string, string | number | boolean | string[] | null>;

export function renderLeads(leads: readonly LeadRecord[], dictionary: DictionarySpec, format: LeadFormat, source?: string): string {
  return [...renderLeadChunks(leads, dictionary, format, source)].join("");
}

/**
 * The same text in pieces, one per lead (plus the opening and closing), so a file of any size is written
 * as it is rendered: 500,000 leads as one string passed V8's string limit.
 */
export function* renderLeadChunks(
  leads: Iterable<LeadRecord>,
  dictionary: DictionarySpec,
  format: LeadFormat,
  source?: string,
): Generator<string> {
  const fields = dictionary.objects.flatMap((o) => o.fields).filter((f) => !source || f.mappings?.[source]);
  switch (format) {
    case "ndjson":
      for (const lead of leads) yield JSON.stringify(lead) + "\n";
      return;
    case "json": {
      // Byte for byte JSON.stringify(leads, null, 2): items indented one level, "[]" when there are none.
      let first = true;
      for (const lead of leads) {
        yield `${first ? "[\n  " : ",\n  "}${JSON.stringify(lead, null, 2).replace(/\n/g, "\n  ")}`;
        first = false;
      }
      yield first ? "[]\n" : "\n]\n";
      return;
    }
    case "yaml": {
      let any = false;
      for (const lead of leads) {
        any = true;
        yield yamlStringify([lead]);
      }
      if (!any) yield yamlStringify([]);
      return;
    }
    case "csv": {
      yield csvStringify([fields.map((f) => (source ? f.mappings![source]!.field : f.name))]);
      const writers = source ? dialectWriters(fields, dictionary, source) : fields.map(() => plain);
      for (const lead of leads) yield csvStringify([fields.map((f, i) => writers[i]!(lead[f.name] ?? null))]);
      return;
    }
  }
}

function plain(value: LeadRecord[string]): string {
  if (value === null) return "";
  if (Array.isArray(value)) return value.join(";");
  return String(value);
}

/**
 * How a source system writes values: its `profile` where the dictionary gives it one (the first format
 * listed is the one written), else the dictionary's conversions as before profiles.
 */
interface Dialect {
  placeholder: string;
  trueText: string;
  falseText: string;
  dateFormat?: string;
  dateTimeFormat?: string;
  timeZone: string;
  numbers?: Required<NumberFormat>;
}

/** The system's values as its exports are read (input/read-settings.ts), so what is written reads back. */
function dialectOf(dictionary: DictionarySpec, source: string): Dialect {
  const { values } = resolveReadSettings(dictionary, { source });
  // Dictionaries without profiles list date and date-time formats together in `conversions.dateFormats`.
  const timed = (f: string) => /[Hh]/.test(f);
  return {
    placeholder: values.nullMarkers.find((m) => m !== "") ?? "",
    trueText: values.trueValues[0] ?? "true",
    falseText: values.falseValues[0] ?? "false",
    dateFormat: values.dateFormats.find((f) => !timed(f)),
    dateTimeFormat: values.dateTimeFormats[0] ?? values.dateFormats.find(timed),
    timeZone: values.timeZone,
    // Plain digits unless the system's profile says how it writes numbers (they read back either way).
    ...(dictionary.systems.find((s) => s.id === source)?.profile?.numbers ? { numbers: values.numbers } : {}),
  };
}

/**
 * How to spell each picklist value in the source's export: its mapped label, else its dictionary label, else
 * the value, whichever a reader takes back to that value (labels are matched case-insensitively, and a label
 * may repeat another value's spelling); a multipicklist item must also not hold the item separators.
 */
function spellingsOf(field: FieldDefinition, source: string): Map<string, string> {
  const mapping = field.mappings![source]!;
  const read = picklistSpellings(field, mapping.values);
  const readBack = (text: string) => read.get(text) ?? read.get(text.toLowerCase());
  const spellings = new Map<string, string>();
  for (const v of field.values ?? []) {
    const mapped = Object.entries(mapping.values ?? {})
      .filter(([, to]) => to === v.value)
      .map(([label]) => label);
    const candidates = [...mapped, v.label, v.value].filter(
      (text) => text.trim() === text && (field.type !== "multipicklist" || !/[;,]/.test(text)),
    );
    spellings.set(v.value, candidates.find((text) => readBack(text) === v.value) ?? v.value);
  }
  return spellings;
}

/** Writes one lead's value of a field as the source system would export it. */
type DialectWriter = (value: LeadRecord[string]) => string;

function dialectWriters(fields: readonly FieldDefinition[], dictionary: DictionarySpec, source: string): DialectWriter[] {
  const d = dialectOf(dictionary, source);
  const formatDate = (value: string, format: string | undefined, zone: string) =>
    format ? DateTime.fromISO(value, { zone: "utc" }).setZone(zone).setLocale("en-US").toFormat(format) : value;
  return fields.map((field): DialectWriter => {
    const spellings = field.values ? spellingsOf(field, source) : new Map<string, string>();
    const spell = (v: string) => spellings.get(v) ?? v;
    return (value) => {
      if (value === null || (Array.isArray(value) && value.length === 0)) return field.type === "picklist" ? d.placeholder : "";
      switch (field.type) {
        case "boolean":
          return value === true ? d.trueText : d.falseText;
        case "picklist":
          return spell(String(value));
        case "multipicklist":
          return (value as string[]).map(spell).join(";");
        case "datetime":
          return formatDate(String(value), d.dateTimeFormat, d.timeZone);
        case "date":
          // A date is a day: written as it is, in no time zone.
          return formatDate(String(value), d.dateFormat, "utc");
        case "integer":
        case "number":
          return d.numbers && typeof value === "number" ? formatNumber(value, d.numbers) : String(value);
        default:
          return String(value);
      }
    };
  });
}

/** A number with the profile's thousands separator and decimal mark (no currency: the reader need not strip one). */
function formatNumber(value: number, numbers: Required<NumberFormat>): string {
  const [whole, fraction] = String(Math.abs(value)).split(".");
  if (!/^\d+$/.test(whole!)) return String(value);
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, numbers.thousands);
  return `${value < 0 ? "-" : ""}${grouped}${fraction ? numbers.decimal + fraction : ""}`;
}
