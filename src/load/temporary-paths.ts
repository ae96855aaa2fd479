/**
 * Temporary files and folders leadrules owns while a command runs (a half-written output file, an embedded
 * database's spill folder with the leads staged in it), tracked so an interrupt removes them instead of
 * leaving hundreds of megabytes behind. Here, below every module that makes one, so each can register what
 * it makes.
 */
import { rmSync } from "node:fs";

const live = new Set<string>();
// SIGHUP is a closed terminal or a dropped ssh session: as much an interrupt as Ctrl-C.
const signalExitCodes = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
let removeOnSignals = false;

/** `temporary` (a file or a folder) is removed on an interrupt until it is released. Track it before creating it. */
export function trackTemporaryPath(temporary: string): void {
  live.add(temporary);
  if (live.size === 1) listenForSignals(true);
}

/** The temporary path was renamed into place or removed: stop tracking it. */
export function releaseTemporaryPath(temporary: string): void {
  live.delete(temporary);
  if (live.size === 0) listenForSignals(false);
}

/**
 * Makes SIGHUP, SIGINT and SIGTERM remove the live temporary paths and exit with the conventional
 * 129 / 130 / 143. The CLI turns this on; a program that embeds the library keeps its own signal handling.
 * The handlers are only installed while a temporary path exists, so Ctrl-C stops any other work at once.
 */
export function removeTemporaryPathsOnSignals(): void {
  removeOnSignals = true;
  if (live.size > 0) listenForSignals(true);
}

/** Removes every live temporary path now: for a process about to exit before its work could clean up. */
export function removeLiveTemporaryPaths(): void {
  for (const temporary of live) rmSync(temporary, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLiveTemporaryPaths();
  process.exit(signalExitCodes[signal as keyof typeof signalExitCodes]);
}

function listenForSignals(on: boolean): void {
  if (!removeOnSignals) return;
  for (const signal of Object.keys(signalExitCodes) as NodeJS.Signals[]) {
    process.removeListener(signal, onSignal);
    if (on) process.on(signal, onSignal);
  }
}
