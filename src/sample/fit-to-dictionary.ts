/**
 * Turns a draft lead (the realistic values the generator made for the bundled
 * company's field names) into a lead of a given data dictionary: one value per
 * dictionary field, in dictionary order. A draft value is kept only where it is
 * valid for the field (type, picklist values, minimum, required); any other
 * field gets a value made from its type, so the lead is valid by construction
 * whatever the dictionary. The id field is unique per lead.
 */
import { emailPattern } from "../input/convert-values.js";
import type { DictionarySpec, FieldDefinition } from "../model/policy.js";
import type { SampleLead } from "./sample-lead.js";

type Value = SampleLead[string];

const dayMs = 86_400_000;
/** The field of the draft that is unique per lead (the bundled dictionary's id). */
const draftIdField = "leadId";
const rfc3339Day = /^\d{4}-\d{2}-\d{2}$/;
const rfc3339Time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Field names that hold a date to come (a trial's end, a renewal), generated after as-of rather than before. */
const futureName = /(ends?|expir|due|renew|until|deadline|next)/i;
const sampleNames = ["Alex", "Sam", "Robin", "Kim", "Jordan", "Taylor", "Morgan", "Casey"];
const sampleSuffixes = ["Labs", "Group", "Studio", "Works", "Systems"];
const sampleWords = ["alpha", "bravo", "delta", "echo", "foxtrot", "kilo", "lima", "sierra", "tango", "zulu"];

export interface FitContext {
  random: () => number;
  /** Dates made from a field's type lie around this time. */
  asOfMs: number;
}

/** A function from (draft, index) to the dictionary's lead, closed over what is worked out once per dictionary. */
export function fitToDictionary(dictionary: DictionarySpec, ctx: FitContext): (draft: SampleLead, n: number) => SampleLead {
  const fields = dictionary.objects.flatMap((o) => o.fields);
  const nullMarkers = new Set(dictionary.conversions.nullMarkers.map((m) => m.trim().toLowerCase()));
  const isNullMarker = (text: string) => text.trim() === "" || nullMarkers.has(text.trim().toLowerCase());
  // What production decided is not an input: `sample --production` fills it in (the owner is both).
  const production = dictionary.production ?? {};
  const productionFields = new Set(
    Object.entries(production)
      .filter(([key]) => key !== "owner")
      .map(([, field]) => field),
  );
  // Picklist values a reader would take for empty are never generated.
  const usable = new Map(fields.map((f) => [f.name, (f.values ?? []).map((v) => v.value).filter((v) => !isNullMarker(v))]));

  const fits = (field: FieldDefinition, value: Value | undefined): Value | undefined => {
    if (value === undefined) return undefined;
    if (value === null) return field.required ? undefined : null;
    switch (field.type) {
      case "string":
        return typeof value === "string" && value === value.trim() && !isNullMarker(value) ? value : undefined;
      case "email":
        return typeof value === "string" && emailPattern.test(value) && value === value.trim() && !isNullMarker(value) ? value : undefined;
      case "integer":
      case "number":
        if (typeof value !== "number" || !Number.isFinite(value) || (field.type === "integer" && !Number.isInteger(value)))
          return undefined;
        return field.minimum !== undefined && value < field.minimum ? undefined : value;
      case "boolean":
        return typeof value === "boolean" ? value : undefined;
      case "date":
        // A date-time draft gives its day.
        return typeof value === "string" && (rfc3339Day.test(value) || rfc3339Time.test(value)) ? value.slice(0, 10) : undefined;
      case "datetime":
        return typeof value === "string" && rfc3339Time.test(value) ? value : undefined;
      case "picklist":
        return typeof value === "string" && usable.get(field.name)!.includes(value) ? value : undefined;
      case "multipicklist": {
        if (!Array.isArray(value) || !value.every((v) => usable.get(field.name)!.includes(v))) return undefined;
        return field.required && value.length === 0 ? undefined : value;
      }
    }
  };

  const { random, asOfMs } = ctx;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const minuteIso = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();

  /** A value made from the field's type (and, for text, a hint from its name); empty now and then if optional. */
  const byType = (field: FieldDefinition, n: number): Value => {
    if (!field.required && random() < 0.15) return field.type === "multipicklist" ? [] : null;
    const name = field.name.toLowerCase();
    switch (field.type) {
      case "string":
        if (name.includes("phone")) return `+1 555 ${String(int(1000000, 9999999))}`;
        if (name.includes("domain") || name.includes("website") || name.includes("url")) return `${pick(sampleWords)}${int(1, 99)}.example`;
        if (/(first|last|full|given|family|contact|person)_?name/.test(name)) return pick(sampleNames);
        if (name.includes("name")) return `${pick(sampleWords).replace(/^./, (c) => c.toUpperCase())} ${pick(sampleSuffixes)}`;
        return `${pick(sampleWords)}-${int(100, 999)}`;
      case "email":
        return `${pick(sampleNames).toLowerCase()}.${n + 1}@${pick(sampleWords)}.example`;
      case "integer": {
        const least = Math.ceil(field.minimum ?? 0);
        return least + (random() < 0.5 ? int(0, 9) : int(10, 999));
      }
      case "number":
        return (field.minimum ?? 0) + Math.round(random() * 1_000_000) / 100;
      case "boolean":
        return random() < 0.3;
      case "date":
      case "datetime": {
        const days = futureName.test(field.name) ? int(1, 180) : -int(0, 400);
        const ms = asOfMs + days * dayMs - int(0, 86_399) * 1000;
        return field.type === "date" ? minuteIso(ms).slice(0, 10) : minuteIso(ms);
      }
      case "picklist": {
        const values = usable.get(field.name)!;
        return values.length > 0 ? pick(values) : null;
      }
      case "multipicklist": {
        const values = usable.get(field.name)!;
        if (values.length === 0) return [];
        const chosen = new Set(Array.from({ length: int(field.required ? 1 : 0, Math.min(3, values.length)) }, () => pick(values)));
        if (field.required && chosen.size === 0) chosen.add(values[0]!);
        return values.filter((v) => chosen.has(v));
      }
    }
  };

  /** Unique per lead: the draft's id where it fits, else one made from the index in the field's type. */
  const idOf = (field: FieldDefinition, draft: Value | undefined, n: number): Value => {
    const kept = fits(field, draft);
    if (kept !== undefined && kept !== null) return kept;
    switch (field.type) {
      case "integer":
      case "number":
        return Math.max(0, Math.ceil(field.minimum ?? 1)) + n;
      case "email":
        return `lead.${n + 1}@sample.example`;
      default:
        // Other types cannot hold a unique id; a string id is what a dictionary normally has.
        return field.type === "string"
          ? `${field.name.slice(0, 3).toUpperCase()}-${String(n + 1).padStart(6, "0")}`
          : byType({ ...field, required: true }, n);
    }
  };

  return (draft, n) => {
    const lead: SampleLead = {};
    for (const field of fields) {
      // Only the draft's own id is unique (its emails and names repeat), so only it may become the id.
      if (field.name === dictionary.idField) lead[field.name] = idOf(field, field.name === draftIdField ? draft[field.name] : undefined, n);
      else if (productionFields.has(field.name) && !field.required) lead[field.name] = null;
      else {
        const kept = fits(field, Object.hasOwn(draft, field.name) ? draft[field.name] : undefined);
        lead[field.name] = kept === undefined ? byType(field, n) : kept;
      }
    }
    return lead;
  };
}
