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
import { isInGitFolder, isInsideOrSame } from "./output-places.js";
import { typeProblem } from "../load/input-file.js";

export function writeFileAtomically(file: string, content: string): void {
  const temporary = openTemporaryFor(file);
  try {
    try {
      writeFileSync(temporary.fd, content);
    } finally {
      closeSync(temporary.fd);
    }
    moveIntoPlace(temporary.path, file);
  } catch (error) {
    removeTemporaryFile(temporary.path);
    throw cannotWrite(file, error);
  }
}

function moveIntoPlace(temporary: string, file: string): void {
  // Checked again just before the rename: a long run leaves time for something else to appear at the target.
  assertReplaceable(file);
  renameSync(temporary, file);
  releaseTemporaryFile(temporary);
}

/** What an output file may not be or replace. */
export interface OutputFileRules {
  /** Files the command reads: the output must not be one of them (by device and inode, so through links too). */
  inputs: readonly string[];
  /** The policies folder: nothing is written inside it... */
  policies?: string;
  /** ...except under this folder inside it (`sample` writes `<policies>/samples/`). */
  allowedUnder?: string;
  /** The flag that names the output, for messages (default `--out`). */
  flag?: string;
  /** Other outputs of the same run (`--out` beside `--rejects`): one path cannot be both. */
  otherOutputs?: readonly string[];
}

/**
 * Refuses, before any work is done, an --out the command must not write:
 * one of its inputs, a path inside a .git folder or the policies folder (a
 * report over .git/HEAD or a hand-written test is as destructive as over an
 * input), or an existing path that is not a regular file.
 */
export function assertOutputFile(out: string, rules: OutputFileRules): void {
  const flag = rules.flag ?? "--out";
  for (const other of rules.otherOutputs ?? []) {
    if (path.resolve(other) === path.resolve(out))
      throw new UsageError(
        `${flag} ${out} is also the run's other output; one would replace the other`,
        "Write each output to its own file.",
      );
  }
  const target = statIfAny(out);
  for (const input of target ? rules.inputs : []) {
    const source = statIfAny(input);
    if (source && source.dev === target!.dev && source.ino === target!.ino) {
      throw new UsageError(
        `${flag} ${out} is the input ${input}; writing it would replace what is being read`,
        "Write the output to another file.",
      );
    }
  }
  if (isInGitFolder(out))
    throw new UsageError(`refusing to write ${out}: it is inside a .git folder`, "Write the output outside the repository's .git folder.");
  if (
    rules.policies !== undefined &&
    isInsideOrSame(out, rules.policies) &&
    !(rules.allowedUnder !== undefined && isInsideOrSame(out, rules.allowedUnder))
  ) {
    throw new UsageError(
      `refusing to write ${out}: it is inside the policies folder ${rules.policies}`,
      rules.allowedUnder
        ? `Write it under ${rules.allowedUnder} or outside ${rules.policies}.`
        : `Write the output outside ${rules.policies}.`,
    );
  }
  assertReplaceable(out);
}

/**
 * An existing output path must be a regular file: the rename would put a file
 * in place of a device, FIFO or link (as root, /dev/null became a 70 KB file).
 * Checked with lstat, so a link at the target is refused, not replaced.
 */
function assertReplaceable(file: string): void {
  let stat;
  try {
    stat = lstatSync(file, { throwIfNoEntry: false });
  } catch (error) {
    throw cannotWrite(file, error);
  }
  if (!stat || stat.isFile()) return;
  if (stat.isDirectory()) throw cannotWrite(file, Object.assign(new Error("is a folder"), { code: "EISDIR" }));
  throw new UsageError(`refusing to write ${file}: ${typeProblem(stat)}`, "Pass an --out path that is a plain file or does not exist yet.");
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
        moveIntoPlace(temporary.path, file);
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
    assertReplaceable(file);
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
function makeFolders(directory: string): void {
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

/**
 * Creates a file that must not exist yet (`init`'s scaffold) inside `root`: its folders under `root` are made as
 * needed, each a real folder (a link is never followed out of `root`), and the file itself is created
 * exclusively, so nothing already there, a file or a link, is ever replaced.
 */
export function writeNewFile(root: string, relative: string, content: string): void {
  const file = path.join(root, relative);
  try {
    let folder = root;
    for (const part of path
      .dirname(relative)
      .split(/[\\/]/)
      .filter((p) => p !== "" && p !== ".")) {
      folder = path.join(folder, part);
      const stat = lstatSync(folder, { throwIfNoEntry: false });
      if (stat?.isSymbolicLink()) throw new UsageError(`cannot write ${file}: ${folder} is a link, and init writes only into real folders`);
      if (!stat) mkdirSync(folder);
    }
    writeFileSync(file, content, { flag: "wx" });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw cannotWrite(file, error);
  }
}
