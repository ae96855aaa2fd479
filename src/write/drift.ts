/**
 * Compares a generated folder with what the policies produce now. `files`
 * includes the folder's manifest (see withManifest), so a missing or stale
 * manifest is drift too.
 */
import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { listEntries } from "./generated-folder.js";

export interface DriftEntry {
  file: string;
  state: "stale" | "missing" | "extra";
}

export function findDrift(directory: string, files: ReadonlyMap<string, string>): DriftEntry[] {
  const drift: DriftEntry[] = [];
  for (const [file, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const full = path.join(directory, file);
    const stat = statWithoutFollowing(full);
    // A link where a generated file belongs is stale: it is not what leadrules writes, and is not followed.
    if (!stat) drift.push({ file, state: "missing" });
    else if (!stat.isFile() || readFileSync(full, "utf8") !== content) drift.push({ file, state: "stale" });
  }
  for (const entry of listEntries(directory))
    if (entry.kind !== "directory" && !files.has(entry.path)) drift.push({ file: entry.path, state: "extra" });
  return drift;
}

function statWithoutFollowing(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}
