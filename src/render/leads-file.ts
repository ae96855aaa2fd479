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
  const fields = dictionary.objects.flatMap((o) => o.fields).filter((f) => !source || f.mappings?.[source]);
  switch (format) {
    case "ndjson":
      return leads.map((l) => JSON.stringify(l) + "\n").join("");
    case "json":
      return JSON.stringify(leads, null, 2) + "\n";
    case "yaml":
      return yamlStringify(leads);
    case "csv": {
      const header = fields.map((f) => (source ? f.mappings![source]!.field : f.name));
      const rows = leads.map((lead) => fields.map((f) => (source ? inDialect(f, lead[f.name] ?? null, dictionary, source) : plain(lead[f.name] ?? null))));
      return csvStringify([header, ...rows]);
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
