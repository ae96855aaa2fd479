/**
 * `inspect`: a profile of an export before anything is decided. Every record
 * goes through the same intake `simulate` uses (with the header check off and
 * every field allowed missing, so an unmapped export is profiled, not
 * refused), so the read report here is the one `simulate` would give; beside
 * it, each column is profiled (column-profile.ts), each dictionary field says
 * which column feeds it, picklist values the dictionary does not know are
 * counted, and rows with a single filled cell are counted as junk.
 */
import type { PipelineStep } from "../model/facts.js";
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import { fieldReads } from "../compile/field-reads.js";
import { planPolicies } from "../compile/plan.js";
import { LeadIntake, type IntakeOptions } from "../input/lead-intake.js";
import { createValueConverter, isKnownSpelling, multipicklistItems, picklistSpellings } from "../input/convert-values.js";
import type { ReadReport } from "../input/read-report.js";
import { fieldsOf, rankSources, resolveReadSettings } from "../input/read-settings.js";
import type { LeadInput } from "../load/lead-input.js";
import type { ReadSettings } from "../model/import-profile.js";
import type { FieldDefinition } from "../model/policy.js";
import { byCount, ColumnProfiler, maxDistinct, type ColumnProfile, type ValueCount } from "./column-profile.js";

export interface FieldProfile {
  field: string;
  label: string;
  type: FieldDefinition["type"];
  required: boolean;
  /** Pipeline steps whose policies read the field (empty: none). */
  readBy: PipelineStep[];
  /** Columns of this export that feed it, in the settings' order of preference; empty: not in this export. */
  columns: string[];
  /** Picklists fed by a column: values the dictionary (and the settings' value map) does not know, most frequent first. */
  unknownValues?: ValueCount[];
  /** More unknown values than were counted one by one. */
  moreUnknownValues?: boolean;
}

export interface InspectProfile {
  file: string;
  /** How the columns were read: `--source hubspot`, `--mapping x.yaml`, `the data dictionary's field names`. */
  readBy: string;
  /** Records (rows that are leads or meant to be; titles and footers are not rows). */
  rows: number;
  /** The dictionary's lead id field. */
  idField: string;
  /** CSV: the delimiter the file was read with (given, or told from its header). */
  delimiter?: string;
  columns: ColumnProfile[];
  fields: FieldProfile[];
  /** Required fields no column of this export feeds. */
  missingRequired: string[];
  /** Rows with one filled cell in a file of several columns: notes, subtotals, stray text. */
  junkRows: { count: number; lines: number[] };
  /** Lines that are no leads: report titles above the header and footers below the rows (the first 20 shown). */
  dropped: { title: number; footer: number; lines: { line: number; why: "title" | "footer"; text: string }[] };
  /** How many of this export's columns each system of the dictionary maps (`--source`), best first. */
  sources: { id: string; matched: number }[];
  /** The read report `simulate` would give for this file and these settings. */
  read: ReadReport;
}

/** The profile, and what a draft mapping needs besides: every column's distinct values (up to the cap) and the settings used. */
export interface Inspection {
  profile: InspectProfile;
  /** Column -> its distinct values with counts, most frequent first (at most the cap of column-profile.ts). */
  values: ReadonlyMap<string, ValueCount[]>;
  settings: ReadSettings;
}

export interface InspectOptions {
  /** The file as shown in reports. */
  file: string;
  /** How to read it; default: by the dictionary's field names. */
  read?: ReadSettings;
  /** As for `simulate`, so the read report is the one it would give. */
  allowMissing?: readonly string[];
  maxBadRows?: string;
  onBadRow?: IntakeOptions["onBadRow"];
}

const junkLinesShown = 20;
const droppedLinesShown = 20;

