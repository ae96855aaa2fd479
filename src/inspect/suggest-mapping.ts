/**
 * `inspect --suggest`: a draft `LeadMapping` for an export the dictionary
 * does not govern yet, from what `inspect` saw. Headers are matched to field
 * names, labels and the systems' column names after normalising case and
 * punctuation, allowing a typo or two in long names (fastest-levenshtein);
 * only confident matches whose values fit the field's type are kept, one
 * column per field. Picklist values the dictionary does not know are mapped
 * to the most similar value, each marked `# check`. Everything from the file
 * reaches the YAML as a value through the yaml package, or inside a comment
 * with its line breaks taken out, so a header cannot add a line of its own.
 */
import path from "node:path";
import { distance } from "fastest-levenshtein";
import { Document, isMap, isPair, isScalar, type Pair, type YAMLMap } from "yaml";
import { isKnownSpelling, multipicklistItems, picklistSpellings } from "../input/convert-values.js";
import { fieldsOf } from "../input/read-settings.js";
import type { ImportProfile } from "../model/import-profile.js";
import type { DictionarySpec, FieldDefinition } from "../model/policy.js";
import type { ColumnProfile, ValueCount } from "./column-profile.js";
import type { DetectedType } from "./detect-type.js";
import { rfc3339Format } from "./detect-type.js";
import { noSpellings, yesSpellings, type Inspection } from "./inspect-leads.js";

export interface SuggestOptions {
  /** The export's file name (the mapping's name is made from it). */
  file: string;
  /** The schema path for the editor's modeline, relative to where the draft is written. */
  schema?: string;
}

/** What the draft matched, for tests and the summary line. */
export interface MappingSuggestion {
  yaml: string;
  /** Dictionary field -> the column the draft reads it from. */
  columns: Record<string, string>;
  /** Columns the draft leaves unmapped. */
  unmatched: string[];
}

const trueSpellings = new Set(yesSpellings);
const falseSpellings = new Set(noSpellings);

