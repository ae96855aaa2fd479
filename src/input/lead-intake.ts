/**
 * The input contract every command that reads leads shares. It checks the
 * export's columns against what the policies and the mapping need before a
 * lead is decided, turns each record into a lead (a bad value leaves its field
 * empty and flags the row; a row without a lead id, or that could not be read,
 * is rejected), and ends with the `ReadReport`: what was read, what was wrong,
 * aggregated, and whether the input is good enough to exit 0.
 */
import { UsageError, type Diagnostic } from "../diagnostics/index.js";
import type { PipelineStep } from "../model/facts.js";
import type { Lead } from "../model/lead.js";
import type { DictionarySpec, FieldDefinition } from "../model/policy.js";
import type { ReadSettings } from "../model/import-profile.js";
import { createNormalizer, describeFieldProblem, type FieldProblem, type Normalized, type Normalizer } from "./normalize.js";
import { fieldsOf, rankSources } from "./read-settings.js";
import { allowedBadRows, ProblemGroups, type MissingField, type ProblemGroup, type ReadReport } from "./read-report.js";

export interface IntakeOptions {
  /** The file as shown in messages. */
  file: string;
  settings: ReadSettings;
  /** Dictionary field -> steps that read it (compile/field-reads.ts). */
  reads: ReadonlyMap<string, PipelineStep[]>;
  /** Fields the run may go on without (`--allow-missing`). */
  allowMissing?: readonly string[];
  /** `--max-bad-rows`: a count or a share (`5%`); default 0. */
  maxBadRows?: string;
  /** Hears of every bad row, with its values when it could be read (`--rejects`). */
  onBadRow?: (bad: BadRow) => void;
  /**
   * `false`: the header is noted, but an export without an id column or lacking needed fields is read on
   * rather than stopped (`inspect` reports what is there; the read report still says what is missing).
   */
  checkHeader?: boolean;
  /** A worker thread's intake: it counts batches for the main thread, which caps the problem groups of the whole file. */
  inWorker?: boolean;
}

/** A row rejected, or decided with a value read as empty: what `--rejects` writes. */
export interface BadRow {
  line: number;
  status: "rejected" | "flagged";
  reasons: string[];
  values?: Record<string, unknown>;
  /** The file's header, when it has one: the columns a rejects file repeats. */
  columns?: readonly string[];
}

/** A record read: the lead and its flagged fields, or nothing (rejected). */
export interface TakenLead {
  lead: Lead;
  /** Fields read as empty because their value was bad or missing, with the steps that read them. */
  flagged: readonly { field: string; steps: PipelineStep[] }[];
  problems: readonly FieldProblem[];
}

/** The counts of part of a file, read in a worker thread, handed to the main thread's intake in input order. */
export interface IntakeTally {
  rows: number;
  decided: number;
  rejected: number;
  flagged: number;
  unreadable: number;
  groups: ProblemGroup[];
  fed: string[];
  filled: string[];
}

const noFlags: TakenLead["flagged"] = [];

export class LeadIntake {
  readonly normalizer: Normalizer;
  private readonly fields: FieldDefinition[];
  private readonly groups: ProblemGroups;
  private rows = 0;
  private decided = 0;
  private rejected = 0;
  private flagged = 0;
  private unreadable = 0;
  private readonly dropped = { title: 0, footer: 0, lines: [] as number[] };
  /** Fields with at least one of their columns in the file (from the header, or seen in a record). */
  private readonly fed = new Set<string>();
  private header: readonly string[] | undefined;
  /** Fields that had a value in at least one row. */
  private readonly filled = new Set<string>();
  /** Fields not yet found in a record of a file without a header, and fields not yet seen with a value: shrinking lists, so a row costs less once they are found. */
  private readonly unfed: string[];
  private readonly unfilled: string[];

