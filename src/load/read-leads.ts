/**
 * Reads lead records from CSV (or TSV), XLSX, NDJSON, JSON (an array) or YAML,
 * chosen by the file extension. CSV and NDJSON are streamed record by record; a
 * malformed line is reported with its line number and the rest is read. CSV and
 * XLSX are read by the file's layout (delimiter, encoding, header row, footer).
 */
import { createReadStream, readFileSync, statSync } from "node:fs";
import { open as openFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { UsageError } from "../diagnostics/index.js";
import { dropFooter, keepFooter } from "./drop-footer.js";
import type { LeadInput, LeadLayout, RowInput } from "./lead-input.js";
import { parseYaml } from "./parse-yaml.js";
import { displayPath } from "./read-policy-files.js";
import { csvBytesOfBuffer, csvBytesOfFile, maxRecordBytes, readCsvRecords } from "./read-csv.js";
import { assertInputFile } from "./input-file.js";
import { readXlsxRows } from "./read-xlsx.js";
import { characterCount, firstMalformedByte, isWellFormedUtf8, malformedUtf8Message } from "./utf8.js";

export type LeadFormat = "csv" | "xlsx" | "ndjson" | "json" | "yaml" | "parquet";

/** UTF-8, the column names on line 1, a report footer dropped, the delimiter told from the header. */
export const defaultLeadLayout: LeadLayout = { encoding: "utf-8", headerRow: 1, footer: "auto" };

export interface ReadLeadOptions {
  /** The file's content (e.g. read from git); the file itself is then not read. */
  text?: string;
  /** How a CSV or XLSX file is laid out; default `defaultLeadLayout`. */
  layout?: LeadLayout;
  /** What the rows are, for the message when there are none (default `leads`). */
  records?: string;
}

export function leadFormatOf(file: string): LeadFormat {
  const extension = file.toLowerCase().split(".").pop();
  switch (extension) {
    case "csv":
    case "tsv":
      return "csv";
    case "xlsx":
      return "xlsx";
    case "ndjson":
    case "jsonl":
      return "ndjson";
    case "json":
      return "json";
    case "yaml":
    case "yml":
      return "yaml";
    case "parquet":
      return "parquet";
    default: {
      const message = `cannot tell the format of ${file} from its extension`;
      const hint = "Lead files end in .csv (or .tsv), .xlsx, .ndjson (or .jsonl), .json, .yaml or .parquet.";
      throw new UsageError(message, hint, [
        { code: "input/format", severity: "error", message, hint, location: { file: displayPath(file) } },
      ]);
    }
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

/** A lead file that holds no lead at all (empty, only a header, `[]`): almost always the wrong file or a failed export. */
export function noLeads(shown: string, records = "leads"): UsageError {
  return new UsageError(
    `no ${records} in ${shown}`,
    "The file is empty or holds only a header; check that the export finished and that this is the right file.",
  );
}

/**
 * Reads lead records from a file, or from `options.text` (e.g. a file read from git) named `file`, CSV and
 * XLSX by `options.layout`; a file without any row is a usage error.
 */
export async function* readLeadRecords(file: string, options: ReadLeadOptions = {}): AsyncGenerator<LeadInput> {
  let rows = 0;
  for await (const input of readLeadInputs(file, options.text, { ...defaultLeadLayout, ...options.layout })) {
    if ("record" in input || "problem" in input) rows++;
    yield input;
  }
  if (rows === 0) throw noLeads(displayPath(file), options.records);
}

async function* readLeadInputs(file: string, text: string | undefined, layout: LeadLayout): AsyncGenerator<LeadInput> {
  if (text === undefined) assertReadable(file);
  const format = leadFormatOf(file);
  const footer = layout.footer === "none" ? keepFooter : dropFooter;
  const bytes = (): ByteSource => (text === undefined ? { file, runBytes: 1 << 20 } : Readable.from([text]));
  const shown = displayPath(file);
  const problem = (line: number, message: string, hint: string): LeadInput => ({
    problem: { code: "input/row", severity: "error", message, hint, location: { file: shown, line, column: 1 } },
  });

  if (format === "csv") {
    const bytes =
      text === undefined ? csvBytesOfFile(file, (start) => createReadStream(file, { highWaterMark: 1 << 20, start })) : undefined;
    const whole = text === undefined ? undefined : Buffer.from(text);
    // A .tsv file is tab-separated unless its profile says otherwise.
    const delimiter = layout.delimiter ?? (file.toLowerCase().endsWith(".tsv") ? "\t" : undefined);
    const rows = readCsvRecords(bytes ?? csvBytesOfBuffer(whole!, (start) => Readable.from([whole!.subarray(start)])), shown, {
      delimiter,
      encoding: layout.encoding,
      headerRow: layout.headerRow,
    });
    yield* footer(rows);
    return;
  }

  if (format === "parquet") {
    if (text !== undefined) throw new UsageError(`${shown}: a Parquet file cannot be read from text`, "Pass the .parquet file itself.");
    const { readParquetRecords } = await import("./read-parquet.js");
    yield* readParquetRecords(file, shown);
    return;
  }

  if (format === "xlsx") {
    if (text !== undefined) throw new UsageError(`${shown}: an XLSX file cannot be read from text`, "Pass the .xlsx file itself.");
    yield* footer(readXlsxRows(file, shown, layout) as AsyncIterable<RowInput>);
    return;
  }

  if (format === "ndjson") {
    for await (const lines of readLineBatches(bytes())) {
      for (const numbered of lines) {
        const parsed = parseLeadLine(numbered);
        if ("values" in parsed) yield { record: { row: numbered.row, values: parsed.values } };
        else
          yield {
            problem: {
              code: parsed.problem.code ?? "input/row",
              severity: "error",
              message: parsed.problem.message,
              hint: parsed.problem.hint,
              location: { file: shown, line: numbered.row, column: parsed.problem.column ?? 1 },
            },
          };
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

/** What is wrong with a line; `input/unreadable` when it could not be read at all (the run then fails). */
export interface LineProblem {
  message: string;
  hint: string;
  code?: "input/unreadable";
  column?: number;
}

/** One NDJSON line as a record, or what is wrong with it (worker threads parse lines with this too). */
export function parseLeadLine({ row, line, unreadable }: NumberedLine): { values: Record<string, unknown> } | { problem: LineProblem } {
  if (unreadable) return { problem: unreadable };
  const hint = "Each line must be one JSON object.";
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { problem: { message: `line ${row} is not valid JSON: ${(error as Error).message}`, hint } };
  }
  if (!isRecord(value)) return { problem: { message: `line ${row} is not a JSON object`, hint } };
  const walked = walkJson(value);
  if (walked.infinite !== undefined)
    return {
      problem: {
        message: `line ${row}: the number in "${walked.infinite}" is out of range (too large for a number)`,
        hint: "Write the value as a number below 1e308, or as text if it is an identifier.",
      },
    };
  // Every key is a string followed by ":" (spaces between), so fewer such places than keys parsed cannot be;
  // more mean a repeated key, or a value holding '":' that the exact scan then tells apart.
  if (keyPlaces(line) > walked.keys) {
    const repeated = repeatedKey(line);
    if (repeated !== undefined)
      return {
        problem: {
          message: `line ${row}: the key "${repeated}" appears more than once in one object, so which value holds cannot be known`,
          hint: "Write each field once per lead.",
        },
      };
  }
  return { values: value };
}

/** The number of keys in a parsed JSON value (all objects in it), and the first key holding an infinite number (1e309). */
function walkJson(value: Record<string, unknown>): { keys: number; infinite?: string } {
  let keys = 0;
  let infinite: string | undefined;
  // Numbers are checked where they are met; only nested objects and arrays wait on an explicit stack (JSON.parse
  // accepts nesting deep enough to overflow the call stack). A lead is mostly flat: nothing waits, nothing is allocated.
  const pending: [object, string][] = [];
  for (let next: [object, string] | undefined = [value, ""]; next; next = pending.pop()) {
    const [v, key] = next;
    if (Array.isArray(v)) {
      for (const item of v) {
        if (typeof item === "number") {
          if (!Number.isFinite(item)) infinite ??= key;
        } else if (item !== null && typeof item === "object") pending.push([item, key]);
      }
      continue;
    }
    // A parsed object's keys are all its own (JSON.parse makes even "__proto__" an own key).
    for (const name in v) {
      keys++;
      const item = (v as Record<string, unknown>)[name];
      if (typeof item === "number") {
        if (!Number.isFinite(item)) infinite ??= name;
      } else if (item !== null && typeof item === "object") pending.push([item, name]);
    }
  }
  return { keys, infinite };
}

const spaceBeforeColon = /"\s+:/;

/**
 * At least the number of keys written in a line: each key is a string followed by ":". Compact JSON has
 * nothing between the two, so the places of '":' are counted natively; a line with space between a quote
 * and a colon is left to the exact scan.
 */
function keyPlaces(line: string): number {
  if (spaceBeforeColon.test(line)) return Infinity;
  let count = 0;
  for (let at = line.indexOf('":'); at !== -1; at = line.indexOf('":', at + 2)) count++;
  return count;
}

/** The first key written twice in one object of a line that is valid JSON (an exact scan, for the rare suspect line). */
function repeatedKey(line: string): string | undefined {
  const objects: (Set<string> | null)[] = [];
  for (let at = 0; at < line.length; at++) {
    const c = line[at];
    if (c === "{") objects.push(new Set());
    else if (c === "[") objects.push(null);
    else if (c === "}" || c === "]") objects.pop();
    else if (c === '"') {
      let end = at + 1;
      while (line[end] !== '"') end += line[end] === "\\" ? 2 : 1;
      let next = end + 1;
      while (line[next] === " " || line[next] === "\t" || line[next] === "\r" || line[next] === "\n") next++;
      const keys = objects[objects.length - 1];
      if (line[next] === ":" && keys) {
        const key = JSON.parse(line.slice(at, end + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
      }
      at = end;
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export interface NumberedLine {
  /** 1-based line number. */
  row: number;
  line: string;
  /** Why the line could not be read (too long, not UTF-8); `line` is then empty. */
  unreadable?: LineProblem;
}

export function tooLongLine(row: number): LineProblem & { code: "input/unreadable" } {
  return {
    code: "input/unreadable",
    message: `line ${row} is longer than ${maxRecordBytes} bytes, the limit for one lead`,
    hint: "One lead is one line of at most 1 MiB; split the file or remove the oversized values.",
  };
}

/**
 * The non-blank lines of a text stream, unparsed, in batches (one per chunk read). Lines are cut at
 * "\n" (and a "\r" before it) in the bytes and decoded one by one: a single "ü" would otherwise make a
 * whole megabyte chunk, and every line cut from it, a two-byte string, which parses and copies slower.
 * Handing lines on in batches saves an await per line; all of it costs a fraction of node:readline.
 */
export async function* readLineBatches(input: ByteSource): AsyncGenerator<NumberedLine[]> {
  // Each run is decoded into lines before the next is read, so a file's runs can share memory.
  for await (const chunk of readLineChunks(input instanceof Readable ? input : { ...input, reuse: true })) {
    const lines =
      "tooLong" in chunk
        ? [{ row: chunk.tooLong, line: "", unreadable: tooLongLine(chunk.tooLong) }]
        : cutLines(chunk.bytes, chunk.firstRow);
    if (lines.length > 0) yield lines;
  }
}

/**
 * A run of whole lines as bytes (the last one may lack its "\n"), and the number of its first line; or a
 * line that was skipped unread because it passed the size limit (a 60 MB line would overflow a worker's heap).
 */
export type LineChunk = { bytes: Buffer; firstRow: number } | { tooLong: number };

/**
 * Where lines come from: a stream, or a file read in runs of `runBytes`. `reuse`: the reader may read the next
 * run into the memory of the last one (its consumer is done with a run once it asks for the next).
 */
export type ByteSource = Readable | { file: string; runBytes: number; reuse?: boolean };

/**
 * The next bytes of a source in one buffer, after `rest` (the start of a line the previous read cut); null at
 * the end. A file is read straight after the rest into memory of its own, so only the rest is copied, not
 * every run (joining each run to the rest copied the whole file once more).
 */
type ReadAfter = (rest: Buffer) => Promise<Buffer | null>;

async function* readsOf(source: ByteSource): AsyncGenerator<ReadAfter> {
  if (source instanceof Readable) {
    const chunks = (source as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    yield async (rest) => {
      const next = await chunks.next();
      if (next.done) return null;
      const read = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
      return rest.length > 0 ? Buffer.concat([rest, read]) : read;
    };
    return;
  }
  const handle = await openFile(source.file, "r");
  // Memory that is read into again: a megabyte a run left for the garbage collector, outside the heap, piled
  // up faster than it was collected (over 100 MB at a time in a five-million-lead run).
  let reused: Buffer | undefined;
  try {
    yield async (rest) => {
      const size = rest.length + source.runBytes;
      const bytes = source.reuse && reused && reused.length >= size ? reused : Buffer.allocUnsafeSlow(size);
      if (source.reuse) reused = bytes;
      rest.copy(bytes);
      const { bytesRead } = await handle.read(bytes, rest.length, source.runBytes, null);
      return bytesRead === 0 ? null : bytes.subarray(0, rest.length + bytesRead);
    };
  } finally {
    await handle.close();
  }
}

/** A source cut into runs of whole lines at read boundaries, without decoding (a UTF-8 BOM is dropped). */
export async function* readLineChunks(source: ByteSource): AsyncGenerator<LineChunk> {
  for await (const readAfter of readsOf(source)) yield* cutRuns(readAfter);
}

async function* cutRuns(readAfter: ReadAfter): AsyncGenerator<LineChunk> {
  let rest: Buffer = Buffer.alloc(0);
  let row = 1;
  let first = true;
  /** Skipping the rest of a line past the size limit. */
  let skipping = false;
  for (let bytes = await readAfter(rest); bytes !== null; bytes = await readAfter(rest)) {
    if (skipping) {
      const nl = bytes.indexOf(10);
      if (nl === -1) continue;
      skipping = false;
      row++;
      bytes = bytes.subarray(nl + 1);
    }
    // A BOM can only open the stream: look once three bytes, or the first line break, have arrived.
    if (first && (bytes.length >= 3 || bytes.includes(10))) {
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      first = false;
    }
    const end = bytes.lastIndexOf(10) + 1;
    // The tail is copied, so the run handed on is the only user of its memory (parallel/batches.ts moves it to a worker).
    rest = Buffer.from(bytes.subarray(end));
    if (rest.length > maxRecordBytes) {
      // Lines before the long one go on; the long one is reported and skipped to its end.
      if (end > 0) yield* wholeLines(bytes.subarray(0, end), row, (n) => (row += n));
      yield { tooLong: row };
      rest = Buffer.alloc(0);
      skipping = true;
      continue;
    }
    if (end === 0) continue;
    yield* wholeLines(bytes.subarray(0, end), row, (n) => (row += n));
  }
  if (rest.length > 0) yield { bytes: rest, firstRow: row };
}

/** A run of whole lines as one chunk; `advance` learns how many lines it held. */
function* wholeLines(whole: Buffer, firstRow: number, advance: (lines: number) => void): Generator<LineChunk> {
  let lines = 0;
  for (let at = whole.indexOf(10); at !== -1; at = whole.indexOf(10, at + 1)) lines++;
  advance(lines);
  yield { bytes: whole, firstRow };
}

/** The non-blank lines of a line chunk, decoded, with their numbers; lines too long or not UTF-8 are marked unreadable. */
export function cutLines(bytes: Uint8Array, firstRow: number): NumberedLine[] {
  const lines: NumberedLine[] = [];
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // One check of the whole run; only a run with a malformed byte is looked at line by line.
  const wellFormed = isWellFormedUtf8(buffer);
  let row = firstRow;
  let start = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(10, start);
    const next = end === -1 ? buffer.length : end + 1;
    if (end === -1) end = buffer.length;
    if (end > start && buffer[end - 1] === 13) end--;
    const malformed = wellFormed ? -1 : firstMalformedByte(buffer, start, end);
    if (end - start > maxRecordBytes) lines.push({ row, line: "", unreadable: tooLongLine(row) });
    else if (malformed !== -1) {
      const column = characterCount(buffer, start, malformed) + 1;
      lines.push({ row, line: "", unreadable: { code: "input/unreadable", column, ...malformedUtf8Message(row, column) } });
    } else {
      const line = buffer.toString("utf8", start, end);
      if (line.trim() !== "") lines.push({ row, line });
    }
    row++;
    start = next;
  }
  return lines;
}

/** An NDJSON file's lines, unparsed, in batches. */
export function readLeadLines(file: string): AsyncGenerator<NumberedLine[]> {
  assertReadable(file);
  return readLineBatches({ file, runBytes: 1 << 20 });
}

/**
 * An NDJSON file as runs of whole lines, undecoded (parallel simulation cuts and parses them in workers).
 * Runs of about 512 KB (some 500 leads) keep what workers hold between their two trips small: with 1 MB
 * runs, two workers took the peak RSS of a million-lead simulation near 300 MB; 256 KB runs were slower.
 */
export function readLeadLineChunks(file: string, runBytes = 1 << 19): AsyncGenerator<LineChunk> {
  assertReadable(file);
  return readLineChunks({ file, runBytes });
}
