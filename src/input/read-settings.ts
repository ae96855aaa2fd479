/**
 * The one place that decides how an export is read: by the dictionary's field
 * names, by a system's mapping and profile (`--source`), or by a one-off
 * mapping file (`--mapping`). Every command that reads leads resolves its
 * `ReadSettings` here, so `simulate`, `audit`, `diff` and `inspect` can never
 * read one file two ways.
 */
import { UsageError, type Diagnostic } from "../diagnostics/index.js";
import type { LeadMappingFile } from "../validate/read-lead-mapping.js";
import { defaultNumberFormat, profileProblems, type ColumnSource, type ImportProfile, type ReadSettings } from "../model/import-profile.js";
import type { DictionarySpec, FieldDefinition } from "../model/policy.js";

/** How the leads of one command are to be read: at most one of a dictionary system and a mapping file. */
export interface ReadChoice {
  source?: string;
  mapping?: LeadMappingFile;
}

export function resolveReadSettings(dictionary: DictionarySpec, choice: ReadChoice = {}): ReadSettings {
  if (choice.source !== undefined && choice.mapping !== undefined) {
    throw new UsageError(
      "--source and --mapping both say how to read the export",
      "Give --source for a system of the data dictionary, or --mapping for a one-off export, not both.",
    );
  }
  if (choice.mapping) return fromMapping(dictionary, choice.mapping);
  if (choice.source !== undefined) return fromSystem(dictionary, choice.source);
  const fields: Record<string, ColumnSource> = {};
  for (const field of fieldsOf(dictionary)) fields[field.name] = { columns: [field.name] };
  return settings(dictionary, "the data dictionary's field names", {}, fields, [], []);
}

/** `--source` must name a system of the dictionary: checked once here for every reader and writer of leads. */
export function assertKnownSource(dictionary: DictionarySpec, source: string | undefined): void {
  if (source === undefined) return;
  const systems = dictionary.systems.map((s) => s.id);
  if (!systems.includes(source)) {
    throw new UsageError(
      `unknown source system "${source}"`,
      `--source takes a system id from the data dictionary: ${systems.join(", ")}.`,
    );
  }
}

function fromSystem(dictionary: DictionarySpec, source: string): ReadSettings {
  assertKnownSource(dictionary, source);
  const system = dictionary.systems.find((s) => s.id === source)!;
  const fields: Record<string, ColumnSource> = {};
  for (const field of fieldsOf(dictionary)) {
    const mapping = field.mappings?.[source];
    if (!mapping) continue;
    // `Lead.Email` is written `Lead.Email` by the API and `Email` by a report; a label export writes the label.
    const shortName = apiName.test(mapping.field) ? [mapping.field.split(".").pop()!] : [];
    const columns = unique([mapping.field, ...shortName, ...(mapping.label ? [mapping.label] : []), ...(mapping.coalesce ?? [])]);
    fields[field.name] = { columns, ...(mapping.values ? { values: mapping.values } : {}) };
  }
  const profile: ImportProfile = { ...system.profile, emptyDates: system.profile?.emptyDates ?? system.emptyDates ?? [] };
  return settings(dictionary, `--source ${source}`, profile, fields, [], []);
}

