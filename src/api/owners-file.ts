/**
 * `leadrules owners`: the CODEOWNERS file the policies' owners call for,
 * compared with the one there is (`check`) or written over it.
 */
import { readFileSync } from "node:fs";
import type { PolicySet } from "../model/policy-set.js";
import { planOwners } from "../diff/check-owners.js";
import { UsageError } from "../diagnostics/index.js";
import { teamPrefixOf } from "../render/codeowners.js";
import { assertOutputFile, writeFileAtomically } from "../write/write-files.js";

export interface OwnersFileOptions {
  policies: string;
  /** The CODEOWNERS file. */
  out: string;
  /** What turns an owner id into a team (`@acme/`); by default the organization the hand-written section names. */
  teamPrefix?: string;
  /** Compare instead of writing. */
  check?: boolean;
}

export interface OwnersFileResult {
  /** Whether the file was missing, stale or already as expected (before a write). */
  state: "missing" | "stale" | "current";
  /** Paths without an owner, lines GitHub skips, policies owned by others than their metadata says. */
  problems: string[];
  /** Written (not `check`). */
  written: boolean;
}

export async function ownersFile(set: PolicySet, options: OwnersFileOptions): Promise<OwnersFileResult> {
  if (!options.check) assertOutputFile(options.out, { inputs: set.policies.map((p) => p.file), policies: options.policies });
  const current = readIfPresent(options.out);
  const { expected, problems } = await planOwners({
    set,
    policies: options.policies,
    teamPrefix: options.teamPrefix ?? teamPrefixIn(current, options.out),
    current,
    file: options.out,
  });
  const state = current === undefined ? "missing" : current === expected ? "current" : "stale";
  if (!options.check) writeFileAtomically(options.out, expected);
  return { state, problems, written: !options.check };
}

/** The organization of the first team the hand-written section names: a company writes it once, there. */
export function teamPrefixIn(codeowners: string | undefined, file: string): string {
  const prefix = codeowners === undefined ? undefined : teamPrefixOf(codeowners);
  if (prefix) return prefix;
  throw new UsageError(
    `no --team-prefix, and ${file} names no team (@org/team) in its hand-written section to take the organization from`,
    "Pass --team-prefix @your-org/ once; later runs take it from the file.",
  );
}

/** A file's text, or undefined when there is none (a repository's first CODEOWNERS). */
export function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
