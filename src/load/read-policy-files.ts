/**
 * The only module that reads policy files from disk. It lists the top-level
 * *.yaml / *.yml files of a directory (sub-folders such as samples/ hold
 * other data) in a stable order, each checked to be a plain file inside the
 * folder and within the size limit (input-file.ts).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../diagnostics/index.js";
import { maxPolicyFileBytes, readInputFile } from "./input-file.js";

export { displayPath } from "./input-file.js";
import { displayPath } from "./input-file.js";

export interface PolicyFile {
  /** Relative POSIX path used in every diagnostic and report. */
  file: string;
  text: string;
}

/** Where a policy folder keeps its test suites. */
export function testDirectory(policies: string): string {
  return path.join(policies, "tests");
}

/** The test suite files of a tests folder, sorted (none when it does not exist). */
export function testSuiteFileNames(directory: string): string[] {
  return existsSync(directory) ? readdirSync(directory).filter(isPolicyFileName).sort() : [];
}

export function isPolicyFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

export function readPolicyFiles(directory: string): PolicyFile[] {
  return policyFilePaths(directory, { mustExist: true }).map((file) => ({
    file: displayPath(file),
    text: readInputFile(file, { what: "policy file", insideFolder: directory, limit: maxPolicyFileBytes }),
  }));
}

/** The policy files of a directory, unread, in a stable order (none if it does not exist, unless it must). */
export function policyFilePaths(directory: string, options: { mustExist?: boolean } = {}): string[] {
  let entries: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new Error("not a directory");
    entries = readdirSync(directory);
  } catch {
    if (!options.mustExist) return [];
    throw new UsageError(
      `policies directory not found: ${directory}`,
      "Pass --policies DIR with the folder that holds your policy YAML files.",
    );
  }
  return entries
    .filter(isPolicyFileName)
    .sort()
    .map((name) => path.join(directory, name));
}