export function suggestLeadMapping(dictionary: DictionarySpec, inspection: Inspection, options: SuggestOptions): MappingSuggestion {
  const { profile } = inspection;
  const fields = fieldsOf(dictionary);
  const columns = profile.columns.filter((c) => c.name.trim() !== "");
  const { matched, mismatched } = matchColumns(dictionary, fields, columns);
  // The lead id must be mapped for the draft to read any lead; a guess (the first column) beats an invalid file.
  const guessedId = !matched[dictionary.idField] && columns[0] !== undefined;
  if (guessedId) matched[dictionary.idField] = columns[0]!.name;
  const unmatched = columns.map((c) => c.name).filter((c) => !Object.values(matched).includes(c));
  const nullMarkers = markersSeen(columns);
  const nullKeys = new Set(nullMarkers.map((m) => m.toLowerCase()));

  const doc = new Document({
    apiVersion: "leadrules/v1",
    kind: "LeadMapping",
    metadata: {
      name: mappingName(options.file),
      description: `A draft from leadrules inspect --suggest of ${path.basename(options.file)}, read by ${profile.readBy}; check every line marked "check" and every column left unmapped before use.`,
    },
    spec: {
      profile: draftProfile({ ...inspection, conversions: dictionary.conversions }, nullMarkers, columns),
      columns: matched,
      values: {} as Record<string, Record<string, string>>,
    },
  });
  const checks: { field: string; label: string; why: string }[] = [];
  const values: Record<string, Record<string, string>> = {};
  for (const field of fields) {
    const column = matched[field.name];
    if (!column || !field.values) continue;
    const known = picklistSpellings(field);
    const seen = new Set<string>();
    for (const { value } of inspection.values.get(column) ?? []) {
      const items = field.type === "multipicklist" ? multipicklistItems(value) : [value];
      for (const item of items) {
        const key = item.toLowerCase();
        if (nullKeys.has(key) || isKnownSpelling(known, item) || seen.has(key)) continue;
        seen.add(key);
        const closest = closestValue(field, item);
        (values[field.name] ??= {})[item] = closest;
        checks.push({ field: field.name, label: item, why: `closest of the ${field.label} values by spelling` });
      }
    }
  }
  doc.setIn(["spec", "values"], doc.createNode(values));
  if (Object.keys(values).length === 0) doc.deleteIn(["spec", "values"]);

  doc.commentBefore = [
    ` yaml-language-server: $schema=${options.schema ?? "schemas/lead-mapping.schema.json"}`,
    comment(` A draft: columns were matched by name and values by spelling. Lines marked "check" are guesses.`),
  ].join("\n");
  const columnsNode = doc.getIn(["spec", "columns"], true) as YAMLMap;
  if (guessedId) commentOn(columnsNode, dictionary.idField, "check: no column looked like the lead id; this is the first column");
  const notes = [
    ...mismatched.map((m) => `${quoted(m.column)} looks like ${m.field} by name, but holds ${m.type} values, not ${m.wanted}`),
    unmatched.length > 0 ? `not mapped: ${unmatched.map(quoted).join(", ")}` : "",
  ].filter(Boolean);
  if (notes.length > 0) columnsNode.comment = notes.map((n) => ` ${comment(n)}`).join("\n");
  // Fields the policies read that no column matched: simulate refuses them until they are mapped, or said absent.
  const unread = inspection.profile.fields.filter(
    (f) => f.readBy.length > 0 && !f.required && !(f.field in (doc.toJS().spec.columns as Record<string, string>)),
  );
  const specNode = doc.get("spec", true) as YAMLMap;
  if (unread.length > 0) {
    specNode.comment = [
      " The policies read these fields and no column matched them. Map each under columns, or, if the export",
      " really does not carry them, uncomment absent: leads are then decided as if they were empty, and every",
      " summary says so.",
      ` absent: [${unread.map((f) => f.field).join(", ")}]`,
    ].join("\n");
  }
  for (const check of checks) {
    const map = doc.getIn(["spec", "values", check.field], true) as YAMLMap;
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === check.label);
    if (pair && isScalar(pair.value)) pair.value.comment = " check";
  }
  const profileNode = doc.getIn(["spec", "profile"], true);
  if (isMap(profileNode)) {
    const dates = [...columns].filter((c) => c.dateFormat === "ambiguous");
    if (dates.length > 0)
      profileNode.comment = ` ${comment(`check: ${dates.map((c) => quoted(c.name)).join(", ")} read as month-first and as day-first; the first format is a guess`)}`;
    const formats = profileNode.items.find((p) => isScalar(p.key) && (p.key.value === "dateTimeFormats" || p.key.value === "dateFormats"));
    if (formats && isScalar(formats.key))
      formats.key.commentBefore =
        " timeZone: the zone of times written without an offset (default UTC); add it if the export is not in UTC";
  }
  return {
    yaml: doc.toString({ lineWidth: 0 }),
    columns: Object.fromEntries(Object.entries(doc.toJS().spec.columns as Record<string, string>)),
    unmatched,
  };
}

/** A text for a comment: one line, whatever it held. */
function comment(text: string): string {
  return text.replace(/[\r\n\u0085\u2028\u2029]+/g, " ");
}

/** A value from the file in a comment: JSON-quoted, so a `#`, a quote or a line break shows as text. */
function quoted(text: string): string {
  return comment(JSON.stringify(text));
}

function commentOn(map: YAMLMap, key: string, text: string): void {
  const pair = map.items.find((p): p is Pair => isPair(p) && isScalar(p.key) && p.key.value === key);
  if (pair && isScalar(pair.value)) pair.value.comment = ` ${comment(text)}`;
}

/** `hubspot-crm-exports-all-contacts-2026-06-02.csv` -> `hubspot-crm-exports-all-contacts-2026-06-02`. */
export function mappingName(file: string): string {
  const base = path.basename(file).replace(/\.[^.]*$/, "");
  const name = normalizeAccents(base)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+|-+$/g, "");
  return name === "" ? "export" : name;
}

function normalizeAccents(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}

