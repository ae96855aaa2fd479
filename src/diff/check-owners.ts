/**
 * `leadrules owners`: the CODEOWNERS file the repository should have, and what
 * is wrong with the one it has. Paths are relative to the repository root
 * (where GitHub reads CODEOWNERS patterns), wherever the command runs.
 */
import path from "node:path";
import type { PolicySet } from "../model/policy-set.js";
import { UsageError } from "../diagnostics/index.js";
import { handWrittenSection, renderCodeowners } from "../render/codeowners.js";
import { parseCodeowners, ruleFor, unownedPaths } from "./codeowners-rules.js";
import { openPolicyRepository } from "./git.js";

export interface OwnersOptions {
  set: PolicySet;
  /** The policy folder; its git repository is the one whose paths need owners. */
  policies: string;
  teamPrefix: string;
  /** The CODEOWNERS file as it is (its hand-written section is kept), or undefined when there is none. */
  current: string | undefined;
  /** For messages. */
  file: string;
}

export interface OwnersResult {
  /** The file as `leadrules owners` writes it. */
  expected: string;
  /** In `expected`: each line GitHub would skip, the tracked paths without an owner, each policy owned by others. */
  problems: string[];
}

/** How many unowned paths are listed before "and N more". */
const listedPaths = 10;

export async function planOwners(options: OwnersOptions): Promise<OwnersResult> {
  const repo = await openPolicyRepository(options.policies);
  const relative = (file: string) => path.relative(repo.root, path.resolve(file)).split(path.sep).join("/");
  const set = { ...options.set, policies: options.set.policies.map((p) => ({ ...p, file: relative(p.file) })) };
  const section = handWrittenSection(options.current ?? "");
  if (section.error)
    throw new UsageError(
      `${options.file}: ${section.error}`,
      "Restore the two marker lines around the hand-written owners, or delete both to start over.",
    );
  const expected = renderCodeowners(set, options.teamPrefix, section.lines);
  const { rules, problems: skipped } = parseCodeowners(expected);
  const problems = skipped.map((p) => `${options.file}:${p.line}: ${p.message}`);
  const unowned = unownedPaths(rules, await repo.trackedFiles());
  if (unowned.length > 0) {
    const shown = unowned
      .slice(0, listedPaths)
      .map((p) => JSON.stringify(p))
      .join(", ");
    const rest = unowned.length > listedPaths ? ` and ${unowned.length - listedPaths} more` : "";
    problems.push(
      `${options.file}: ${unowned.length} tracked path(s) have no owner: ${shown}${rest}; add owners between the hand-written markers (e.g. \`* @org/it\`)`,
    );
  }
  for (const policy of set.policies) {
    const want = policy.document.metadata.owners.map((o) => `${options.teamPrefix}${o}`).sort();
    const got = [...(ruleFor(rules, policy.file)?.owners ?? [])].sort();
    if (want.join(" ") !== got.join(" "))
      problems.push(
        `${options.file}: ${policy.file} is owned by ${got.join(" ") || "nobody"}, but its metadata.owners say ${want.join(" ")}`,
      );
  }
  return { expected, problems };
}
