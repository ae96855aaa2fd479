/**
 * Complete lead rows, for tests whose point is not the columns. Since issue #13 a CSV whose header lacks a
 * field the policies read fails at the header (exit 2), so a hand-made three-column CSV no longer reaches
 * what a test is about (escaping, pipes, output size, workers). These rows carry every column of
 * `policies/samples/leads.csv` (every field of the bundled dictionary, by its own name) with the values of
 * one of its rows, and a few cells overridden.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { specOf } from "../../src/index.js";
import { validSet } from "./policies.js";
import { bundledPolicies } from "./policy-fixtures.js";

const sampleLines = readFileSync(path.join(bundledPolicies, "samples/leads.csv"), "utf8").trimEnd().split("\n");
// The sample writes no quoted cells, so splitting at commas reads it; say so if that ever changes.
if (sampleLines.some((line) => line.includes('"')))
  throw new Error("policies/samples/leads.csv has quoted cells: full-leads.ts must parse it as CSV");

/** The sample's header: every column a lead file read by the dictionary's field names can have. */
export const fullColumns: readonly string[] = sampleLines[0]!.split(",");
const sampleRows = sampleLines.slice(1).map((line) => line.split(","));

/** How many sample rows there are to take values from. */
export const sampleRowCount = sampleRows.length;

/** Sample row `index` (wrapping around) as cells by column; empty cells are "". */
export function sampleLead(index = 0): Record<string, string> {
  const cells = sampleRows[index % sampleRows.length]!;
  return Object.fromEntries(fullColumns.map((column, i) => [column, cells[i] ?? ""]));
}

/**
 * One CSV line: sample row `index` with `overrides` replacing some cells. Overrides are written as given,
 * unquoted, so a test can put a stray quote, a NUL or a comma-free hostile text in a cell; a column not in
 * the header is an error (a typo would otherwise test nothing).
 */
export function fullLeadLine(overrides: Record<string, string>, index = 0): string {
  for (const column of Object.keys(overrides))
    if (!fullColumns.includes(column)) throw new Error(`full-leads: no column ${JSON.stringify(column)}`);
  const lead = { ...sampleLead(index), ...overrides };
  return fullColumns.map((column) => lead[column]).join(",");
}

/** The header line. */
export const fullHeader = fullColumns.join(",");

/** A whole CSV file: the header and one line per entry (its overrides, values from sample row i). */
export function fullLeadsCsv(rows: readonly Record<string, string>[]): string {
  return [fullHeader, ...rows.map((overrides, i) => fullLeadLine(overrides, i))].join("\n") + "\n";
}

/** The 1-based column (character offset in the line) where `column`'s cell starts in a line of `fullLeadLine`. */
export function cellStart(line: string, column: string): number {
  const index = fullColumns.indexOf(column);
  if (index < 0) throw new Error(`full-leads: no column ${JSON.stringify(column)}`);
  return line.split(",").slice(0, index).join(",").length + (index > 0 ? 1 : 0) + 1;
}

/**
 * An NDJSON-ready record of sample row `index` with `overrides`: the non-empty cells, as text (the reader
 * converts them by the dictionary). NDJSON has no header, so only required fields must be present; this
 * carries them all, and every other field the sample row fills.
 */
export function fullLeadRecord(overrides: Record<string, unknown> = {}, index = 0): Record<string, unknown> {
  const record: Record<string, unknown> = Object.fromEntries(Object.entries(sampleLead(index)).filter(([, value]) => value !== ""));
  return { ...record, ...overrides };
}

let required: string[] | undefined;

/** The fields the bundled dictionary requires (the lead id among them). */
export function requiredFields(): string[] {
  required ??= specOf(validSet(), "DataDictionary")!.objects.flatMap((o) => o.fields.filter((f) => f.required).map((f) => f.name));
  return required;
}

/**
 * A small NDJSON-ready record: only the required fields, from sample row `index`, with `overrides`. A file
 * without a header fails only for required fields no record carries, and a lead without a required value is
 * a bad row; fields the policies read but the record leaves out are simply empty. For tests of many leads.
 */
export function requiredLeadRecord(overrides: Record<string, unknown> = {}, index = 0): Record<string, unknown> {
  const lead = sampleLead(index);
  return { ...Object.fromEntries(requiredFields().map((field) => [field, lead[field]])), ...overrides };
}
