/**
 * Lead rows from one sheet of an XLSX workbook, read through SheetJS (`@e965/xlsx`, see docs/decisions.md).
 * A workbook is a ZIP archive read whole, so it is held to limits first: the file's size, and what its
 * parts inflate to (each part is inflated with a cap before the library sees it, so a part that claims to
 * be small and is not, a zip bomb, is caught). Values keep their type: text as written, numbers, booleans;
 * a date cell becomes naive text (`yyyy-MM-dd`, or `yyyy-MM-dd HH:mm:ss` with a time), with no time zone
 * applied: the value converter applies the profile's. A formula cell gives the value it was saved with.
 */
import { inflateRawSync } from "node:zlib";
import type { CellObject, WorkBook } from "@e965/xlsx";
import { UsageError } from "../diagnostics/index.js";
import type { RowInput } from "./lead-input.js";
import { readInputBytes } from "./input-file.js";
import { duplicateColumn } from "./read-csv.js";
import type { LeadLayout } from "./lead-input.js";

/** The largest workbook read; larger exports are better read as CSV, which is streamed. */
export const maxXlsxBytes = 50 * 1024 * 1024;
/** What all parts of a workbook may inflate to together. */
export const maxXlsxInflatedBytes = 512 * 1024 * 1024;
/** Parts in one workbook (a real one has a few dozen). */
const maxXlsxParts = 10_000;

const sizeHint = "Export the report as CSV instead (CSV is read as a stream), or split the workbook.";

/** The rows of the layout's sheet: `{ columns }`, title rows above the header as `dropped`, then records. */
export async function* readXlsxRows(file: string, shown: string, layout: LeadLayout): AsyncGenerator<RowInput> {
  const bytes = readInputBytes(file, { what: "lead file", limit: maxXlsxBytes });
  checkZip(bytes, shown);
  // Loaded when a workbook is read: a megabyte of code every other command does without.
  const { read, SSF } = await import("@e965/xlsx");
  let book: WorkBook;
  try {
    // Only the sheet asked for is parsed; cached formula values, not formulas; number formats, to tell dates.
    book = read(bytes, {
      type: "buffer",
      dense: true,
      cellNF: true,
      cellDates: false,
      cellFormula: false,
      cellHTML: false,
      cellText: false,
      cellStyles: false,
      sheets: layout.sheet ?? 0,
    });
  } catch (error) {
    throw new UsageError(
      `${shown} cannot be read as an XLSX workbook: ${(error as Error).message}`,
      "Save the file again from Excel as an .xlsx workbook (not password-protected).",
    );
  }
  const name = layout.sheet ?? book.SheetNames[0];
  const sheet = name === undefined ? undefined : book.Sheets[name];
  if (name === undefined || !sheet) {
    const there = book.SheetNames.map((n) => JSON.stringify(n)).join(", ");
    throw new UsageError(
      `${shown} has no sheet ${JSON.stringify(name ?? "")}; its sheets are ${there || "none"}`,
      "Set sheet in the file's profile to one of these names (they are matched exactly).",
    );
  }
  const date1904 = Boolean(book.Workbook?.WBProps?.date1904);
  const data = (sheet["!data"] ?? []) as (CellObject[] | undefined)[];
  const where = `${shown}, sheet ${JSON.stringify(name)}`;

  const header = layout.headerRow - 1;
  for (let r = 0; r < Math.min(header, data.length); r++) {
    const cells = Array.from(data[r] ?? [], (cell) => textOf(cellValue(cell, date1904, SSF)));
    while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
    if (cells.length > 0) yield { dropped: { line: r + 1, text: cells.join("\t"), why: "title" } };
  }
  // Array.from, not map: a row of a sheet is sparse, and map would leave its empty cells as holes.
  const written = Array.from(data[header] ?? [], (cell) => textOf(cellValue(cell, date1904, SSF)));
  while (written.length > 0 && written[written.length - 1]!.trim() === "") written.pop();
  if (written.length === 0)
    throw new UsageError(
      `${where}: row ${layout.headerRow}, where its profile says the column names are, is empty`,
      "Set headerRow in the file's profile to the row holding the column names.",
    );
  // A title or summary row has cells without a name between its values; two unnamed columns cannot be told apart.
  const unnamed = written.filter((c) => c.trim() === "").length;
  if (unnamed > 1)
    throw new UsageError(
      `${where}, row ${layout.headerRow}: ${unnamed} of its ${written.length} cells up to the last one are empty, so it is not a row of column names`,
      `Set sheet and headerRow in the export's profile (or a LeadMapping's profile) to the sheet and row holding the column names; the workbook's sheets are ${book.SheetNames.map((n) => JSON.stringify(n)).join(", ")}.`,
    );
  const duplicate = duplicateColumn(written);
  if (duplicate !== undefined)
    throw new UsageError(
      `${where}, row ${layout.headerRow}: ${duplicate}`,
      "Rename or remove one of them: which one holds the value cannot be known.",
    );
  // Records are keyed by the names as announced (trimmed): " email" is the column email.
  const names = written.map((c) => c.trim());
  yield { columns: names };

  let afterBlank = false;
  for (let r = header + 1; r < data.length; r++) {
    const row = data[r];
    const values: Record<string, unknown> = {};
    let any = false;
    for (let c = 0; c < written.length; c++) {
      const value = cellValue(row?.[c], date1904, SSF);
      if (value !== "") any = true;
      values[names[c]!] = value;
    }
    // A row without any value is a blank line, skipped as in CSV; the footer rule needs to know it was there.
    if (!any) {
      afterBlank = true;
      continue;
    }
    yield { record: { row: r + 1, values }, afterBlank };
    afterBlank = false;
  }
}

