/**
 * Builds real policy folders for tests: a copy of a base set with the edits a
 * case describes (replace text, write, remove or copy a file).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
export const baseFixture = path.join(repoRoot, "tests/fixtures/base");
export const bundledPolicies = path.join(repoRoot, "policies");

export type Edit =
  | { file: string; replace: string; with: string }
  | { file: string; content: string }
  | { remove: string }
  | { copy: string; to: string };

export function makeTempDir(prefix = "leadrules-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A fresh copy of `source` with the edits applied; returns the folder. */
export function policyFolder(edits: readonly Edit[] = [], source = baseFixture): string {
  const dir = makeTempDir();
  cpSync(source, dir, { recursive: true });
  for (const edit of edits) {
    if ("remove" in edit) rmSync(path.join(dir, edit.remove));
    else if ("copy" in edit) cpSync(path.join(dir, edit.copy), path.join(dir, edit.to));
    else if ("content" in edit) {
      // A file may go in a folder the base set does not have (a test suite in tests/).
      mkdirSync(path.dirname(path.join(dir, edit.file)), { recursive: true });
      writeFileSync(path.join(dir, edit.file), edit.content);
    } else {
      const file = path.join(dir, edit.file);
      const text = readFileSync(file, "utf8");
      if (!text.includes(edit.replace)) throw new Error(`fixture edit: ${edit.file} has no ${JSON.stringify(edit.replace)}`);
      writeFileSync(file, text.replace(edit.replace, edit.with));
    }
  }
  return dir;
}

export interface CaseFile {
  description: string;
  edits: Edit[];
}

export function readCase(dir: string): CaseFile {
  return parse(readFileSync(path.join(dir, "case.yaml"), "utf8")) as CaseFile;
}

/** Golden files are rewritten instead of compared when UPDATE_GOLDEN=1. */
export const updateGolden = process.env.UPDATE_GOLDEN === "1";
