/**
 * CSV lead records, recovering from a record the parser cannot read. A quote that is never closed would
 * otherwise swallow the rest of the file into one field (ten thousand leads lost as "1 bad row"): the
 * parser stops at the first record it cannot read (at the latest once the record passes the size limit),
 * the problem is reported at the line that record starts on, and reading starts again, with the same
 * columns, on the line after it. Rows that cannot be read as written (a parse error, bytes that are not
 * UTF-8) are reported as `input/unreadable`, which fails the run: the file was not fully read.
 *
 * The layout says how the file is written: the delimiter (told from the header line when not given), the
 * encoding (UTF-8, or windows-1252 as Excel on Windows saves "CSV") and the line holding the column names
 * (report titles above it are reported as dropped lines). Windows-1252 bytes are parsed as latin1, one
 * byte one character, so every offset the recovery works with is still a byte offset of the file; the
 * 32 places where windows-1252 differs from latin1 are mapped afterwards.
 */
import { closeSync, openSync, readSync } from "node:fs";
import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { parse } from "csv-parse";
import { UsageError } from "../diagnostics/index.js";
import type { FileLayout } from "../model/import-profile.js";
import type { RowInput } from "./lead-input.js";
import { characterCount, cutSequenceLength, firstMalformedByte, isWellFormedUtf8, malformedUtf8Message } from "./utf8.js";

/** The longest record (in characters) or NDJSON line (in bytes) read; longer ones are unreadable rows. */
export const maxRecordBytes = 1 << 20;

/** Where CSV bytes come from: a stream from any offset, and random reads to find line ends after a failure. */
export interface CsvBytes {
  open(offset: number): Readable;
  /** Up to `length` bytes at `offset` (fewer at the end of the input). */
  readAt(offset: number, length: number): Buffer;
}

export function csvBytesOfFile(file: string, open: (offset: number) => Readable): CsvBytes {
  return {
    open,
    readAt(offset, length) {
      const fd = openSync(file, "r");
      try {
        const buffer = Buffer.alloc(length);
        return buffer.subarray(0, readSync(fd, buffer, 0, length, offset));
      } finally {
        closeSync(fd);
      }
    },
  };
}

export function csvBytesOfBuffer(bytes: Buffer, open: (offset: number) => Readable): CsvBytes {
  return { open, readAt: (offset, length) => bytes.subarray(offset, offset + length) };
}

export type Delimiter = NonNullable<FileLayout["delimiter"]>;

/** How one delimited file is read; `delimiter` undefined: told from the header line. */
export interface CsvLayout {
  delimiter: Delimiter | undefined;
  encoding: NonNullable<FileLayout["encoding"]>;
  /** 1-based line of the column names. */
  headerRow: number;
}

type CsvInput = RowInput;
type Unreadable = (line: number, column: number, message: string, hint: string) => CsvInput;

/** A record the parser stopped at: the bytes and lines read before it. */
interface Stop {
  error: Error & { code?: string };
  afterByte: number;
  afterLine: number;
  /** Lines before the failed record that are not records (the header, when no record came yet). */
  headerLines: number;
}

/**
 * The rows of a delimited file: `{ columns }` once, report title lines above the header as `dropped`,
 * then records (each saying whether a blank line came right before it, for the footer rule) and problems.
 */