  constructor(
    private readonly dictionary: DictionarySpec,
    private readonly options: IntakeOptions,
  ) {
    this.fields = fieldsOf(dictionary);
    const names = this.fields.map((f) => f.name);
    const unknown = (options.allowMissing ?? []).filter((name) => !names.includes(name));
    if (unknown.length > 0)
      throw new UsageError(
        `--allow-missing names ${unknown.map((n) => JSON.stringify(n)).join(", ")}, which ${unknown.length === 1 ? "is not a field" : "are not fields"} of the data dictionary`,
        `Name dictionary fields, separated by commas: ${names.join(", ")}`,
      );
    this.normalizer = createNormalizer(dictionary, options.settings);
    this.groups = new ProblemGroups(options.inWorker ? Infinity : undefined);
    this.unfed = [...names];
    this.unfilled = [...names];
  }

  /** The header of a CSV or spreadsheet: an export the settings cannot read, or that lacks needed columns, stops here. */
  columns(header: readonly string[]): void {
    this.header = header;
    const present = new Set(header);
    for (const field of this.fields) if (this.columnsOf(field.name).some((c) => present.has(c))) this.fed.add(field.name);
    if (this.options.checkHeader === false) return;
    if (!this.fed.has(this.dictionary.idField)) throw this.unmapped(header);
    const missing = this.missing().filter((m) => !m.allowed);
    if (missing.length > 0) throw missingColumns(this.options.file, this.options.settings.readBy, missing);
  }

  droppedLine(line: number, why: "title" | "footer"): void {
    this.dropped[why]++;
    if (this.dropped.lines.length < 20) this.dropped.lines.push(line);
  }

  /** A part of the file the reader could not read, or a record it could not parse: the row is rejected. */
  reject(problem: Diagnostic): void {
    this.rows++;
    this.rejected++;
    if (problem.code === "input/unreadable") this.unreadable++;
    this.options.onBadRow?.({
      line: problem.location?.line ?? 0,
      status: "rejected",
      reasons: [problem.message],
      ...(this.header ? { columns: this.header } : {}),
    });
    this.groups.add({
      code: problem.code,
      column: "",
      problem: problem.message,
      hint: problem.hint ?? "",
      line: problem.location?.line ?? 0,
      rejected: true,
    });
  }

  /**
   * One record: its lead, or undefined when it has no lead id (rejected). `normalized` is the record as this
   * intake's normalizer reads it, when the caller has it already (a diff whose versions read leads alike).
   */
  take(values: Record<string, unknown>, row: number, normalized?: Normalized): TakenLead | undefined {
    this.rows++;
    // A file without a header (NDJSON, JSON) shows its columns record by record; each field is looked for until found.
    if (!this.header) {
      for (let i = this.unfed.length - 1; i >= 0; i--) {
        const field = this.unfed[i]!;
        if (this.columnsOf(field).some((c) => Object.hasOwn(values, c))) {
          this.fed.add(field);
          this.unfed.splice(i, 1);
        }
      }
    }
    const { lead, problems } = normalized ?? this.normalizer.normalize(values, row);
    const taken = this.count(lead, problems, row);
    if (this.options.onBadRow && (taken === undefined || problems.length > 0)) {
      const reasons = problems.map(describeFieldProblem);
      if (taken === undefined)
        reasons.unshift(
          `no lead id (column ${
            this.columnsOf(this.dictionary.idField)
              .map((c) => JSON.stringify(c))
              .join(" or ") || "not mapped"
          })`,
        );
      this.options.onBadRow({
        line: row,
        status: taken ? "flagged" : "rejected",
        reasons,
        values,
        ...(this.header ? { columns: this.header } : {}),
      });
    }
    return taken;
  }

