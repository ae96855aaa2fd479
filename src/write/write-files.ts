/**
 * The one module that writes output files. Every file is written to a
 * temporary sibling and renamed into place, so a failed or interrupted run
 * leaves the previous output intact and no temporary file behind.
 */
import { closeSync, createWriteStream, lstatSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import path from "node:path";
import { UsageError } from "../diagnostics/index.js";
import { cannotWrite } from "./output-errors.js";
import { createTemporaryFile, releaseTemporaryFile, removeTemporaryFile } from "./temporary-files.js";

export function writeFileAtomically(file: string, content: string): void {
  const temporary = openTemporaryFor(file);
  try {
    try {
      writeFileSync(temporary.fd, content);
    } finally {
      closeSync(temporary.fd);
    }
    renameSync(temporary.path, file);
    releaseTemporaryFile(temporary.path);
  } catch (error) {
    removeTemporaryFile(temporary.path);
    throw cannotWrite(file, error);
  }
}

/**
 * Refuses an output path that is one of the command's inputs (the same file
 * by device and inode, so through symbolic and hard links too): writing it
 * would replace what is being read.
 */
export function assertNotAnInput(out: string, inputs: readonly string[]): void {
  const target = statIfAny(out);
  if (!target) return;
  for (const input of inputs) {
    const source = statIfAny(input);
    if (source && source.dev === target.dev && source.ino === target.ino) {
      throw new UsageError(`--out ${out} is the input ${input}; writing it would replace what is being read`, "Write the output to another file.");
    }
  }
}

/** A file written as a stream into a temporary sibling; `commit` renames it into place, `abort` removes it. */
export interface AtomicFileWriter {
  /** Adds text; it is encoded straight into large chunks, so millions of small rows make a few big writes. */
  append(text: string): void;
  /** Adds bytes as they are (rows a worker thread already encoded); they are copied, so the caller may reuse them at once. */
  appendBytes(bytes: Uint8Array): void;
  /** Waits while the file lags behind (back-pressure), so a large output never piles up in memory. */
  drain(): Promise<void>;
  commit(): Promise<void>;
  abort(): void;
}

const chunkBytes = 1 << 20;

/** Opens the temporary file at once, so an unwritable path is reported before any work is done. */
export function openAtomicFile(file: string): AtomicFileWriter {
  const temporary = openTemporaryFor(file);
  // Room for a few chunks in flight lets the next rows be computed while earlier ones are written.
  const stream = createWriteStream(temporary.path, { fd: temporary.fd, highWaterMark: 4 * chunkBytes });
  // A failed write (a full disk) is kept and reported by drain or commit, not thrown from an event.
  let failure: unknown;
  stream.on("error", (error) => (failure ??= error));
  // Chunks are reused once written: memory allocated outside the heap at the pace of the output makes V8
  // run full garbage collections over and over.
  const spare: Buffer[] = [];
  let chunk: Buffer = Buffer.allocUnsafeSlow(chunkBytes);
  let used = 0;
  const pass = () => {
    if (used === 0) return;
    const written = chunk;
    stream.write(written.subarray(0, used), () => spare.push(written));
    chunk = spare.pop() ?? Buffer.allocUnsafeSlow(chunkBytes);
    used = 0;
  };
  return {
    append(text) {
      // Encoding into a chunk, rather than joining strings first, keeps rows from outliving a scavenge.
      if (used + text.length * 3 > chunkBytes) pass();
      if (text.length * 3 > chunkBytes) stream.write(text);
      else used += chunk.write(text, used);
    },
    appendBytes(bytes) {
      for (let at = 0; at < bytes.length; ) {
        if (used === chunkBytes) pass();
        const end = Math.min(bytes.length, at + chunkBytes - used);
        chunk.set(bytes.subarray(at, end), used);
        used += end - at;
        at = end;
      }
    },
    async drain() {
      if (failure !== undefined) throw cannotWrite(file, failure);
      if (stream.writableNeedDrain) {
        try {
          await once(stream, "drain");
        } catch (error) {
          throw cannotWrite(file, error);
        }
      }
    },
    async commit() {
      try {
        pass();
        stream.end();
        await finished(stream);
        if (failure !== undefined) throw failure;
        renameSync(temporary.path, file);
        releaseTemporaryFile(temporary.path);
      } catch (error) {
        removeTemporaryFile(temporary.path);
        throw cannotWrite(file, error);
      }
    },
    abort() {
      stream.destroy();
      removeTemporaryFile(temporary.path);
    },
  };
}

function openTemporaryFor(file: string): { path: string; fd: number } {
  try {
    // Checked first: the rename would only fail after all the work was done.
    if (lstatSync(file, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error("is a folder"), { code: "EISDIR" });
    makeFolders(path.dirname(file));
    return createTemporaryFile(file);
  } catch (error) {
    throw cannotWrite(file, error);
  }
}

/**
 * mkdir -p, one folder at a time: Node's recursive mkdir loops forever where
 * the kernel answers ENOENT under an existing folder (/proc/x/y).
 */
export function makeFolders(directory: string): void {
  const missing: string[] = [];
  for (let folder = path.resolve(directory); !lstatSync(folder, { throwIfNoEntry: false }); folder = path.dirname(folder)) {
    missing.push(folder);
    if (path.dirname(folder) === folder) break;
  }
  for (const folder of missing.reverse()) mkdirSync(folder);
}

/** The file a path leads to, or nothing when there is none (also when a part of the path is a file). */
function statIfAny(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