export async function* readCsvRecords(input: CsvBytes, shown: string, layout: CsvLayout): AsyncGenerator<CsvInput> {
  const unreadable: Unreadable = (line, column, message, hint) => ({
    problem: { code: "input/unreadable", severity: "error", message, hint, location: { file: shown, line, column } },
  });
  const utf8 = layout.encoding === "utf-8";
  const bom = input.readAt(0, 3);
  const hasBom = bom.length === 3 && bom[0] === 0xef && bom[1] === 0xbb && bom[2] === 0xbf;
  if (hasBom && !utf8)
    throw new UsageError(
      `${shown}: this file starts with a UTF-8 byte order mark; its profile says windows-1252`,
      "Set encoding: utf-8 in the file's profile (the mark says the file is UTF-8), or save it again as windows-1252 (in Excel: CSV, not CSV UTF-8).",
    );
  let offset = hasBom ? 3 : 0;
  let firstLine = 1;
  // Report titles above the header: skipped, and reported, line by line.
  for (; firstLine < layout.headerRow; firstLine++) {
    const next = nextLineStart(input, offset);
    const end = next ?? offset + input.readAt(offset, maxRecordBytes + 2).length;
    if (end - offset > maxRecordBytes + 2)
      throw new UsageError(
        `${shown}:${firstLine}: line ${firstLine}, above the header, is longer than ${maxRecordBytes} bytes`,
        "Check headerRow in the file's profile: the lines above it are report titles, not rows.",
      );
    const text = decodeLine(input.readAt(offset, end - offset), utf8);
    if (text.trim() !== "") yield { dropped: { line: firstLine, text, why: "title" } };
    if (next === null)
      throw new UsageError(
        `${shown}: the file ends on line ${firstLine}, before the header line ${layout.headerRow} its profile names`,
        "Check headerRow in the file's profile, and that the export finished.",
      );
    offset = next;
  }
  const delimiter = layout.delimiter ?? detectDelimiter(headerLineBytes(input, offset));
  const parsing: Parsing = { delimiter, utf8, headerLine: firstLine };
  let columns: string[] | undefined;
  for (;;) {
    const segment = yield* readSegment(input.open(offset), offset, firstLine, columns, shown, unreadable, parsing);
    columns = segment.columns;
    const stop = segment.stop;
    if (!stop) return;
    if (!columns)
      throw new UsageError(
        `${shown}: the header line cannot be read: ${stop.error.message}`,
        `Line ${layout.headerRow} must name the columns, separated by ${delimiterName(delimiter)}.`,
      );
    const { line, next } = locateFailedLine(input, stop);
    const what =
      stop.error.code === "CSV_QUOTE_NOT_CLOSED"
        ? `a quote opened on line ${line} is never closed`
        : stop.error.code === "CSV_MAX_RECORD_SIZE"
          ? `the record starting on line ${line} runs past ${maxRecordBytes} characters (most likely a quote opened there is never closed)`
          : `line ${line} cannot be read as CSV (${stop.error.message})`;
    yield unreadable(
      line,
      1,
      `${shown}: ${what}; the rows after it were read from line ${line + 1} on`,
      'Fix the quotes on that line (a quote inside a value is written twice: ""). Until then the file is not fully read and the run fails.',
    );
    if (next === null) return;
    offset = next;
    firstLine = line + 1;
  }
}

/** What every segment of one file is parsed with. */
interface Parsing {
  delimiter: Delimiter;
  utf8: boolean;
  /** The line the column names are on. */
  headerLine: number;
}

function delimiterName(delimiter: Delimiter): string {
  return delimiter === "\t" ? "tabs" : delimiter === "," ? "commas" : delimiter === ";" ? "semicolons" : "pipes (|)";
}

const candidates: readonly Delimiter[] = [",", ";", "\t", "|"];

/** The delimiter occurring most often outside quotes in a header line; a comma when none does or on a tie. */
export function detectDelimiter(line: Uint8Array): Delimiter {
  const counts = [0, 0, 0, 0];
  let quoted = false;
  for (const byte of line) {
    if (byte === 34) quoted = !quoted;
    else if (!quoted) {
      const at = byte === 44 ? 0 : byte === 59 ? 1 : byte === 9 ? 2 : byte === 124 ? 3 : -1;
      if (at !== -1) counts[at]!++;
    }
  }
  let best = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i]! > counts[best]!) best = i;
  return candidates[best]!;
}

/** The first non-blank line from `offset` (at most the record limit), the header the delimiter is told from. */
function headerLineBytes(input: CsvBytes, offset: number): Buffer {
  for (let at = offset; ; ) {
    const bytes = input.readAt(at, maxRecordBytes);
    const nl = bytes.indexOf(10);
    const line = nl === -1 ? bytes : bytes.subarray(0, nl);
    if (line.some((b) => b !== 13 && b !== 32 && b !== 9) || nl === -1) return line;
    at += nl + 1;
  }
}

/**
 * Windows-1252 characters for the bytes 0x80-0x9F, where it differs from latin1 (WHATWG index-windows-1252;
 * the five bytes it leaves unassigned stay the C1 controls). Written out rather than taken from
 * `new TextDecoder("windows-1252")`: Node 20.18.3+ and 22.13.0+ decode these bytes as latin1 (nodejs/node#60888).
 */
