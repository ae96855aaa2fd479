/**
 * Temporary files that become output files by a rename. Each is created
 * exclusively under a random name in the target's folder, so a planted file or
 * symbolic link at a predictable name is never opened, and the rename stays on
 * one file system. The live ones are tracked (load/temporary-paths.ts), so an
 * error or an interrupt removes them instead of leaving hundreds of megabytes
 * of hidden files.
 */
import { randomBytes } from "node:crypto";
import { openSync, rmSync } from "node:fs";
import path from "node:path";
import { releaseTemporaryPath, trackTemporaryPath } from "../load/temporary-paths.js";

/** Creates a new, empty temporary file beside `target`; returns its path and an open descriptor. */
export function createTemporaryFile(target: string): { path: string; fd: number } {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(8).toString("hex")}.tmp`);
  // Tracked before it exists, so a signal arriving right after the file is created still removes it.
  trackTemporaryPath(temporary);
  try {
    // "wx" is O_CREAT | O_EXCL: it fails on any existing path, a symbolic link included, instead of following it.
    return { path: temporary, fd: openSync(temporary, "wx", 0o666) };
  } catch (error) {
    releaseTemporaryFile(temporary);
    throw error;
  }
}

/** The temporary file was renamed into place or removed: stop tracking it. */
export const releaseTemporaryFile = releaseTemporaryPath;

export function removeTemporaryFile(temporary: string): void {
  rmSync(temporary, { force: true });
  releaseTemporaryPath(temporary);
}
