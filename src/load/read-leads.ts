/**
 * Reads lead records from CSV, NDJSON, JSON (an array) or YAML, chosen by the
 * file extension. CSV and NDJSON are streamed record by record; a malformed
 * line is reported with its line number and the rest is read.
 */
import { createReadStream, readFileSync, statSync } from "node:fs";
import { Readable } from "node:stream";
import { parse as parseCsv } from "csv-parse";
import type { Diagnostic } from "../diagnostics/index.js";
import { UsageError } from "../diagnostics/index.js";
import type { RawRecord } from "../model/lead.js";
import { parseYaml } from "./parse-yaml.js";
import { displayPath } from "./read-policy-files.js";
import { assertInputFile } from "./input-file.js";

export type LeadFormat = "csv" | "ndjson" | "json" | "yaml";

export type LeadInput = { record: RawRecord } | { problem: Diagnostic };

export function leadFormatOf(file: string): LeadFormat {
  const extension = file.toLowerCase().split(".").pop();
  switch (extension) {
    case "csv":
      return "csv";
    case "ndjson":
    case "jsonl":
      return "ndjson";
    case "json":
      return "json";
    case "yaml":
    case "yml":
      return "yaml";
    default:
      throw new UsageError(`cannot tell the format of ${file} from its extension`, "Lead files end in .csv, .ndjson (or .jsonl), .json or .yaml.");
  }
}

/** The size of a file in bytes; 0 when it cannot be read (the reader then reports that properly). */
export function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Checks the file is a plain, readable file before anything is streamed: a typo, a folder, a FIFO or /proc is a usage error. */
export function assertReadable(file: string): void {
  assertInputFile(file, { what: "lead file" });
}

/** Reads lead records from a file, or from `text` (e.g. a file read from git) named `file`. */
export async function* readLeadRecords(file: string, text?: string): AsyncGenerator<LeadInput> {
  if (text === undefined) assertReadable(file);
  const format = leadFormatOf(file);
  const open = () => (text === undefined ? createReadStream(file, { highWaterMark: 1 << 20 }) : Readable.from([text]));
  const shown = displayPath(file);
  const problem = (line: number, message: string, hint: string): LeadInput => ({
    problem: { code: "input/row", severity: "error", message, hint, location: { file: shown, line, column: 1 } },
  });

  if (format === "csv") {
    const parser = open().pipe(
      parseCsv({ columns: true, bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: false }),
    );
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        yield { record: { row: info.lines, values: record } };
      }
    } catch (error) {
      const line = (error as { lines?: number }).lines ?? 0;
      yield problem(line, `${shown}: the CSV cannot be read past line ${line}: ${(error as Error).message}`, "Check quotes and separators on that line.");
    }
    return;
  }

  if (format === "ndjson") {
    for await (const lines of readLineBatches(open())) {
      for (const { row, line } of lines) {
        const parsed = parseLeadLine(row, line);
        yield "values" in parsed ? { record: { row, values: parsed.values } } : problem(row, parsed.problem.message, parsed.problem.hint);
      }
    }
    return;
  }

  const content = text ?? readFileSync(file, "utf8");
  let values: unknown;
  if (format === "json") {
    try {
      values = JSON.parse(content);
    } catch (error) {
      yield problem(1, `${shown} is not valid JSON: ${(error as Error).message}`, "The file must hold one JSON array of lead objects.");
      return;
    }
  } else {
    const parsed = parseYaml(shown, content, { requireMapping: false });
    if (parsed.diagnostics.length > 0) {
      for (const d of parsed.diagnostics) yield { problem: d };
      return;
    }
    values = parsed.value;
  }
  if (!Array.isArray(values)) {
    yield problem(1, `${shown} must hold a list of lead records`, "Write the leads as a JSON array / YAML list of objects.");
    return;
  }
  for (const [i, value] of values.entries()) {
    if (isRecord(value)) yield { record: { row: i + 1, values: value } };
    else yield problem(i + 1, `record ${i + 1} is not an object`, "Each lead must be a mapping of field names to values.");
  }
}