const windows1252High =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";
const latin1High = /[\x80-\x9f]/g;

/** A value parsed as latin1, as windows-1252 reads it. */
function fromLatin1(text: string): string {
  latin1High.lastIndex = 0;
  return latin1High.test(text) ? text.replace(latin1High, (c) => windows1252High[c.charCodeAt(0) - 0x80]!) : text;
}

/** One line's bytes as text (a "\r" before its end dropped); leniently, since the line is only shown. */
function decodeLine(bytes: Buffer, utf8: boolean): string {
  const end =
    bytes.length > 0 && bytes[bytes.length - 1] === 10
      ? bytes.length > 1 && bytes[bytes.length - 2] === 13
        ? bytes.length - 2
        : bytes.length - 1
      : bytes.length;
  return utf8 ? new TextDecoder("utf-8").decode(bytes.subarray(0, end)) : fromLatin1(bytes.toString("latin1", 0, end));
}

/** Line breaks inside a record's values (a quoted value may span lines). */
function lineBreaksIn(values: Record<string | number, string>, lineBreak = "\n"): number {
  let n = 0;
  for (const key in values) {
    const value = values[key];
    if (typeof value !== "string") continue;
    for (let at = value.indexOf(lineBreak); at !== -1; at = value.indexOf(lineBreak, at + 1)) n++;
  }
  return n;
}

/** What reading from one offset ended with: the columns, and the record the parser stopped at, if any. */
interface SegmentEnd {
  columns: string[] | undefined;
  stop?: Stop;
}

