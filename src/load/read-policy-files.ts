/**
 * The only module that reads policy files from disk. It lists the top-level
 * *.yaml / *.yml files of a directory (sub-folders such as samples/ hold
 * other data) in a stable order.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../diagnostics/index.js";

export interface PolicyFile {
  /** Relative POSIX path used in every diagnostic and report. */
  file: string;
  text: string;
}

export function isPolicyFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

export function readPolicyFiles(directory: string): PolicyFile[] {
  let entries: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new Error("not a directory");
    entries = readdirSync(directory);
  } catch {
    throw new UsageError(
      `policies directory not found: ${directory}`,
      "Pass --policies DIR with the folder that holds your policy YAML files.",
    );
  }
  return entries
    .filter(isPolicyFileName)
    .sort()
    .map((name) => {
      const absolute = path.join(directory, name);
      return { file: displayPath(absolute), text: readFileSync(absolute, "utf8") };
    });
}

/** Relative to the working directory, with forward slashes, so output is the same on every machine. */
export function displayPath(absoluteOrRelative: string): string {
  const relative = path.relative(process.cwd(), path.resolve(absoluteOrRelative));
  return (relative.startsWith("..") ? path.resolve(absoluteOrRelative) : relative).split(path.sep).join("/");
}