  private count(lead: Lead, problems: readonly FieldProblem[], row: number): TakenLead | undefined {
    const id = this.dictionary.idField;
    for (const p of problems)
      this.groups.add({
        code: p.kind === "missing-value" ? "input/missing-value" : "input/row",
        column: p.column,
        field: p.field,
        problem: p.problem,
        value: p.kind === "bad-value" ? p.value : undefined,
        hint: p.hint,
        line: row,
        ...(p.field === id ? { rejected: true as const } : {}),
      });
    for (let i = this.unfilled.length - 1; i >= 0; i--) {
      const field = this.unfilled[i]!;
      if (lead[field] !== null && lead[field] !== undefined) {
        this.filled.add(field);
        this.unfilled.splice(i, 1);
      }
    }
    if (lead[id] === null || lead[id] === undefined) {
      if (!problems.some((p) => p.field === id))
        this.groups.add({
          code: "input/missing-value",
          column: this.columnsOf(id)[0] ?? id,
          field: id,
          problem: `is empty: a lead without its ${id} cannot be reported`,
          hint: "Every lead needs its id; fill the column in the export.",
          line: row,
          rejected: true,
        });
      this.rejected++;
      return undefined;
    }
    this.decided++;
    if (problems.length > 0) this.flagged++;
    // Most rows have no problem: they share one empty list.
    const flagged =
      problems.length === 0 ? noFlags : problems.map((p) => ({ field: p.field, steps: this.options.reads.get(p.field) ?? [] }));
    return { lead, flagged, problems };
  }

  /** The counts since the last call, which start again from zero (a worker's batch). */
  takeTally(): IntakeTally {
    const tally: IntakeTally = {
      rows: this.rows,
      decided: this.decided,
      rejected: this.rejected,
      flagged: this.flagged,
      unreadable: this.unreadable,
      groups: this.groups.take(),
      fed: [...this.fed],
      filled: [...this.filled],
    };
    this.rows = this.decided = this.rejected = this.flagged = this.unreadable = 0;
    return tally;
  }

  /** Counts from a worker's batch, in input order. */
  addTally(tally: IntakeTally): void {
    this.rows += tally.rows;
    this.decided += tally.decided;
    this.rejected += tally.rejected;
    this.flagged += tally.flagged;
    this.unreadable += tally.unreadable;
    for (const group of tally.groups) this.groups.merge(group);
    for (const field of tally.fed) this.fed.add(field);
    for (const field of tally.filled) this.filled.add(field);
  }

  report(): ReadReport {
    const missing = this.missing();
    const readFields = [...this.options.reads.keys()];
    const empty = readFields.filter((f) => this.fed.has(f) && !this.filled.has(f) && this.decided > 0);
    const notInExport = this.fields.map((f) => f.name).filter((f) => !this.fed.has(f) && !missing.some((m) => m.field === f));
    const maxBadRows = this.options.maxBadRows ?? "0";
    const allowance = allowedBadRows(maxBadRows, this.rows);
    const bad = this.rejected + this.flagged;
    const failures: string[] = [];
    const blocking = missing.filter((m) => !m.allowed);
    // A file without a header (NDJSON, JSON) shows what it holds only record by record.
    if (!this.fed.has(this.dictionary.idField) && this.rows > 0)
      failures.push(
        `no record has a value for the lead id (${this.dictionary.idField}) when read by ${this.options.settings.readBy}: the export needs --source or --mapping (leadrules inspect --suggest drafts a mapping)`,
      );
    if (blocking.length > 0)
      failures.push(`${blocking.length} field(s) the policies need are not in the export: ${blocking.map((m) => m.field).join(", ")}`);
    if (this.unreadable > 0) failures.push(`${this.unreadable} part(s) of the file could not be read, so leads may be missing`);
    if (this.decided === 0) failures.push("no lead could be decided");
    if (bad > allowance)
      failures.push(
        `${bad} bad row(s) (${this.rejected} rejected, ${this.flagged} with a bad or missing value), more than --max-bad-rows ${maxBadRows} allows (${allowance})`,
      );
    return {
      file: this.options.file,
      readBy: this.options.settings.readBy,
      ...(this.header ? { columns: [...this.header] } : {}),
      rows: this.rows,
      decided: this.decided,
      rejected: this.rejected,
      flagged: this.flagged,
      dropped: this.dropped,
      missing,
      empty,
      notInExport,
      // A field no column feeds is reported once as missing, not once per row as an empty value.
      problems: this.groups
        .sorted()
        .filter((g) => !(g.code === "input/missing-value" && g.field !== undefined && missing.some((m) => m.field === g.field))),
      allowance: { maxBadRows, rows: allowance },
      failures,
    };
  }