/** Case, accents, spaces and punctuation do not count: `Lead-Nr.` and `lead nr` are one name. */
export function normalizeName(text: string): string {
  return normalizeAccents(text)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** The names a column of this field may carry: field name, label, and every system's column name and label. */
function namesOf(field: FieldDefinition): string[] {
  const names = [field.name, field.label];
  for (const mapping of Object.values(field.mappings ?? {})) {
    if (!mapping) continue;
    names.push(
      mapping.field,
      ...(mapping.field.includes(".") ? [mapping.field.split(".").pop()!] : []),
      ...(mapping.label ? [mapping.label] : []),
      ...(mapping.coalesce ?? []),
    );
  }
  return [...new Set(names.map(normalizeName).filter(Boolean))];
}

/** How far two normalised names may be apart and still be one: exact for short names, a typo or two for long ones. */
function allowedDistance(length: number): number {
  return length >= 12 ? 2 : length >= 6 ? 1 : 0;
}

const fits: Record<FieldDefinition["type"], (t: DetectedType) => boolean> = {
  string: () => true,
  email: (t) => t === "email" || t === "empty",
  number: (t) => t === "number" || t === "integer" || t === "empty",
  integer: (t) => t === "integer" || t === "empty",
  boolean: (t) => t === "boolean" || t === "empty",
  date: (t) => t === "date" || t === "datetime" || t === "empty",
  datetime: (t) => t === "date" || t === "datetime" || t === "empty",
  picklist: (t) => t !== "date" && t !== "datetime" && t !== "email",
  multipicklist: (t) => t !== "date" && t !== "datetime" && t !== "email",
};

function matchColumns(dictionary: DictionarySpec, fields: FieldDefinition[], columns: ColumnProfile[]) {
  const pairs: { column: number; field: number; distance: number }[] = [];
  const mismatched: { column: string; field: string; type: DetectedType; wanted: string }[] = [];
  const names = fields.map(namesOf);
  columns.forEach((column, ci) => {
    const header = normalizeName(column.name);
    if (header === "") return;
    fields.forEach((field, fi) => {
      const best = Math.min(...names[fi]!.map((n) => (Math.abs(n.length - header.length) > 2 ? Infinity : distance(n, header))));
      if (best > allowedDistance(header.length)) return;
      if (!fits[field.type](column.type)) {
        mismatched.push({ column: column.name, field: field.name, type: column.type, wanted: field.type });
        return;
      }
      pairs.push({ column: ci, field: fi, distance: best });
    });
  });
  pairs.sort((a, b) => a.distance - b.distance || a.column - b.column || a.field - b.field);
  const matched: Record<string, string> = {};
  const taken = new Set<number>();
  for (const p of pairs) {
    const field = fields[p.field]!.name;
    if (matched[field] !== undefined || taken.has(p.column)) continue;
    matched[field] = columns[p.column]!.name;
    taken.add(p.column);
  }
  // An id column rarely carries the dictionary's name for it: the first column named "... ID" with a value in every row, all different.
  if (matched[dictionary.idField] === undefined) {
    const id = columns.findIndex(
      (c, i) =>
        !taken.has(i) &&
        /(^|[^a-z])id$/i.test(c.name.trim()) &&
        c.rows > 0 &&
        c.filled === c.rows &&
        !c.distinct.more &&
        c.distinct.count === c.rows,
    );
    if (id >= 0) matched[dictionary.idField] = columns[id]!.name;
  }
  // Fields in dictionary order, so the draft reads like the dictionary.
  const ordered: Record<string, string> = {};
  for (const f of fields) if (matched[f.name] !== undefined) ordered[f.name] = matched[f.name]!;
  return { matched: ordered, mismatched: mismatched.filter((m) => ordered[m.field] === undefined) };
}

/**
 * The picklist value whose value or label is most like `text`: a shared word (`Referral Sites` and
 * `Partner Referral`) or one name inside the other counts most, then the edit distance.
 */
function closestValue(field: FieldDefinition, text: string): string {
  const wanted = normalizeName(text);
  const words = wordsOf(text);
  let best = field.values![0]!.value;
  let bestScore = Infinity;
  for (const option of field.values!) {
    for (const name of [option.value, option.label]) {
      const candidate = normalizeName(name);
      const longest = Math.max(candidate.length, wanted.length, 1);
      const shared = [...wordsOf(name)].some((w) => words.has(w));
      const inside = candidate !== "" && wanted !== "" && (candidate.includes(wanted) || wanted.includes(candidate));
      const score = (inside ? 0 : shared ? 0.5 : 1) + distance(candidate, wanted) / longest;
      if (score < bestScore) {
        bestScore = score;
        best = option.value;
      }
    }
  }
  return best;
}

function wordsOf(text: string): Set<string> {
  return new Set(
    normalizeAccents(text)
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 3),
  );
}

