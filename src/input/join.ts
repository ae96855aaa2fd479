/**
 * `--join FILE --on COLUMN`: a second export (deals, opportunities, a
 * production snapshot) joined onto the leads by a key column, so its columns
 * can feed dictionary fields. The second file is read whole into a map by key
 * (it is the smaller side: one row per deal); the leads stream past it. A
 * column both files have keeps the leads' value; a key the second file
 * repeats keeps its first row. Both are counted and reported, never silent.
 */
import { UsageError } from "../diagnostics/index.js";
import { readLeadRecords } from "../load/read-leads.js";
import type { LeadInput } from "../load/lead-input.js";
import { displayPath } from "../load/read-policy-files.js";
import type { JoinReport, ReadReport } from "./read-report.js";

export interface JoinSpec {
  file: string;
  /** `COLUMN` (the same name in both files) or `LEADS_COLUMN=JOINED_COLUMN`. */
  on: string;
}

/** The leads with the joined file's columns added by key; `report` is filled in as they are read. */
export async function* joinLeads(leads: AsyncIterable<LeadInput>, spec: JoinSpec, report: JoinReport): AsyncGenerator<LeadInput> {
  const [leadKey, joinKey] = spec.on.includes("=") ? (spec.on.split("=", 2) as [string, string]) : [spec.on, spec.on];
  const shown = displayPath(spec.file);
  const rows = new Map<string, Record<string, unknown>>();
  let joinColumns: string[] | undefined;
  // The joined file is another system's export: read by the default layout (delimiter told from its header),
  // not by the leads' header row, sheet or encoding.
  for await (const input of readLeadRecords(spec.file)) {
    if ("columns" in input) {
      joinColumns = input.columns;
      if (!input.columns.includes(joinKey)) throw noKey(shown, joinKey, input.columns);
    } else if ("problem" in input) {
      throw new UsageError(`${shown} (joined with --join) could not be read: ${input.problem.message}`, input.problem.hint);
    } else if ("record" in input) {
      report.rows++;
      const key = keyOf(input.record.values[joinKey]);
      if (key === undefined) report.keyless++;
      else if (rows.has(key)) report.repeated++;
      else rows.set(key, input.record.values);
    }
  }
  const seen = new Set<string>();
  let shadowed: Set<string> | undefined;
  for await (const input of leads) {
    if ("columns" in input) {
      if (!input.columns.includes(leadKey)) throw noKey("the leads file", leadKey, input.columns);
      shadowed = new Set((joinColumns ?? []).filter((c) => input.columns.includes(c)));
      report.shadowed = [...shadowed].filter((c) => c !== joinKey).sort();
      yield { columns: [...input.columns, ...(joinColumns ?? []).filter((c) => !shadowed!.has(c))] };
      continue;
    }
    if (!("record" in input)) {
      yield input;
      continue;
    }
    const key = keyOf(input.record.values[leadKey]);
    const joined = key === undefined ? undefined : rows.get(key);
    if (!joined) {
      yield input;
      continue;
    }
    report.matched++;
    seen.add(key!);
    const values: Record<string, unknown> = Object.create(null);
    for (const [column, value] of Object.entries(joined)) if (!shadowed?.has(column)) values[column] = value;
    // The leads' own columns last: they win over the joined file's.
    for (const [column, value] of Object.entries(input.record.values)) values[column] = value;
    yield { record: { row: input.record.row, values } };
  }
  report.unmatched = [...rows.keys()].filter((k) => !seen.has(k)).length;
}

/**
 * Adds the join to a read report. A row of the joined file that repeats a key (which of two deals a lead gets
 * cannot be known) or has none is a bad row like a lead's, under the same `--max-bad-rows`.
 */
export function addJoinReport(report: ReadReport, join: JoinReport): void {
  report.join = join;
  const joinBad = join.repeated + join.keyless;
  if (joinBad > 0 && report.rejected + report.flagged + joinBad > report.allowance.rows) {
    report.failures.push(
      `${joinBad} row(s) of the joined file ${join.file} repeat a key (${join.repeated}) or have none (${join.keyless}), so which row a lead gets cannot be known`,
    );
  }
}

export function emptyJoinReport(spec: JoinSpec): JoinReport {
  return { file: displayPath(spec.file), on: spec.on, rows: 0, matched: 0, unmatched: 0, repeated: 0, keyless: 0, shadowed: [] };
}

function keyOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const key = String(value).trim();
  return key === "" ? undefined : key;
}

function noKey(file: string, column: string, columns: readonly string[]): UsageError {
  return new UsageError(
    `${file} has no column ${JSON.stringify(column)} to join on`,
    `--on names the key column (the same name in both files, or LEADS_COLUMN=JOINED_COLUMN); the columns there are: ${columns
      .slice(0, 20)
      .map((c) => JSON.stringify(c))
      .join(", ")}.`,
    [{ code: "input/join", severity: "error", message: `no column ${JSON.stringify(column)}`, location: { file, line: 1, column: 1 } }],
  );
}