  private columnsOf(field: string): string[] {
    return this.options.settings.fields[field]?.columns ?? [];
  }

  /**
   * Required fields, fields the policies read, and fields a mapping file names, that the export does not feed.
   * Without a header (JSON, NDJSON, YAML) only required fields count: JSON writers leave out null keys, so a
   * key no record carries is no evidence of a missing column (it is listed as not in the export).
   */
  private missing(): MissingField[] {
    const allow = new Set([...(this.options.allowMissing ?? []), ...this.options.settings.absent]);
    const explicit = new Set(this.options.settings.explicit);
    const needed = (f: FieldDefinition) =>
      f.required || (this.header !== undefined && (this.options.reads.has(f.name) || explicit.has(f.name)));
    return this.fields
      .filter((f) => !this.fed.has(f.name) && needed(f))
      .map((f) => ({
        field: f.name,
        columns: this.columnsOf(f.name),
        steps: this.options.reads.get(f.name) ?? [],
        required: f.required ?? false,
        allowed: allow.has(f.name) && !f.required && !explicit.has(f.name),
      }));
  }

  private unmapped(header: readonly string[]): UsageError {
    const { file, settings } = this.options;
    const known = new Set(Object.values(settings.fields).flatMap((s) => s.columns));
    const unmapped = header.filter((c) => c !== "" && !known.has(c));
    const idColumns = this.columnsOf(this.dictionary.idField);
    const shown =
      unmapped
        .slice(0, 12)
        .map((c) => JSON.stringify(c))
        .join(", ") + (unmapped.length > 12 ? ` and ${unmapped.length - 12} more` : "");
    const best = rankSources(this.dictionary, header)[0];
    const tryFirst =
      best && best.matched > 0
        ? `Try --source ${best.id} (its mapping matches ${best.matched} of the ${header.length} columns), or describe`
        : "Describe";
    return new UsageError(
      `${file} has no column for the lead id (${this.dictionary.idField}: ${idColumns.length > 0 ? idColumns.map((c) => JSON.stringify(c)).join(" or ") : "no column mapped"}) when read by ${settings.readBy}; ${unmapped.length} of its ${header.length} columns are not mapped to any field: ${shown}`,
      `${tryFirst} the export in a mapping file: leadrules inspect --leads ${file} --suggest writes a draft to edit; then pass --mapping FILE.`,
      [{ code: "input/unmapped", severity: "error", message: `no column for the lead id; unmapped columns: ${shown}`, location: { file } }],
    );
  }
}

/** Needed fields the export lacks, named with the columns they are read from and the steps that read them. */
export function missingColumns(file: string, readBy: string, missing: readonly MissingField[]): UsageError {
  const lines = missing.map(
    (m) =>
      `${m.field} (${m.columns.length > 0 ? `column ${m.columns.map((c) => JSON.stringify(c)).join(" or ")}` : "no column mapped"}; ${m.required ? "required" : m.steps.length > 0 ? `read by ${m.steps.join(", ")}` : "named in the mapping"})`,
  );
  const optional = missing.filter((m) => !m.required).map((m) => m.field);
  return new UsageError(
    `${file} lacks ${missing.length} field(s) the policies need, read by ${readBy}: ${lines.join("; ")}`,
    `Check the column names in the export (leadrules inspect --leads ${file} shows them) and the mapping${optional.length > 0 ? `. To decide the leads as if these fields were empty, list them under absent: in the mapping file, or pass: --allow-missing ${optional.join(",")}` : "."}`,
    [
      {
        code: "input/missing-column",
        severity: "error",
        message: `not in the export: ${missing.map((m) => m.field).join(", ")}`,
        location: { file },
      },
    ],
  );
}