/** Reads from one offset until the end of the input or the first record the parser cannot read. */
async function* readSegment(
  input: Readable,
  start: number,
  firstLine: number,
  known: string[] | undefined,
  shown: string,
  unreadable: Unreadable,
  parsing: Parsing,
): AsyncGenerator<CsvInput, SegmentEnd> {
  const parsed: { values: Record<string, string>; lines: number; bytes: number; extra: boolean }[] = [];
  /** csv-parse's running count of records whose length differs from the header's. */
  let ragged = 0;
  const malformed: { line: number; column: number }[] = [];
  const nuls: { line: number; column: number }[] = [];
  let columns = known;
  let duplicate: string | undefined;
  const parser = parse({
    // A BOM is skipped before the first segment; as latin1, a UTF-8 BOM would be read as "ï»¿".
    bom: false,
    delimiter: parsing.delimiter,
    encoding: parsing.utf8 ? "utf8" : "latin1",
    skip_empty_lines: true,
    relax_column_count: true,
    trim: false,
    max_record_size: maxRecordBytes,
    columns:
      known ??
      ((written: string[]) => {
        // Records are keyed by the names as announced (trimmed): " email" is the column email.
        const spelled = parsing.utf8 ? written : written.map(fromLatin1);
        // Duplicates are told from the names as written, so the message can show both spellings.
        duplicate = duplicateColumn(spelled);
        const names = spelled.map((name) => name.trim());
        columns = names;
        return names;
      }),
    // Records are taken as they are parsed, so none is lost when a later one fails.
    on_record: (values: Record<string, string>, context: { lines: number; bytes: number; invalid_field_length: number }) => {
      // A record of another length than the header whose keys are all there has more cells, which the parser
      // drops: most often a value with an unquoted delimiter, so every value after it is in the wrong column.
      const extra = context.invalid_field_length > ragged && columns !== undefined && Object.keys(values).length >= columns.length;
      ragged = context.invalid_field_length;
      parsed.push({ values, lines: context.lines, bytes: context.bytes, extra });
      return null;
    },
  });
  // The parser reports a bad record by destroying itself, which emits "error" a tick later; with no listener
  // that event kills the process whenever the consumer awaits real I/O in between (a worker batch, a file
  // write). The error is read from `parser.errored` below, the one place it is recovered from.
  parser.on("error", () => undefined);
  parser.resume();
  const headerLines = known === undefined ? 1 : 0;
  let announced = known !== undefined;
  let overCounted = 0;
  let lastLine = firstLine - 1;
  let lastBytes = 0;
  let seen = 0;
  /** The records parsed so far, or what is wrong with them. */
  function* take(): Generator<CsvInput> {
    const headerLine = parsing.headerLine;
    if (duplicate !== undefined)
      throw new UsageError(
        `${shown}:${headerLine}: ${duplicate}`,
        "Rename or remove one of them: which one holds the value cannot be known.",
      );
    if (headerLines === 1 && columns !== undefined && malformed[0]?.line === headerLine) {
      const { message, hint } = malformedUtf8Message(headerLine, malformed[0].column);
      throw new UsageError(`${shown}:${headerLine}: ${message}`, hint);
    }
    if (headerLines === 1 && columns !== undefined && nuls[0]?.line === headerLine)
      throw new UsageError(`${shown}:${headerLine}: ${nulMessage(headerLine, nuls[0].column)}`, nulHint);
    if (!announced && columns !== undefined) {
      announced = true;
      yield { columns: columns.map((name) => name.trim()), delimiter: parsing.delimiter };
    }
    for (const r of parsed) {
      const first = lastLine + 1;
      const header = seen === 0 && headerLines === 1 ? Object.fromEntries((columns ?? []).entries()) : undefined;
      // csv-parse counts a "\r\n" inside quotes as two lines; what it counted too many so far is taken off.
      if (firstLine - 1 + r.lines - overCounted > first)
        overCounted += lineBreaksIn(r.values, "\r\n") + (header ? lineBreaksIn(header, "\r\n") : 0);
      const last = firstLine - 1 + r.lines - overCounted;
      // Lines since the last record beyond the record's own (and the header's, before the first record) are blank ones.
      const afterBlank = last > first && last - first + 1 > 1 + lineBreaksIn(r.values) + (header ? 1 + lineBreaksIn(header) : 0);
      lastLine = last;
      lastBytes = r.bytes;
      seen++;
      const bad = firstWithin(malformed, first, last);
      const nul = firstWithin(nuls, first, last);
      if (bad) {
        const { message, hint } = malformedUtf8Message(bad.line, bad.column);
        yield unreadable(bad.line, bad.column, `${shown}: ${message}`, hint);
      } else if (nul) {
        yield {
          problem: {
            code: "input/row",
            severity: "error",
            message: `${shown}: ${nulMessage(nul.line, nul.column)}`,
            hint: nulHint,
            location: { file: shown, line: nul.line, column: nul.column },
          },
        };
      } else if (r.extra) {
        yield {
          problem: {
            code: "input/row",
            severity: "error",
            message: `${shown}: line ${last} has more values than the header has columns (${columns!.length}), so which value belongs to which column cannot be known`,
            hint: `Quote values that hold the delimiter ${delimiterName(parsing.delimiter)} ("Acme, Inc."), or check that the header names every column.`,
            location: { file: shown, line: last, column: 1 },
          },
        };
      } else yield { record: { row: last, values: parsing.utf8 ? r.values : fromLatin1Values(r.values) }, afterBlank };
    }
    parsed.length = 0;
  }

  const utf8 = new Utf8Lines(firstLine, malformed, nuls, parsing.utf8);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      utf8.check(chunk);
      parser.write(chunk);
      yield* take();
      if (parser.errored) break;
    }
    if (!parser.errored) {
      utf8.end();
      parser.end();
      await finished(parser).catch(() => undefined);
    }
    yield* take();
  } finally {
    input.destroy();
    parser.destroy();
  }
  const error = parser.errored as (Error & { code?: string }) | null;
  return error
    ? { columns, stop: { error, afterByte: start + lastBytes, afterLine: lastLine, headerLines: seen === 0 ? headerLines : 0 } }
    : { columns };
}

function fromLatin1Values(values: Record<string, string>): Record<string, string> {
  for (const key in values) {
    const value = values[key];
    if (typeof value === "string") values[key] = fromLatin1(value);
  }
  return values;
}

/**
 * What is wrong with the first column named twice, if any. Names that differ only in case, surrounding
 * spaces or a BOM count as the same name: columns are matched to fields exactly, so one of the two would be
 * read and the other silently ignored, and nobody looking at the file can tell which one the export meant.
 */
export function duplicateColumn(names: readonly string[]): string | undefined {
  const seen = new Map<string, string>();
  for (const name of names) {
    const key = name
      .replace(/\uFEFF/g, "")
      .trim()
      .toLowerCase();
    const earlier = seen.get(key);
    if (earlier === name) return `the column ${JSON.stringify(name)} appears more than once in the header`;
    if (earlier !== undefined)
      return `the columns ${JSON.stringify(earlier)} and ${JSON.stringify(name)} are one name written twice (they differ only in case, spaces or a BOM)`;
    seen.set(key, name);
  }
  return undefined;
}

