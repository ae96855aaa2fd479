/**
 * What `approvals --check` reads beside the policies, each file checked completely before anything is
 * decided: a malformed file or one value of the wrong shape is a UsageError naming the file, the line and
 * what was expected (exit 2), never a review or a member silently dropped.
 *
 * - reviews (`gh api --paginate --slurp repos/O/R/pulls/N/reviews`): a JSON array of reviews, or an array
 *   of such pages (what `--slurp` writes); each `{ id, user: { login }, state, submitted_at, commit_id }`;
 * - teams: `{ "org/team": ["login", ...] }`, the members of each team (`gh api orgs/O/teams/T/members`);
 * - changed paths: one path per line (`git diff --name-only`, `gh api .../pulls/N/files --jq '.[].filename'`).
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { UsageError } from "../diagnostics/index.js";
import { readInputFile } from "../load/input-file.js";
import { parseYaml, type ParsedYaml } from "../load/parse-yaml.js";
import { displayPath } from "../load/read-policy-files.js";
import { reviewStates, type Review, type ReviewState } from "./approvals.js";

/** Review lists carry bodies and links; a pull request with thousands of reviews stays far below this. */
const maxApprovalFileBytes = 16 * 1024 * 1024;

const teamName = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/[A-Za-z0-9_.-]+$/;
const loginSyntax = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?$/;

export function readReviews(file: string): Review[] {
  return readJsonInput(file, "reviews file", "reviews", (value, problem) => {
    if (!Array.isArray(value)) return void problem("", "expected a JSON array of reviews (gh api --paginate --slurp .../reviews)");
    // `--slurp` wraps each page in an array of its own.
    const pages = value.every(Array.isArray)
      ? value.map((page: unknown[], i) => page.map((r, j) => ({ r, at: `/${i}/${j}` })))
      : [value.map((r, j) => ({ r, at: `/${j}` }))];
    const reviews: Review[] = [];
    for (const { r, at } of pages.flat()) {
      const review = r as { id?: unknown; user?: { login?: unknown } | null; state?: unknown; submitted_at?: unknown; commit_id?: unknown };
      if (review === null || typeof review !== "object" || Array.isArray(review)) {
        problem(at, "expected a review object");
        continue;
      }
      // A deleted account's reviews name no user (GitHub shows them as "ghost"): no team member, nothing to count.
      if (review.user === null) continue;
      const login = review.user?.login;
      if (!Number.isSafeInteger(review.id)) problem(`${at}/id`, "expected the review's numeric id");
      else if (typeof login !== "string" || !loginSyntax.test(login)) problem(`${at}/user/login`, "expected the reviewer's login");
      else if (!(reviewStates as readonly unknown[]).includes(review.state))
        problem(`${at}/state`, `expected one of ${reviewStates.join(", ")}, got ${JSON.stringify(review.state)}`);
      else if (review.submitted_at !== undefined && review.submitted_at !== null && typeof review.submitted_at !== "string")
        problem(`${at}/submitted_at`, "expected an ISO time or null");
      else if (review.commit_id !== undefined && review.commit_id !== null && typeof review.commit_id !== "string")
        problem(`${at}/commit_id`, "expected a commit id or null");
      else
        reviews.push({
          id: review.id as number,
          login,
          state: review.state as ReviewState,
          submittedAt: (review.submitted_at as string | null | undefined) ?? null,
          commitId: (review.commit_id as string | null | undefined) ?? null,
        });
    }
    return reviews;
  });
}

/** Team (`org/team`, lower case) -> its members' logins. */
export function readTeams(file: string): Map<string, string[]> {
  return readJsonInput(file, "teams file", "teams", (value, problem) => {
    const teams = new Map<string, string[]>();
    if (value === null || typeof value !== "object" || Array.isArray(value))
      return void problem("", 'expected a JSON object of teams, e.g. { "northwind/legal": ["alice", "bob"] }');
    for (const [team, members] of Object.entries(value)) {
      const at = `/${team.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      if (!teamName.test(team)) problem(at, `${JSON.stringify(team)} is not a team: expected org/team-slug, e.g. northwind/legal`);
      else if (!Array.isArray(members)) problem(at, "expected an array of the team's members' logins");
      else {
        const bad = members.findIndex((m) => typeof m !== "string" || !loginSyntax.test(m));
        if (bad >= 0) problem(`${at}/${bad}`, `expected a login, got ${JSON.stringify(members[bad])}`);
        else teams.set(team.toLowerCase(), members as string[]);
      }
    }
    return teams;
  });
}

/** One path per line, relative to the repository root; blank lines skipped, a leading `./` dropped. */
export function readChangedPaths(file: string): string[] {
  const text = readInputFile(file, { what: "changed-paths file", limit: maxApprovalFileBytes });
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\.\//, ""))
    .filter((line) => line !== "");
}

/**
 * A JSON file (read by the safe YAML reader, which JSON is a part of: located errors, duplicate keys
 * refused) checked by `check`, which reports each problem at its JSON pointer.
 */
function readJsonInput<T>(
  file: string,
  what: string,
  plural: string,
  check: (value: unknown, problem: (pointer: string, message: string) => void) => T | undefined,
): T {
  const shown = displayPath(file);
  const parsed: ParsedYaml = parseYaml(shown, readInputFile(file, { what, limit: maxApprovalFileBytes }), { requireMapping: false });
  if (parsed.diagnostics.length > 0)
    throw new UsageError(
      `${shown} is not valid JSON: ${parsed.diagnostics[0]!.message}`,
      `Write the ${what} as gh api writes it.`,
      parsed.diagnostics,
    );
  const problems: Diagnostic[] = [];
  const problem = (pointer: string, message: string) => {
    const { line, column } = parsed.sourceMap.locate(pointer);
    problems.push({ code: "input/approvals", severity: "error", message, location: { file: shown, pointer, line, column } });
  };
  const result = check(parsed.value, problem);
  if (problems.length > 0 || result === undefined)
    throw new UsageError(
      `${shown}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the ${plural}`,
      "See docs/change-control.md#approvals for the shape and the gh commands that write it.",
      problems,
    );
  return result;
}
