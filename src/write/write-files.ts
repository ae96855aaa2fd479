/**
 * The one module that writes output files. Every file is written to a
 * temporary sibling and renamed into place, so a failed or interrupted run
 * leaves the previous output intact.
 */
import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";

export function writeFileAtomically(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
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

export function openAtomicFile(file: string): AtomicFileWriter {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  // Room for a few chunks in flight lets the next rows be computed while earlier ones are written.
  const stream = createWriteStream(temporary, { highWaterMark: 4 * chunkBytes });
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
      if (stream.writableNeedDrain) await once(stream, "drain");
    },
    async commit() {
      pass();
      stream.end();
      await once(stream, "finish");
      renameSync(temporary, file);
    },
    abort() {
      stream.destroy();
      rmSync(temporary, { force: true });
    },
  };
}

export interface WriteReport {
  written: string[];
  removed: string[];
}

/**
 * Writes a set of files under `directory` (relative POSIX paths). With
 * `prune`, files under the directory that are no longer produced are removed.
 */
export function writeFileSet(directory: string, files: ReadonlyMap<string, string>, options: { prune?: boolean } = {}): WriteReport {
  const written: string[] = [];
  for (const [relative, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    writeFileAtomically(path.join(directory, relative), content);
    written.push(relative);
  }
  const removed: string[] = [];
  if (options.prune) {
    for (const relative of listFiles(directory)) {
      if (!files.has(relative)) {
        rmSync(path.join(directory, relative));
        removed.push(relative);
      }
    }
  }
  return { written, removed };
}

/** Relative POSIX paths of every file under a directory (none if it does not exist). */
export function listFiles(directory: string): string[] {
  const result: string[] = [];
  const walk = (dir: string, prefix: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      const full = path.join(dir, name);
      const relative = prefix ? `${prefix}/${name}` : name;
      if (statSync(full).isDirectory()) walk(full, relative);
      else result.push(relative);
    }
  };
  walk(directory, "");
  return result;
}
