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
import { escapeControls } from "./bidi.js";

export type CsvCell = string | number | null | undefined;

export interface CsvOptions {
  /** Write text cells exactly as they are (`--raw-csv`), for tools that read the CSV as data, not as a sheet (on stdout and stderr the output boundary still shows bidirectional and terminal controls as escapes). */
  raw?: boolean;
}

const formulaStart = /^[=+\-@\t\r]/;

/** One cell as a spreadsheet will read it: text that would start a formula is prefixed with `'`, bidirectional and terminal controls escaped. */
export function spreadsheetCell(cell: CsvCell): string | number {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return cell;
  const text = escapeControls(cell);
  return formulaStart.test(text) ? `'${text}` : text;
}

/**
 * RFC 4180 quoting, the rule csv-stringify applies by default (a cell with a comma, a quote or a line break
 * is quoted and its quotes doubled). Written out because csv-stringify's per-call set-up cost 13 µs a row, half
 * of simulating the lead; tests/fast-paths.test.ts keeps the two equal on random cells.
 */
const needsQuotes = /[",\r\n]/;

/** One cell as CSV text, neutralised for spreadsheets unless `raw`. */
export function csvCell(cell: CsvCell, options: CsvOptions = {}): string {
  const value = options.raw ? (cell ?? "") : spreadsheetCell(cell);
  const text = typeof value === "number" ? String(value) : value;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * `csvCell` of a string or null, for the rows the fused row function writes (fused/fused-row.ts): printable
 * ASCII without a quote or comma that does not start a formula is the cell as it is, with no regular
 * expression run; anything else goes to `csvCell`. tests/fast-paths.test.ts keeps the two equal.
 */
export function csvTextCell(value: string | null, options: CsvOptions = {}): string {
  if (value === null) return "";
  const first = value.charCodeAt(0);
  // `=` `+` `-` `@` start a formula (TAB and CR are below the printable range).
  if (first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40) return csvCell(value, options);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x2c) return csvCell(value, options);
  }
  return value;
}

/** Cells joined by commas, without the line end (a part of a row). */
export function csvCells(cells: readonly CsvCell[], options: CsvOptions = {}): string {
  let text = "";
  for (let i = 0; i < cells.length; i++) text += (i === 0 ? "" : ",") + csvCell(cells[i], options);
  return text;
}

/** CSV rows (RFC 4180 quoting), every text cell neutralised unless `raw`. */
export function csvRows(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  let text = "";
  for (const row of rows) text += csvCells(row, options) + "\n";
  return text;
}

/**
 * A date's CSV cell: ISO text is digits and `-:.TZ+` only, a cell as it is unless a year outside 0000-9999
 * starts it with a sign, which the formula guard must see.
 */
export function dateCell(date: string | null, options: CsvOptions): string {
  if (date === null) return "";
  const first = date.charCodeAt(0);
  return first === 0x2b || first === 0x2d ? csvCell(date, options) : date;
}
