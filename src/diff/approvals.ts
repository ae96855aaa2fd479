/**
 * `leadrules approvals --check`: whether a pull request has the approvals the council's rule asks for.
 * CODEOWNERS only requests reviews (GitHub is satisfied by any one owner of the deciding line), so the
 * rule "every owning team of a changed policy approves" is decided here, from data:
 *
 * - a changed policy file needs an approval from a member of EVERY team in its `metadata.owners` (of the
 *   base and of the head version: a change that drops a team from the owners still needs that team);
 * - any other changed path needs ONE owner of its deciding CODEOWNERS line, as GitHub's code-owner rule;
 * - a reviewer's latest review that is not COMMENTED decides (a later CHANGES_REQUESTED or DISMISSED
 *   cancels an approval; PENDING reviews are drafts nobody else sees); the author's own never counts;
 * - with `headCommit`, only approvals given on that commit count (GitHub's "dismiss stale approvals").
 *
 * Pure: reviews, team members, owners and changed paths in; the report out.
 */
import type { OwnerRule } from "./codeowners-rules.js";
import { ruleFor } from "./codeowners-rules.js";

export const reviewStates = ["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"] as const;
export type ReviewState = (typeof reviewStates)[number];

/** One pull-request review, as the GitHub REST API lists it (the fields this check reads). */
export interface Review {
  id: number;
  login: string;
  state: ReviewState;
  /** ISO time; null for a PENDING review. */
  submittedAt: string | null;
  commitId: string | null;
}

export interface ApprovalsInput {
  /** Paths the pull request changes, relative to the repository root. */
  changed: readonly string[];
  /** Each policy file (relative to the root) and its owning teams (`@org/team`): every one must approve. */
  policyOwners: ReadonlyMap<string, readonly string[]>;
  /** The CODEOWNERS rules that own every other path. */
  codeowners: readonly OwnerRule[];
  reviews: readonly Review[];
  /** Team (`org/team`, lower case) -> its members' logins. */
  teams: ReadonlyMap<string, readonly string[]>;
  /** The pull request's author, whose own approval never counts. */
  author?: string;
  /** Count only approvals given on this commit. */
  headCommit?: string;
}

export interface OwnerApproval {
  /** `@org/team`, `@user` or an e-mail address, as the policy or CODEOWNERS names it. */
  owner: string;
  /** Logins whose approval counts for this owner; empty when it is missing. */
  approvedBy: string[];
  /** Why the owner cannot approve through this check (an e-mail owner), if so. */
  unresolvable?: string;
}

export interface PathApproval {
  path: string;
  /** `every`: each owner must approve (a policy file); `any`: one owner of the CODEOWNERS line is enough. */
  rule: "every" | "any";
  /** The CODEOWNERS line that owns a non-policy path. */
  codeownersLine?: number;
  owners: OwnerApproval[];
  approved: boolean;
}

export interface ApprovalsReport {
  approved: boolean;
  paths: PathApproval[];
  /** Reviewers whose latest review is an approval that counts, sorted. */
  approvers: string[];
  /** Approvals that do not count, and why (the author's own, given on an older commit). */
  notCounted: { login: string; reason: string }[];
  /** Teams some path needs that the team file does not list: the check cannot decide them. */
  unknownTeams: string[];
}

/** `@org/team` -> `org/team` (lower case); undefined for a user or an e-mail owner. */
export function teamKey(owner: string): string | undefined {
  return /^@[^/\s]+\/\S+$/.test(owner) ? owner.slice(1).toLowerCase() : undefined;
}

/** Each reviewer's deciding review: the latest one that is neither COMMENTED nor PENDING. */
export function latestReviews(reviews: readonly Review[]): Map<string, Review> {
  const ordered = reviews
    .filter((r) => r.state !== "COMMENTED" && r.state !== "PENDING")
    // Submission time first, the review id (which GitHub assigns in order) for equal times.
    .sort((a, b) => compareText(a.submittedAt ?? "", b.submittedAt ?? "") || a.id - b.id);
  const latest = new Map<string, Review>();
  for (const review of ordered) latest.set(review.login.toLowerCase(), review);
  return latest;
}

export function checkApprovals(input: ApprovalsInput): ApprovalsReport {
  const author = input.author?.toLowerCase();
  const approvers = new Map<string, string>();
  const notCounted: ApprovalsReport["notCounted"] = [];
  for (const [key, review] of latestReviews(input.reviews)) {
    if (review.state !== "APPROVED") continue;
    if (key === author) notCounted.push({ login: review.login, reason: "the pull request's author" });
    else if (input.headCommit !== undefined && review.commitId !== input.headCommit)
      notCounted.push({
        login: review.login,
        reason: `given on ${review.commitId ?? "an unknown commit"}, not the head ${input.headCommit}`,
      });
    else approvers.set(key, review.login);
  }
  const unknownTeams = new Set<string>();
  const approvalOf = (owner: string): OwnerApproval => {
    const team = teamKey(owner);
    if (team !== undefined) {
      const members = input.teams.get(team);
      if (members === undefined) unknownTeams.add(team);
      const approvedBy = (members ?? []).flatMap((m) => approvers.get(m.toLowerCase()) ?? []);
      return { owner, approvedBy: [...new Set(approvedBy)].sort(compareText) };
    }
    if (owner.startsWith("@")) {
      const login = approvers.get(owner.slice(1).toLowerCase());
      return { owner, approvedBy: login ? [login] : [] };
    }
    return { owner, approvedBy: [], unresolvable: "an e-mail owner: GitHub reviews name logins, so it cannot be matched" };
  };
  const paths = [...new Set(input.changed)].sort(compareText).map((path): PathApproval => {
    const policyOwners = input.policyOwners.get(path);
    if (policyOwners !== undefined) {
      const owners = [...new Set(policyOwners)].map(approvalOf);
      return { path, rule: "every", owners, approved: owners.length > 0 && owners.every((o) => o.approvedBy.length > 0) };
    }
    const rule = ruleFor(input.codeowners, path);
    const owners = (rule?.owners ?? []).map(approvalOf);
    return { path, rule: "any", codeownersLine: rule?.line, owners, approved: owners.some((o) => o.approvedBy.length > 0) };
  });
  return {
    approved: paths.every((p) => p.approved),
    paths,
    approvers: [...approvers.values()].sort(compareText),
    notCounted: notCounted.sort((a, b) => compareText(a.login, b.login)),
    unknownTeams: [...unknownTeams].sort(compareText),
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
