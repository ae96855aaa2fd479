/**
 * `leadrules approvals`: reads a pull request's reviews, the owning teams' members, its changed paths and
 * who owns them, and decides whether every owner the council's rule names has approved
 * (diff/approvals.ts). With `base`, the owners of the base version count too, the changed paths can be
 * listed by git, and CODEOWNERS is the base's (the one GitHub reads for a pull request), so a pull
 * request cannot lower the approvals it needs by editing the owners it is judged by.
 */
import path from "node:path";
import { UsageError } from "../diagnostics/index.js";
import { checkApprovals, type ApprovalsReport } from "../diff/approvals.js";
import { parseCodeowners } from "../diff/codeowners-rules.js";
import { openPolicyRepository } from "../diff/git.js";
import { mergeOwners, policyFileOwners } from "../diff/policy-file-owners.js";
import { readChangedPaths, readReviews, readTeams } from "../diff/read-approval-inputs.js";
import { readPolicyFiles } from "../load/read-policy-files.js";
import { readIfPresent, teamPrefixIn } from "./owners-file.js";

export interface ApprovalsOptions {
  policies: string;
  /** The reviews JSON file. */
  reviews: string;
  /** The team members JSON file. */
  teams: string;
  /** A file listing the changed paths, one per line; else they are listed by git against `base`. */
  changed?: string;
  /** The pull request's base commit. */
  base?: string;
  /** The CODEOWNERS file (read from `base` when it is given and holds one). */
  codeowners: string;
  /** Turns an owner id of `metadata.owners` into a GitHub team, as `owners` writes it (by default as `owners` finds it). */
  teamPrefix?: string;
  /** The pull request's author, whose approval never counts. */
  author?: string;
  /** Count only approvals of this commit. */
  headCommit?: string;
}

export async function checkPullRequestApprovals(options: ApprovalsOptions): Promise<ApprovalsReport> {
  if (options.changed === undefined && options.base === undefined)
    throw new UsageError("approvals needs the changed paths", "Give --changed FILE (one path per line) or --base REF (listed by git).");
  // Read the files first: a malformed one is exit 2 before git is asked anything.
  const reviews = readReviews(options.reviews);
  const teams = readTeams(options.teams);
  const listed = options.changed === undefined ? undefined : readChangedPaths(options.changed);
  const repo = await openPolicyRepository(options.policies);
  const relative = (file: string) => path.relative(repo.root, path.resolve(file)).split(path.sep).join("/");
  const headFiles = readPolicyFiles(options.policies).map((f) => ({ ...f, file: relative(f.file) }));
  let codeowners = readIfPresent(options.codeowners);
  const teamPrefix = options.teamPrefix ?? teamPrefixIn(codeowners, options.codeowners);
  let policyOwners = policyFileOwners(headFiles, teamPrefix);
  let changed = listed;
  if (options.base !== undefined) {
    const base = await repo.resolve(options.base);
    const baseFiles = await repo.readPolicies(base, relative(options.policies) || ".");
    policyOwners = mergeOwners(policyFileOwners(baseFiles, teamPrefix), policyOwners);
    codeowners = (await repo.readFile(base, relative(options.codeowners))) ?? codeowners;
    changed ??= await repo.changedFiles(base);
  }
  const report = checkApprovals({
    changed: changed ?? [],
    policyOwners,
    codeowners: parseCodeowners(codeowners ?? "").rules,
    reviews,
    teams,
    author: options.author,
    headCommit: options.headCommit,
  });
  if (report.unknownTeams.length > 0)
    throw new UsageError(
      `${options.teams} does not list the team${report.unknownTeams.length === 1 ? "" : "s"} ${report.unknownTeams.join(", ")}, whose approval the change needs`,
      "Add each team's members: gh api --paginate orgs/ORG/teams/TEAM/members --jq '.[].login' (docs/change-control.md#approvals).",
    );
  return report;
}