function markersSeen(columns: ColumnProfile[]): string[] {
  const markers: string[] = [];
  const keys = new Set<string>();
  for (const c of columns) {
    for (const { value } of c.nullMarkers) {
      if (keys.has(value.toLowerCase())) continue;
      keys.add(value.toLowerCase());
      markers.push(value);
    }
  }
  return markers;
}

function draftProfile(
  inspection: Inspection & { conversions: DictionarySpec["conversions"] },
  nullMarkers: string[],
  columns: ColumnProfile[],
): ImportProfile {
  const { layout } = inspection.settings;
  const delimiter = (layout.delimiter ?? inspection.profile.delimiter) as ImportProfile["delimiter"];
  // Rows that are not UTF-8 in a file read as UTF-8: most often Excel's "CSV" on Windows, which is Windows-1252.
  const notUtf8 =
    layout.encoding === "utf-8" &&
    inspection.profile.read.problems.some((g) => g.code === "input/unreadable" && g.problem.includes("not valid UTF-8"));
  const profile: ImportProfile = {
    ...(delimiter ? { delimiter } : {}),
    encoding: notUtf8 ? "windows-1252" : layout.encoding,
    headerRow: layout.headerRow,
    footer: "auto",
    ...(layout.sheet ? { sheet: layout.sheet } : {}),
  };
  if (nullMarkers.length > 0) profile.nullMarkers = ["", ...nullMarkers];
  const booleans = columns.filter((c) => c.type === "boolean").flatMap((c) => inspection.values.get(c.name) ?? []);
  const trueValues = unique(booleans.map((v) => v.value).filter((v) => trueSpellings.has(v.toLowerCase())));
  const falseValues = unique(booleans.map((v) => v.value).filter((v) => falseSpellings.has(v.toLowerCase())));
  const conversions = inspection.conversions;
  const knownBooleans = new Set([...conversions.trueValues, ...conversions.falseValues]);
  if ([...trueValues, ...falseValues].some((v) => !knownBooleans.has(v))) {
    profile.trueValues = trueValues;
    profile.falseValues = falseValues;
  }
  const formats = (type: DetectedType) =>
    unique(
      columns
        .filter((c) => c.type === type && c.dateFormat !== undefined)
        .map((c) => (c.dateFormat === "ambiguous" ? c.dateFormats![0]! : c.dateFormat!))
        .filter((f) => f !== rfc3339Format),
    );
  const dateFormats = formats("date");
  const dateTimeFormats = formats("datetime");
  if (dateFormats.length > 0) profile.dateFormats = dateFormats;
  if (dateTimeFormats.length > 0) profile.dateTimeFormats = dateTimeFormats;
  const numbers = columns.flatMap((c) => (c.numberFormat ? [c.numberFormat] : []));
  const currency = unique(numbers.flatMap((n) => n.currency));
  // One writing for the whole file: a decimal comma or a thousands dot anywhere makes it European (a column of
  // "2.5" in such a file is ambiguous, and the profile is one per export).
  const europe = numbers.some((n) => n.decimal === "," || n.thousands === ".");
  if (numbers.some((n) => n.thousands !== null || n.decimal !== null) || currency.length > 0) {
    profile.numbers = { thousands: europe ? "." : ",", decimal: europe ? "," : ".", ...(currency.length > 0 ? { currency } : {}) };
  }
  return profile;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

export type { ValueCount };
