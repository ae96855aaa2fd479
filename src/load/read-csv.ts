/**
 * CSV lead records, recovering from a record the parser cannot read. A quote that is never closed would
 * otherwise swallow the rest of the file into one field (ten thousand leads lost as "1 bad row"): the
 * parser stops at the first record it cannot read (at the latest once the record passes the size limit),
 * the problem is reported at the line that record starts on, and reading starts again, with the same
 * columns, on the line after it. Rows that cannot be read as written (a parse error, bytes that are not
 * UTF-8) are reported as `input/unreadable`, which fails the run: the file was not fully read.
 */
import { closeSync, openSync, readSync } from "node:fs";
import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { parse } from "csv-parse";
import { UsageError, type Diagnostic } from "../diagnostics/index.js";
import type { RawRecord } from "../model/lead.js";
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

type CsvInput = { record: RawRecord } | { problem: Diagnostic };
type Unreadable = (line: number, column: number, message: string, hint: string) => CsvInput;

/** A record the parser stopped at: the bytes and lines read before it. */
interface Stop {
  error: Error & { code?: string };
  afterByte: number;
  afterLine: number;
  /** Lines before the failed record that are not records (the header, when no record came yet). */
  headerLines: number;
}

export async function* readCsvRecords(input: CsvBytes, shown: string): AsyncGenerator<CsvInput> {
  const unreadable: Unreadable = (line, column, message, hint) => ({
    problem: { code: "input/unreadable", severity: "error", message, hint, location: { file: shown, line, column } },
  });
  let columns: string[] | undefined;
  let offset = 0;
  let firstLine = 1;
  for (;;) {
    const segment = yield* readSegment(input.open(offset), offset, firstLine, columns, shown, unreadable);
    columns = segment.columns;
    const stop = segment.stop;
    if (!stop) return;
    if (!columns) throw new UsageError(`${shown}: the header line cannot be read: ${stop.error.message}`, "The first line must name the columns, separated by commas.");
    const { line, next } = locateFailedLine(input, stop);
    const what =
      stop.error.code === "CSV_QUOTE_NOT_CLOSED"
        ? `a quote opened on line ${line} is never closed`
        : stop.error.code === "CSV_MAX_RECORD_SIZE"
          ? `the record starting on line ${line} runs past ${maxRecordBytes} characters (most likely a quote opened there is never closed)`
          : `line ${line} cannot be read as CSV (${stop.error.message})`;
    yield unreadable(line, 1, `${shown}: ${what}; the rows after it were read from line ${line + 1} on`, "Fix the quotes on that line (a quote inside a value is written twice: \"\"). Until then the file is not fully read and the run fails.");
    if (next === null) return;
    offset = next;
    firstLine = line + 1;
  }
}

/** What reading from one offset ended with: the columns, and the record the parser stopped at, if any. */
interface SegmentEnd {
  columns: string[] | undefined;
  stop?: Stop;
}

