/**
 * Temporary files that become output files by a rename. Each is created
 * exclusively under a random name in the target's folder, so a planted file or
 * symbolic link at a predictable name is never opened, and the rename stays on
 * one file system. The live ones are tracked, so an error or an interrupt
 * removes them instead of leaving hundreds of megabytes of hidden files.
 */
import { randomBytes } from "node:crypto";
import { openSync, rmSync } from "node:fs";
import path from "node:path";

const live = new Set<string>();
// SIGHUP is a closed terminal or a dropped ssh session: as much an interrupt as Ctrl-C.
const signalExitCodes = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
let removeOnSignals = false;

/** Creates a new, empty temporary file beside `target`; returns its path and an open descriptor. */
export function createTemporaryFile(target: string): { path: string; fd: number } {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(8).toString("hex")}.tmp`);
  // Tracked before it exists, so a signal arriving right after the file is created still removes it.
  live.add(temporary);
  if (live.size === 1) listenForSignals(true);
  try {
    // "wx" is O_CREAT | O_EXCL: it fails on any existing path, a symbolic link included, instead of following it.
    return { path: temporary, fd: openSync(temporary, "wx", 0o666) };
  } catch (error) {
    releaseTemporaryFile(temporary);
    throw error;
  }
}

/** The temporary file was renamed into place or removed: stop tracking it. */
export function releaseTemporaryFile(temporary: string): void {
  live.delete(temporary);
  if (live.size === 0) listenForSignals(false);
}

export function removeTemporaryFile(temporary: string): void {
  rmSync(temporary, { force: true });
  releaseTemporaryFile(temporary);
}

/**
 * Makes SIGHUP, SIGINT and SIGTERM remove the live temporary files and exit
 * with the conventional 129 / 130 / 143. The CLI turns this on; a program that embeds the
 * library keeps its own signal handling. The handlers are only installed while
 * a temporary file exists, so Ctrl-C stops any other work at once, as usual.
 */
export function removeTemporaryFilesOnSignals(): void {
  removeOnSignals = true;
  if (live.size > 0) listenForSignals(true);
}

function onSignal(signal: NodeJS.Signals): void {
  for (const temporary of live) rmSync(temporary, { force: true });
  live.clear();
  process.exit(signalExitCodes[signal as keyof typeof signalExitCodes]);
}

function listenForSignals(on: boolean): void {
  if (!removeOnSignals) return;
  for (const signal of Object.keys(signalExitCodes) as NodeJS.Signals[]) {
    process.removeListener(signal, onSignal);
    if (on) process.on(signal, onSignal);
  }
}
