/**
 * CSV cells for spreadsheets. Excel, LibreOffice and Google Sheets run a cell
 * that starts with `=`, `+`, `-` or `@` as a formula (and TAB or CR can hide
 * such a start), so a text cell starting with one of them gets a leading
 * single quote, the OWASP rule for CSV injection. Numbers leadrules computed
 * itself (scores, which may be negative) are not text from a file or a
 * policy and stay numbers; a number-looking string from a lead is text and
 * is quoted like any other. Bidirectional and terminal controls show as
 * escapes (bidi.ts), so a cell cannot reorder what the sheet shows or run an
 * escape sequence on the terminal it is printed to.
 */
import { stringify } from "csv-stringify/sync";
import { escapeControls } from "./bidi.js";

export type CsvCell = string | number | null | undefined;

export interface CsvOptions {
  /** Write text cells exactly as they are (`--raw-csv`), for tools that read the CSV as data, not as a sheet (on stdout the output boundary still escapes bidirectional controls). */
  raw?: boolean;
}

const formulaStart = /^[=+\-@\t\r]/;

/** One cell as a spreadsheet will read it: text that would start a formula is prefixed with `'`, bidirectional controls escaped. */
export function spreadsheetCell(cell: CsvCell): string | number {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return cell;
  const text = escapeControls(cell);
  return formulaStart.test(text) ? `'${text}` : text;
}

/** CSV rows (RFC 4180 quoting), every text cell neutralised unless `raw`. */
export function csvRows(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  return stringify(options.raw ? rows.map((r) => r.map((c) => c ?? "")) : rows.map((r) => r.map(spreadsheetCell)));
}
