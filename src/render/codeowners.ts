/**
 * .github/CODEOWNERS: a hand-written section, kept as it is, then one line per
 * policy file from its metadata.owners. Later lines win in CODEOWNERS, so the
 * hand-written defaults (`*`, the code and tooling paths) come first and can
 * never take a policy away from its owners. CODEOWNERS requests reviews: one
 * owner of a line satisfies GitHub, so the council's "every owning team"
 * is enforced by `approvals --check` (diff/approvals.ts), and the header says so.
 *
 * Why the tooling owners are hand-written here rather than declared elsewhere:
 * they are not policy content (no schema, no version, no tests), they change
 * rarely, and in CODEOWNERS they sit where GitHub and reviewers read them,
 * guarded by the file's own line. `owners --check` makes sure every tracked
 * path ends up with an owner.
 */
import type { PolicySet } from "../model/policy-set.js";

export const handWrittenBegin = "# --- hand-written owners: kept as they are by `leadrules owners` ---";
export const handWrittenEnd = "# --- end of the hand-written owners; generated from metadata.owners below ---";

/** What a repository without a hand-written section starts with: no owner invented, only what is needed. */
export const starterSection = [
  "# Give every path an owner: a default line such as `* @your-org/it`, then the",
  "# code and tooling that decide what the checks mean (src/, schemas/, templates/,",
  "# scripts/, .github/, package.json, package-lock.json). `owners --check` fails",
  "# while any tracked path has no owner.",
];

/** The lines between the markers, or undefined when the file has none; a marker without its pair is an error message. */
export function handWrittenSection(text: string): { lines?: string[]; error?: string } {
  // A checkout with CRLF line ends must not lose the section.
  const lines = text.split(/\r?\n/);
  const begin = lines.indexOf(handWrittenBegin);
  const end = lines.indexOf(handWrittenEnd);
  const repeated = lines.lastIndexOf(handWrittenBegin) !== begin || lines.lastIndexOf(handWrittenEnd) !== end;
  if (begin < 0 && end < 0) return {};
  if (begin < 0 || end < begin || repeated)
    return { error: "the hand-written section needs exactly one begin marker followed by one end marker" };
  return { lines: lines.slice(begin + 1, end) };
}

/** `@org/` of the first team (`@org/team`) the hand-written section names, if any. */
export function teamPrefixOf(text: string): string | undefined {
  const team = handWrittenSection(text)
    .lines?.filter((line) => !line.trimStart().startsWith("#"))
    .flatMap((line) => line.trim().split(/\s+/).slice(1))
    .find((owner) => /^@[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(owner));
  return team?.slice(0, team.indexOf("/") + 1);
}

/** Spaces, `#`, `!`, `[ ]`, `\` and `*` cannot be written literally in a CODEOWNERS pattern; `?` stands for any one of them. */
function patternFor(file: string): string {
  return `/${file.replace(/[\s#![\]\\*]/g, "?")}`;
}

/** `set` holds policy files relative to the repository root. */
export function renderCodeowners(set: PolicySet, teamPrefix: string, handWritten: readonly string[] = starterSection): string {
  const team = (id: string) => `${teamPrefix}${id}`;
  const everyOwner = [...new Set(set.policies.flatMap((p) => p.document.metadata.owners))].sort();
  const policyFolder = set.policies[0]?.file.includes("/") ? set.policies[0].file.slice(0, set.policies[0].file.lastIndexOf("/") + 1) : "";
  const lines = [
    "# Whose review a change requests, by path; the last matching line wins. GitHub's",
    "# code-owner rule is met by an approval from ANY ONE owner of the deciding line, not one",
    "# per team: `leadrules approvals --check` (CI) enforces that every owning team of a",
    "# changed policy approves (docs/change-control.md#approvals). `leadrules owners` keeps the",
    "# hand-written section below and rewrites the policy lines after it from each policy's",
    "# metadata.owners; `leadrules owners --check` (CI) fails when this file is stale or any",
    "# tracked path has no owner.",
    "",
    handWrittenBegin,
    ...handWritten,
    handWrittenEnd,
    "",
    `${patternFor(`${policyFolder}tests`)}/ ${everyOwner.map(team).join(" ")}`,
    ...set.policies.map((p) => `${patternFor(p.file)} ${p.document.metadata.owners.map(team).join(" ")}`),
  ];
  return lines.join("\n") + "\n";
}