/** Takes the places noted on lines before `last` off the front of `places`; the first one on `first`..`last`. */
function firstWithin(
  places: { line: number; column: number }[],
  first: number,
  last: number,
): { line: number; column: number } | undefined {
  let found: { line: number; column: number } | undefined;
  while (places.length > 0 && places[0]!.line <= last) {
    const place = places.shift()!;
    if (place.line >= first) found ??= place;
  }
  return found;
}

// A NUL is valid UTF-8 but no CRM writes one into a value: it marks a binary or UTF-16 file, or a value
// meant to cut a string short in whatever reads it next (C libraries, some databases and spreadsheets).
const nulHint = "Remove the NUL characters (\\0) from the export; if the file is UTF-16, save it as UTF-8.";
function nulMessage(line: number, column: number): string {
  return `line ${line}, column ${column}: a NUL character (\\0) in a value; the row is skipped`;
}

/**
 * Follows lines and columns over a byte stream and notes where bytes are not UTF-8 or are NUL (one place of
 * each per line); in a windows-1252 file every byte is a character, so only NULs are looked for.
 */
class Utf8Lines {
  private carry: Buffer = Buffer.alloc(0);
  private column = 0;
  private readonly count: (bytes: Uint8Array, from: number, to: number) => number;

  constructor(
    private line: number,
    private readonly malformed: { line: number; column: number }[],
    private readonly nuls: { line: number; column: number }[],
    private readonly utf8: boolean,
  ) {
    this.count = utf8 ? characterCount : (_bytes, from, to) => to - from;
  }

  check(chunk: Buffer): void {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = this.utf8 ? cutSequenceLength(bytes) : 0;
    const whole = bytes.subarray(0, bytes.length - cut);
    this.carry = Buffer.from(bytes.subarray(bytes.length - cut));
    const wellFormed = !this.utf8 || isWellFormedUtf8(whole);
    const noNul = whole.indexOf(0) === -1;
    let lineStart = 0;
    for (let nl = whole.indexOf(10); ; nl = whole.indexOf(10, nl + 1)) {
      const end = nl === -1 ? whole.length : nl;
      if (!wellFormed) {
        const at = firstMalformedByte(whole, lineStart, end);
        if (at !== -1) this.malformed.push({ line: this.line, column: this.column + this.count(whole, lineStart, at) + 1 });
      }
      if (!noNul) {
        const at = whole.indexOf(0, lineStart);
        if (at !== -1 && at < end) this.nuls.push({ line: this.line, column: this.column + this.count(whole, lineStart, at) + 1 });
      }
      if (nl === -1) break;
      this.line++;
      this.column = 0;
      lineStart = nl + 1;
    }
    this.column += this.count(whole, lineStart, whole.length);
  }

  /** A sequence cut off by the end of the input is malformed too. */
  end(): void {
    if (this.carry.length > 0) this.malformed.push({ line: this.line, column: this.column + 1 });
  }
}

/** The line the failed record starts on, and the offset of the line after it (null: the input ends). */
function locateFailedLine(input: CsvBytes, stop: Stop): { line: number; next: number | null } {
  let at = stop.afterByte;
  let line = stop.afterLine + 1;
  let skip = stop.headerLines;
  for (;;) {
    const head = input.readAt(at, 2);
    if (head.length === 0) return { line, next: null };
    // Empty lines are skipped by the parser, so they do not start the record.
    const blank = head[0] === 10 ? 1 : head[0] === 13 && head[1] === 10 ? 2 : 0;
    const next = blank > 0 ? at + blank : nextLineStart(input, at);
    if (blank === 0 && skip === 0) return { line, next };
    if (blank === 0) skip--;
    if (next === null) return { line, next: null };
    at = next;
    line++;
  }
}

function nextLineStart(input: CsvBytes, from: number): number | null {
  const window = 1 << 16;
  for (let at = from; ; at += window) {
    const bytes = input.readAt(at, window);
    if (bytes.length === 0) return null;
    const nl = bytes.indexOf(10);
    if (nl !== -1) return at + nl + 1;
  }
}