function fromMapping(dictionary: DictionarySpec, mapping: LeadMappingFile): ReadSettings {
  const { spec } = mapping.document;
  const known = new Map(fieldsOf(dictionary).map((f) => [f.name, f]));
  const problems: Diagnostic[] = [];
  const problem = (pointer: string, message: string, hint: string) =>
    problems.push({ code: "input/mapping", severity: "error", message, hint, location: mapping.sourceMap.locate(pointer) });
  const fields: Record<string, ColumnSource> = {};
  for (const [name, columns] of Object.entries(spec.columns)) {
    if (!known.has(name)) {
      problem(
        `/spec/columns/${name}`,
        `"${name}" is not a field of the data dictionary`,
        `Map columns to dictionary fields: ${[...known.keys()].join(", ")}.`,
      );
      continue;
    }
    fields[name] = { columns: typeof columns === "string" ? [columns] : columns };
  }
  for (const [name, labels] of Object.entries(spec.values ?? {})) {
    const field = known.get(name);
    if (!field?.values) {
      problem(
        `/spec/values/${name}`,
        field ? `${name} is a ${field.type} field, not a picklist` : `"${name}" is not a field of the data dictionary`,
        "Value maps are for picklist and multipicklist fields.",
      );
      continue;
    }
    const allowed = new Set(field.values.map((v) => v.value));
    for (const [label, value] of Object.entries(labels)) {
      if (!allowed.has(value))
        problem(
          `/spec/values/${name}/${label}`,
          `"${value}" is not a value of the ${field.label} picklist`,
          `Allowed: ${[...allowed].join(", ")}.`,
        );
    }
    if (fields[name]) fields[name] = { ...fields[name], values: labels };
    else
      problem(
        `/spec/values/${name}`,
        `${name} has a value map but no column in spec.columns`,
        `Add the column that feeds ${name} under spec.columns.`,
      );
  }
  (spec.absent ?? []).forEach((name, i) => {
    const field = known.get(name);
    if (!field)
      problem(
        `/spec/absent/${i}`,
        `"${name}" is not a field of the data dictionary`,
        `Name dictionary fields: ${[...known.keys()].join(", ")}.`,
      );
    else if (field.required)
      problem(
        `/spec/absent/${i}`,
        `${name} is required, so it cannot be absent`,
        `Map the column that holds ${field.label}; every lead needs it.`,
      );
    else if (fields[name])
      problem(`/spec/absent/${i}`, `${name} is mapped under spec.columns and listed as absent`, "Keep one of the two.");
  });
  for (const p of profileProblems(spec.profile ?? {})) problem(`/spec/profile${p.pointer}`, p.message, p.hint);
  if (problems.length > 0)
    throw new UsageError(
      `${mapping.file} does not fit the data dictionary`,
      "Fix the mapping file; `leadrules inspect --suggest` drafts one from an export.",
      problems,
    );
  return settings(dictionary, `--mapping ${mapping.file}`, spec.profile ?? {}, fields, Object.keys(fields), spec.absent ?? []);
}

function settings(
  dictionary: DictionarySpec,
  readBy: string,
  profile: ImportProfile,
  fields: Record<string, ColumnSource>,
  explicit: string[],
  absent: string[],
): ReadSettings {
  const conversions = dictionary.conversions;
  return {
    readBy,
    layout: {
      encoding: profile.encoding ?? "utf-8",
      headerRow: profile.headerRow ?? 1,
      footer: profile.footer ?? "auto",
      ...(profile.delimiter ? { delimiter: profile.delimiter } : {}),
      ...(profile.sheet ? { sheet: profile.sheet } : {}),
    },
    values: {
      nullMarkers: profile.nullMarkers ?? conversions.nullMarkers,
      trueValues: profile.trueValues ?? conversions.trueValues,
      falseValues: profile.falseValues ?? conversions.falseValues,
      dateFormats: profile.dateFormats ?? conversions.dateFormats,
      dateTimeFormats: profile.dateTimeFormats ?? [],
      timeZone: profile.timeZone ?? "UTC",
      emptyDates: profile.emptyDates ?? [],
      numbers: { ...defaultNumberFormat, ...profile.numbers },
    },
    fields,
    explicit,
    absent,
  };
}

/** The dictionary's systems by how many of an export's columns each one's mapping names, best first (ties by id). */
export function rankSources(dictionary: DictionarySpec, columns: readonly string[]): { id: string; matched: number }[] {
  return dictionary.systems
    .map((s) => {
      const known = new Set(Object.values(fromSystem(dictionary, s.id).fields).flatMap((f) => f.columns));
      return { id: s.id, matched: columns.filter((c) => known.has(c)).length };
    })
    .sort((a, b) => b.matched - a.matched || (a.id < b.id ? -1 : 1));
}

export function fieldsOf(dictionary: DictionarySpec): FieldDefinition[] {
  return dictionary.objects.flatMap((o) => o.fields);
}

/** An API field name such as `Lead.Email` (not a column label such as `No. of Employees`). */
const apiName = /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/;

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
