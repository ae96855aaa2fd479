/**
 * Writes lead records as a file: CSV (optionally in a source system's dialect,
 * with its column labels, Yes/No flags, picklist labels, placeholders for
 * empty picklists and its date format), NDJSON, JSON or YAML.
 */
import { stringify as csvStringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { stringify as yamlStringify } from "yaml";
import type { LeadFormat } from "../load/read-leads.js";
import type { DictionarySpec, FieldDefinition } from "../model/policy.js";

export type LeadRecord = Record<string, string | number | boolean | string[] | null>;

export function renderLeads(leads: readonly LeadRecord[], dictionary: DictionarySpec, format: LeadFormat, source?: string): string {
  return [...renderLeadChunks(leads, dictionary, format, source)].join("");
}

/**
 * The same text in pieces, one per lead (plus the opening and closing), so a file of any size is written
 * as it is rendered: 500,000 leads as one string passed V8's string limit.
 */
export function* renderLeadChunks(leads: Iterable<LeadRecord>, dictionary: DictionarySpec, format: LeadFormat, source?: string): Generator<string> {
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
      for (const lead of leads) yield csvStringify([fields.map((f) => (source ? inDialect(f, lead[f.name] ?? null, dictionary, source) : plain(lead[f.name] ?? null)))]);
      return;
    }
  }
}

function plain(value: LeadRecord[string]): string {
  if (value === null) return "";
  if (Array.isArray(value)) return value.join(";");
  return String(value);
}

/** A value as the source system would export it. */
function inDialect(field: FieldDefinition, value: LeadRecord[string], dictionary: DictionarySpec, source: string): string {
  const c = dictionary.conversions;
  const placeholder = c.nullMarkers.find((m) => m !== "") ?? "";
  if (value === null || (Array.isArray(value) && value.length === 0)) return field.type === "picklist" ? placeholder : "";
  const mapping = field.mappings![source]!;
  const label = (v: string) => Object.entries(mapping.values ?? {}).find(([, to]) => to === v)?.[0] ?? field.values?.find((p) => p.value === v)?.label ?? v;
  switch (field.type) {
    case "boolean":
      return value === true ? (c.trueValues[0] ?? "true") : (c.falseValues[0] ?? "false");
    case "picklist":
      return label(String(value));
    case "multipicklist":
      return (value as string[]).map(label).join(";");
    case "datetime": {
      const format = c.dateFormats.find((f) => f.includes("HH"));
      return format ? DateTime.fromISO(String(value), { zone: "utc" }).toFormat(format) : String(value);
    }
    case "date": {
      const format = c.dateFormats.find((f) => !f.includes("HH"));
      return format ? DateTime.fromISO(String(value), { zone: "utc" }).toFormat(format) : String(value);
    }
    default:
      return String(value);
  }
}
