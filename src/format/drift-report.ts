/**
 * A generated folder's drift in words: what is stale, missing or no longer
 * produced (stderr), or that it is up to date (stdout).
 */
import { textCell } from "../render/escape/text.js";

export function formatUpToDate(directory: string, files: number): string {
  return `${directory} is up to date (${files} files)\n`;
}

/** `fix` is the command that regenerates the folder. */
export function formatDrift(directory: string, drift: readonly { file: string; state: string }[], fix: string): string {
  const lines = drift.map((d) => `${d.state}: ${textCell(`${directory}/${d.file}`)}\n`);
  return lines.join("") + `${directory} does not match the policies: run \`${fix}\` and commit the result\n`;
}