/** One NDJSON line as a record, or what is wrong with it (worker threads parse lines with this too). */
export function parseLeadLine(row: number, line: string): { values: Record<string, unknown> } | { problem: { message: string; hint: string } } {
  const hint = "Each line must be one JSON object.";
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { problem: { message: `line ${row} is not valid JSON: ${(error as Error).message}`, hint } };
  }
  return isRecord(value) ? { values: value } : { problem: { message: `line ${row} is not a JSON object`, hint } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export interface NumberedLine {
  /** 1-based line number. */
  row: number;
  line: string;
}

/**
 * The non-blank lines of a text stream, unparsed, in batches (one per chunk read). Lines are cut at
 * "\n" (and a "\r" before it) in the bytes and decoded one by one: a single "ü" would otherwise make a
 * whole megabyte chunk, and every line cut from it, a two-byte string, which parses and copies slower.
 * Handing lines on in batches saves an await per line; all of it costs a fraction of node:readline.
 */
export async function* readLineBatches(input: Readable): AsyncGenerator<NumberedLine[]> {
  for await (const { bytes, firstRow } of readLineChunks(input)) {
    const lines = cutLines(bytes, firstRow);
    if (lines.length > 0) yield lines;
  }
}

/** A run of whole lines as bytes (the last one may lack its "\n"), and the number of its first line. */
export interface LineChunk {
  bytes: Buffer;
  firstRow: number;
}

/** A stream cut into runs of whole lines at chunk boundaries, without decoding (a UTF-8 BOM is dropped). */
export async function* readLineChunks(input: Readable): AsyncGenerator<LineChunk> {
  let rest: Buffer = Buffer.alloc(0);
  let row = 1;
  let first = true;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const read = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    let bytes = rest.length > 0 ? Buffer.concat([rest, read]) : read;
    // A BOM can only open the stream: look once three bytes, or the first line break, have arrived.
    if (first && (bytes.length >= 3 || bytes.includes(10))) {
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      first = false;
    }
    const end = bytes.lastIndexOf(10) + 1;
    // The tail is copied, so the run handed on is the only user of its memory (parallel.ts moves it).
    rest = Buffer.from(bytes.subarray(end));
    if (end === 0) continue;
    const whole = bytes.subarray(0, end);
    const firstRow = row;
    for (let at = whole.indexOf(10); at !== -1; at = whole.indexOf(10, at + 1)) row++;
    yield { bytes: whole, firstRow };
  }
  if (rest.length > 0) yield { bytes: rest, firstRow: row };
}

/** The non-blank lines of a line chunk, decoded, with their numbers. */
export function cutLines(bytes: Uint8Array, firstRow: number): NumberedLine[] {
  const lines: NumberedLine[] = [];
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let row = firstRow;
  let start = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(10, start);
    const next = end === -1 ? buffer.length : end + 1;
    if (end === -1) end = buffer.length;
    const line = buffer.toString("utf8", start, end > start && buffer[end - 1] === 13 ? end - 1 : end);
    if (line.trim() !== "") lines.push({ row, line });
    row++;
    start = next;
  }
  return lines;
}

/** An NDJSON file's lines, unparsed, in batches. */
export function readLeadLines(file: string): AsyncGenerator<NumberedLine[]> {
  assertReadable(file);
  return readLineBatches(createReadStream(file, { highWaterMark: 1 << 20 }));
}

/**
 * An NDJSON file as runs of whole lines, undecoded (parallel simulation cuts and parses them in workers).
 * Runs of about 512 KB (some 500 leads) keep what workers hold between their two trips small: with 1 MB
 * runs, two workers took the peak RSS of a million-lead simulation near 300 MB; 256 KB runs were slower.
 */
export function readLeadLineChunks(file: string, runBytes = 1 << 19): AsyncGenerator<LineChunk> {
  assertReadable(file);
  return readLineChunks(createReadStream(file, { highWaterMark: runBytes }));
}
