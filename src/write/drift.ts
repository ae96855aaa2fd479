/**
 * Compares a generated folder with what the policies produce now.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { listFiles } from "./write-files.js";

export interface DriftEntry {
  file: string;
  state: "stale" | "missing" | "extra";
}

export function findDrift(directory: string, files: ReadonlyMap<string, string>): DriftEntry[] {
  const drift: DriftEntry[] = [];
  for (const [file, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let current: string | undefined;
    try {
      current = readFileSync(path.join(directory, file), "utf8");
    } catch {
      current = undefined;
    }
    if (current === undefined) drift.push({ file, state: "missing" });
    else if (current !== content) drift.push({ file, state: "stale" });
  }
  for (const file of listFiles(directory)) if (!files.has(file)) drift.push({ file, state: "extra" });
  return drift;
}