/** Profiles the records of an export read by `options.read`; the read report is finished once `inputs` ends (add a join report after). */
export async function inspectLeads(
  set: PolicySet,
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  options: InspectOptions,
): Promise<Inspection> {
  const dictionary = specOf(set, "DataDictionary")!;
  const settings = options.read ?? resolveReadSettings(dictionary);
  const reads = fieldReads(planPolicies(set));
  const fields = fieldsOf(dictionary);
  // The header check off: an unmapped export, or one lacking needed fields, is profiled; the read report still says what simulate would.
  const intake = new LeadIntake(dictionary, {
    file: options.file,
    settings,
    reads,
    checkHeader: false,
    ...(options.allowMissing ? { allowMissing: options.allowMissing } : {}),
    ...(options.maxBadRows !== undefined ? { maxBadRows: options.maxBadRows } : {}),
    ...(options.onBadRow ? { onBadRow: options.onBadRow } : {}),
  });
  const converter = createValueConverter(settings.values);
  const booleans = new Set(
    [...settings.values.trueValues, ...settings.values.falseValues, ...booleanSpellings].map((v) => v.toLowerCase()),
  );
  const profilers = new Map<string, ColumnProfiler>();
  const profilerOf = (column: string) => {
    let profiler = profilers.get(column);
    if (!profiler) profilers.set(column, (profiler = new ColumnProfiler(column, converter.isNull, booleans)));
    return profiler;
  };
  const picklists = new PicklistGaps(fields, settings);
  const junk = { count: 0, lines: [] as number[] };
  const dropped: InspectProfile["dropped"] = { title: 0, footer: 0, lines: [] };
  let header: string[] | undefined;
  let delimiter: string | undefined;
  let rows = 0;

  for await (const input of inputs) {
    if ("columns" in input) {
      header = input.columns;
      delimiter = input.delimiter;
      for (const column of header) profilerOf(column);
      intake.columns(header);
      picklists.header(header);
    } else if ("dropped" in input) {
      dropped[input.dropped.why]++;
      if (dropped.lines.length < droppedLinesShown) dropped.lines.push(input.dropped);
      intake.droppedLine(input.dropped.line, input.dropped.why);
    } else if ("problem" in input) {
      intake.reject(input.problem);
    } else {
      const { values, row } = input.record;
      rows++;
      // A file without a header (NDJSON, JSON) names its columns record by record.
      if (!header) {
        if (rows === 1) picklists.header(Object.keys(values));
        for (const key of Object.keys(values)) profilerOf(key);
      }
      let filled = 0;
      for (const [column, profiler] of profilers) if (profiler.see(values[column])) filled++;
      if (filled === 1 && profilers.size > 1) {
        junk.count++;
        if (junk.lines.length < junkLinesShown) junk.lines.push(row);
      }
      picklists.see(values, converter.isNull);
      intake.take(values, row);
    }
  }

  const columnNames = [...profilers.keys()];
  const present = new Set(columnNames);
  const feeds = (column: string) => fields.filter((f) => settings.fields[f.name]?.columns.includes(column)).map((f) => f.name);
  const fieldProfiles: FieldProfile[] = fields.map((f) => {
    const columns = (settings.fields[f.name]?.columns ?? []).filter((c) => present.has(c));
    const gaps = picklists.of(f.name);
    return {
      field: f.name,
      label: f.label,
      type: f.type,
      required: f.required ?? false,
      readBy: reads.get(f.name) ?? [],
      columns,
      ...(gaps ? { unknownValues: gaps.values, ...(gaps.more ? { moreUnknownValues: true } : {}) } : {}),
    };
  });
  const profile: InspectProfile = {
    file: options.file,
    readBy: settings.readBy,
    rows,
    idField: dictionary.idField,
    ...(delimiter !== undefined ? { delimiter } : {}),
    columns: columnNames.map((c) => profilers.get(c)!.profile(rows, feeds(c))),
    fields: fieldProfiles,
    missingRequired: fieldProfiles.filter((f) => f.required && f.columns.length === 0).map((f) => f.field),
    junkRows: junk,
    dropped,
    sources: rankSources(dictionary, columnNames),
    read: intake.report(),
  };
  return { profile, values: new Map(columnNames.map((c) => [c, profilers.get(c)!.distinctValues()])), settings };
}

/** Spellings of yes and no that exports use, in the languages seen so far: a column of only these is yes/no. */
export const yesSpellings = ["true", "yes", "y", "1", "ja", "oui", "si", "sí"];
export const noSpellings = ["false", "no", "n", "0", "nein", "non"];
const booleanSpellings = [...yesSpellings, ...noSpellings];

/** Picklist values of the fed picklist fields that neither the dictionary nor the settings' value map knows. */
class PicklistGaps {
  private readonly readers: {
    field: FieldDefinition;
    spellings: Map<string, string>;
    columns: string[];
    unknown: Map<string, number>;
    more: boolean;
  }[] = [];

  constructor(
    private readonly fields: FieldDefinition[],
    private readonly settings: ReadSettings,
  ) {}

  header(columns: readonly string[]): void {
    const present = new Set(columns);
    for (const field of this.fields) {
      if (!field.values) continue;
      const source = this.settings.fields[field.name];
      const fed = (source?.columns ?? []).filter((c) => present.has(c));
      if (fed.length > 0)
        this.readers.push({ field, spellings: picklistSpellings(field, source?.values), columns: fed, unknown: new Map(), more: false });
    }
  }

  see(values: Record<string, unknown>, isNull: (raw: unknown) => boolean): void {
    for (const reader of this.readers) {
      // As the normalizer reads it: the first of the field's columns with a value.
      const column = reader.columns.find((c) => !isNull(values[c]));
      if (column === undefined) continue;
      const text = String(values[column]).trim();
      const items = reader.field.type === "multipicklist" ? multipicklistItems(text) : [text];
      for (const item of items) {
        if (isKnownSpelling(reader.spellings, item)) continue;
        const count = reader.unknown.get(item);
        if (count !== undefined) reader.unknown.set(item, count + 1);
        else if (reader.unknown.size < maxDistinct) reader.unknown.set(item, 1);
        else reader.more = true;
      }
    }
  }

  of(field: string): { values: ValueCount[]; more: boolean } | undefined {
    const reader = this.readers.find((r) => r.field.name === field);
    return reader && { values: byCount(reader.unknown), more: reader.more };
  }
}