/** Reads from one offset until the end of the input or the first record the parser cannot read. */
async function* readSegment(input: Readable, start: number, firstLine: number, known: string[] | undefined, shown: string, unreadable: Unreadable): AsyncGenerator<CsvInput, SegmentEnd> {
  const parsed: { values: Record<string, string>; lines: number; bytes: number }[] = [];
  const malformed: { line: number; column: number }[] = [];
  const nuls: { line: number; column: number }[] = [];
  let columns = known;
  let duplicate: string | undefined;
  const parser = parse({
    bom: start === 0,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: false,
    max_record_size: maxRecordBytes,
    columns:
      known ??
      ((names: string[]) => {
        duplicate = duplicateColumn(names);
        columns = names;
        return names;
      }),
    // Records are taken as they are parsed, so none is lost when a later one fails.
    on_record: (values: Record<string, string>, context: { lines: number; bytes: number }) => {
      parsed.push({ values, lines: context.lines, bytes: context.bytes });
      return null;
    },
  });
  // The parser reports a bad record by destroying itself, which emits "error" a tick later; with no listener
  // that event kills the process whenever the consumer awaits real I/O in between (a worker batch, a file
  // write). The error is read from `parser.errored` below, the one place it is recovered from.
  parser.on("error", () => undefined);
  parser.resume();
  const headerLines = known === undefined ? 1 : 0;
  let lastLine = firstLine - 1;
  let lastBytes = 0;
  let seen = 0;
  /** The records parsed so far, or what is wrong with them. */
  function* take(): Generator<CsvInput> {
    if (duplicate !== undefined) throw new UsageError(`${shown}:1: ${duplicate}`, "Rename or remove one of them: which one holds the value cannot be known.");
    if (headerLines === 1 && columns !== undefined && malformed[0]?.line === 1) {
      const { message, hint } = malformedUtf8Message(1, malformed[0].column);
      throw new UsageError(`${shown}:1: ${message}`, hint);
    }
    if (headerLines === 1 && columns !== undefined && nuls[0]?.line === 1) throw new UsageError(`${shown}:1: ${nulMessage(1, nuls[0].column)}`, nulHint);
    for (const r of parsed) {
      const first = lastLine + 1;
      const last = firstLine - 1 + r.lines;
      lastLine = last;
      lastBytes = r.bytes;
      seen++;
      const bad = firstWithin(malformed, first, last);
      const nul = firstWithin(nuls, first, last);
      if (bad) {
        const { message, hint } = malformedUtf8Message(bad.line, bad.column);
        yield unreadable(bad.line, bad.column, `${shown}: ${message}`, hint);
      } else if (nul) {
        yield { problem: { code: "input/row", severity: "error", message: `${shown}: ${nulMessage(nul.line, nul.column)}`, hint: nulHint, location: { file: shown, line: nul.line, column: nul.column } } };
      } else yield { record: { row: last, values: r.values } };
    }
    parsed.length = 0;
  }

  const utf8 = new Utf8Lines(firstLine, malformed, nuls);
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
  return error ? { columns, stop: { error, afterByte: start + lastBytes, afterLine: lastLine, headerLines: seen === 0 ? headerLines : 0 } } : { columns };
}

/**
 * What is wrong with the first column named twice, if any. Names that differ only in case, surrounding
 * spaces or a BOM count as the same name: columns are matched to fields exactly, so one of the two would be
 * read and the other silently ignored, and nobody looking at the file can tell which one the export meant.
 */
function duplicateColumn(names: readonly string[]): string | undefined {
  const seen = new Map<string, string>();
  for (const name of names) {
    const key = name.replace(/\uFEFF/g, "").trim().toLowerCase();
    const earlier = seen.get(key);
    if (earlier === name) return `the column ${JSON.stringify(name)} appears more than once in the header`;
    if (earlier !== undefined) return `the columns ${JSON.stringify(earlier)} and ${JSON.stringify(name)} are one name written twice (they differ only in case, spaces or a BOM)`;
    seen.set(key, name);
  }
  return undefined;
}

/** Takes the places noted on lines before `last` off the front of `places`; the first one on `first`..`last`. */
function firstWithin(places: { line: number; column: number }[], first: number, last: number): { line: number; column: number } | undefined {
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

/** Follows lines and columns over a byte stream and notes where bytes are not UTF-8 or are NUL (one place of each per line). */
class Utf8Lines {
  private carry: Buffer = Buffer.alloc(0);
  private column = 0;

  constructor(
    private line: number,
    private readonly malformed: { line: number; column: number }[],
    private readonly nuls: { line: number; column: number }[],
  ) {}

  check(chunk: Buffer): void {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = cutSequenceLength(bytes);
    const whole = bytes.subarray(0, bytes.length - cut);
    this.carry = Buffer.from(bytes.subarray(bytes.length - cut));
    const wellFormed = isWellFormedUtf8(whole);
    const noNul = whole.indexOf(0) === -1;
    let lineStart = 0;
    for (let nl = whole.indexOf(10); ; nl = whole.indexOf(10, nl + 1)) {
      const end = nl === -1 ? whole.length : nl;
      if (!wellFormed) {
        const at = firstMalformedByte(whole, lineStart, end);
        if (at !== -1) this.malformed.push({ line: this.line, column: this.column + characterCount(whole, lineStart, at) + 1 });
      }
      if (!noNul) {
        const at = whole.indexOf(0, lineStart);
        if (at !== -1 && at < end) this.nuls.push({ line: this.line, column: this.column + characterCount(whole, lineStart, at) + 1 });
      }
      if (nl === -1) break;
      this.line++;
      this.column = 0;
      lineStart = nl + 1;
    }
    this.column += characterCount(whole, lineStart, whole.length);
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