function textOf(value: string | number | boolean): string {
  return typeof value === "string" ? value : String(value);
}

/** Excel's error values, by the code SheetJS keeps. */
const errorTexts: Record<number, string> = {
  0x00: "#NULL!",
  0x07: "#DIV/0!",
  0x0f: "#VALUE!",
  0x17: "#REF!",
  0x1d: "#NAME?",
  0x24: "#NUM!",
  0x2a: "#N/A",
  0x2b: "#GETTING_DATA",
};

/** A cell's value: text as written, numbers, booleans, dates as naive text; "" for an empty cell. */
/** The library's number-format functions (typed `any` by the library). */
interface Formats {
  is_date(format: string): boolean;
  parse_date_code(serial: number, options: { date1904: boolean }): { y: number; m: number; d: number; H: number; M: number; S: number };
}

function cellValue(cell: CellObject | undefined, date1904: boolean, formats: Formats): string | number | boolean {
  if (!cell || cell.v === undefined || cell.v === null) return "";
  switch (cell.t) {
    case "s":
      return String(cell.v);
    case "b":
      return Boolean(cell.v);
    case "e":
      return errorTexts[cell.v as number] ?? "#ERROR";
    case "d":
      return cell.v instanceof Date ? naiveDate(cell.v) : String(cell.v);
    case "n":
      return typeof cell.z === "string" && formats.is_date(cell.z)
        ? dateText(formats.parse_date_code(cell.v as number, { date1904 }), Number.isInteger(cell.v))
        : (cell.v as number);
    default:
      return "";
  }
}

const two = (n: number) => String(n).padStart(2, "0");

/** A date serial's parts as naive text: whole days as `yyyy-MM-dd`, anything else with its time to the second. */
function dateText(parts: { y: number; m: number; d: number; H: number; M: number; S: number }, wholeDay: boolean): string {
  const day = `${String(parts.y).padStart(4, "0")}-${two(parts.m)}-${two(parts.d)}`;
  return wholeDay ? day : `${day} ${two(parts.H)}:${two(parts.M)}:${two(parts.S)}`;
}

/** A Date SheetJS made of a stored ISO date (`t="d"`): its wall-clock parts as written, read in UTC. */
function naiveDate(date: Date): string {
  const day = `${String(date.getUTCFullYear()).padStart(4, "0")}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  const whole = date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0;
  return whole ? day : `${day} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

/**
 * Checks a workbook's ZIP archive before it is parsed: a readable central directory, not too many parts, and
 * every part inflating to no more than it declares, all together within `maxXlsxInflatedBytes`. Inflating with
 * a cap (native zlib) costs a fraction of the parse and is the only way to know what a part really holds.
 */
function checkZip(bytes: Buffer, shown: string): void {
  const notWorkbook = (why: string) =>
    new UsageError(
      `${shown} is not an XLSX workbook: ${why}`,
      "Save the file from Excel as an .xlsx workbook; an old .xls or a password-protected file cannot be read.",
    );
  const tooLarge = (why: string) => new UsageError(`${shown} is too large to read: ${why}`, sizeHint);
  // The end-of-central-directory record: 22 bytes, then a comment of up to 64 KiB.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end === -1) throw notWorkbook("it is not a ZIP archive");
  const parts = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  if (parts > maxXlsxParts) throw tooLarge(`it has ${parts} parts, more than ${maxXlsxParts}`);
  let total = 0;
  for (let i = 0; i < parts; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw notWorkbook("its ZIP directory is damaged");
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const inflated = bytes.readUInt32LE(at + 24);
    const local = bytes.readUInt32LE(at + 42);
    const nameLength = bytes.readUInt16LE(at + 28);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    // ZIP64 sizes (0xFFFFFFFF) mean parts of 4 GiB and more.
    if (inflated === 0xffffffff || compressed === 0xffffffff) throw tooLarge("a part of it is 4 GiB or more");
    total += inflated;
    if (total > maxXlsxInflatedBytes) throw tooLarge(`its parts hold more than ${maxXlsxInflatedBytes / 1024 / 1024} MiB uncompressed`);
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) throw notWorkbook("its ZIP directory is damaged");
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (method === 8) {
      try {
        inflateRawSync(bytes.subarray(start, start + compressed), { maxOutputLength: Math.max(1, inflated) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
          throw tooLarge("a part of it inflates to more than it declares (a ZIP bomb)");
        throw notWorkbook(`a part of it cannot be inflated (${(error as Error).message})`);
      }
    } else if (method !== 0) throw notWorkbook(`a part of it is compressed with method ${method}`);
    else if (compressed !== inflated) throw notWorkbook("its ZIP directory is damaged");
  }
}
