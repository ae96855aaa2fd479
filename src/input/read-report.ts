/**
 * What was read from an export, for every command that reads leads: rows,
 * leads decided, rows rejected, rows with a flagged field, lines that were no
 * leads (titles, report footers), fields not in the export, and the problems
 * aggregated by column, problem and value (a count and the first lines), so a
 * million bad rows are a few lines, not a million. Counts only; memory stays
 * bounded whatever the file.
 */
import type { DiagnosticCode } from "../diagnostics/index.js";
import type { PipelineStep } from "../model/facts.js";

/** What joining a second export by key (`--join`) found. */
export interface JoinReport {
  file: string;
  on: string;
  /** Rows of the joined file. */
  rows: number;
  /** Leads that found a row. */
  matched: number;
  /** Rows of the joined file whose key no lead has (counted once the leads are read). */
  unmatched: number;
  /** Rows of the joined file whose key an earlier row had (ignored). */
  repeated: number;
  /** Rows of the joined file without a key (ignored). */
  keyless: number;
  /** Columns of the joined file the leads file has too: the leads' values are kept. */
  shadowed: string[];
}

/** One kind of problem: where, what, which value, how often and on which lines first. */
export interface ProblemGroup {
  code: DiagnosticCode;
  /** The column, or "" for a problem with the whole row. */
  column: string;
  field?: string;
  problem: string;
  /** The value, as text; absent when the group holds many different values (`various`) or none. */
  value?: string;
  /** The group counts further values of its column and problem together, past the cap on distinct groups. */
  various?: true;
  /** Its rows were rejected (not decided), not flagged. */
  rejected?: true;
  count: number;
  /** The first lines it was seen on (at most `firstLines`). */
  lines: number[];
  hint: string;
}

/** A field the policies or the mapping need that the export lacks. */
export interface MissingField {
  field: string;
  /** Columns it would be read from; empty when nothing maps it. */
  columns: string[];
  /** Steps that read it (empty: required, or named in the mapping). */
  steps: PipelineStep[];
  required: boolean;
  /** `--allow-missing` let the run go on without it. */
  allowed: boolean;
}

export interface ReadReport {
  file: string;
  /** How the columns were read: `--source sfdc-report`, `--mapping x.yaml`, `the data dictionary's field names`. */
  readBy: string;
  /** The header as written, when the file has one (CSV, spreadsheets). */
  columns?: string[];
  /** Lead records in the file (decided or rejected). */
  rows: number;
  decided: number;
  /** Rows not decided: unreadable, or without a lead id. */
  rejected: number;
  /** Decided rows with at least one bad or missing value (read as empty). */
  flagged: number;
  /** Lines that were not leads: report titles above the header, footers below the rows. */
  dropped: { title: number; footer: number; lines: number[] };
  /** Fields needed but not in the export (an error unless allowed). */
  missing: MissingField[];
  /** Fields the policies read whose column is there but empty in every row. */
  empty: string[];
  /** Other dictionary fields this export does not feed (for information). */
  notInExport: string[];
  problems: ProblemGroup[];
  /** Bad rows (rejected + flagged) allowed by `--max-bad-rows`, and that setting as written. */
  allowance: { maxBadRows: string; rows: number };
  /** Why the input is not good enough; empty when the run may exit 0. */
  failures: string[];
  /** The export joined onto the leads (`--join`), when there is one. */
  join?: JoinReport;
}

export const firstLines = 5;
/** Distinct (column, problem, value) groups kept; further values of a column and problem are counted together. */
const maxGroups = 1000;

export class ProblemGroups {
  private readonly groups = new Map<string, ProblemGroup>();

  /** A worker's batch keeps every group (a batch is bounded); the main thread caps the whole file's. */
  constructor(private readonly cap = maxGroups) {}

  add(p: Omit<ProblemGroup, "count" | "lines" | "value"> & { value?: unknown; line: number }): void {
    const value = p.value === undefined || p.value === null ? undefined : typeof p.value === "string" ? p.value : JSON.stringify(p.value);
    this.merge({
      code: p.code,
      column: p.column,
      ...(p.field ? { field: p.field } : {}),
      problem: p.problem,
      ...(value !== undefined ? { value: value.length > 200 ? `${value.slice(0, 200)}…` : value } : {}),
      count: 1,
      lines: [p.line],
      hint: p.hint,
      ...(p.rejected ? { rejected: true as const } : {}),
    });
  }

  /** Adds a group counted elsewhere (a worker's batch, which comes after every line seen so far). */
  merge(other: ProblemGroup): void {
    const variousKey = `${other.code}\u0000${other.column}\u0000${other.problem}\u0001`;
    let key = other.various ? variousKey : `${other.code}\u0000${other.column}\u0000${other.problem}\u0000${other.value ?? ""}`;
    const various = other.various || (!this.groups.has(key) && this.groups.size >= this.cap);
    if (various) key = variousKey;
    let group = this.groups.get(key);
    if (!group) {
      const { value, various: _, ...rest } = other;
      group = { ...rest, ...(various ? { various: true as const } : value !== undefined ? { value } : {}), count: 0, lines: [] };
      this.groups.set(key, group);
    }
    group.count += other.count;
    // A worker's batch merges group by group, so two groups folded into one ("various") bring their lines out
    // of order: keep the first lines by number, as reading them one by one does.
    for (const line of other.lines) {
      if (group.lines.length === firstLines && line > group.lines[firstLines - 1]!) continue;
      let at = group.lines.length;
      while (at > 0 && group.lines[at - 1]! > line) at--;
      group.lines.splice(at, 0, line);
      if (group.lines.length > firstLines) group.lines.pop();
    }
  }

  /** The groups, emptied (a worker hands each batch's on). */
  take(): ProblemGroup[] {
    const groups = [...this.groups.values()];
    this.groups.clear();
    return groups;
  }

  /** Most frequent first; ties by first line, so the order is the same on every run. */
  sorted(): ProblemGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || a.lines[0]! - b.lines[0]! || a.column.localeCompare(b.column));
  }
}

/** `--max-bad-rows`: a count (`25`) or a share of the rows read (`5%`). */
export function allowedBadRows(maxBadRows: string, rows: number): number {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(maxBadRows);
  return percent ? Math.floor((Number(percent[1]) / 100) * rows) : Number(maxBadRows);
}

/** Whether a text is a `--max-bad-rows` value. */
export function isBadRowAllowance(text: string): boolean {
  return /^\d+$/.test(text) || (/^(\d+(?:\.\d+)?)%$/.test(text) && Number(text.slice(0, -1)) <= 100);
}
