/**
 * `leadrules approvals --check` (issue 19, part 4): every owning team of a changed policy approves, one
 * owner of its CODEOWNERS line for any other path. The reviews, teams and changed-path files are hand-written
 * in tests/fixtures/approvals/ as the GitHub API and git write them (README.md there says what each holds).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { checkApprovals, checkPullRequestApprovals, latestReviews, UsageError, type Review } from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { policyRepo } from "./helpers/git-repo.js";
import { makeTempDir, repoRoot } from "./helpers/policy-fixtures.js";

const fixtures = path.join(repoRoot, "tests/fixtures/approvals");
const fixture = (name: string) => path.join(fixtures, name);
const bin = path.join(repoRoot, "bin/leadrules.js");

/** The bundled policies and the committed CODEOWNERS judge a pull request described by three fixtures. */
function decide(reviews: string, changed: string, teams = "teams.json") {
  return checkPullRequestApprovals({
    policies: path.join(repoRoot, "policies"),
    codeowners: path.join(repoRoot, ".github/CODEOWNERS"),
    teamPrefix: "@northwind/",
    reviews: fixture(reviews),
    teams: fixture(teams),
    changed: fixture(changed),
  });
}

/** Owner -> who approved for it, per changed path. */
async function approvedBy(reviews: string, changed: string) {
  const report = await decide(reviews, changed);
  return {
    approved: report.approved,
    paths: Object.fromEntries(report.paths.map((p) => [p.path, Object.fromEntries(p.owners.map((o) => [o.owner, o.approvedBy]))])),
  };
}

describe("approvals: every owning team of a changed policy", () => {
  it("(a) passes when every owning team approved, a login matched whatever its case", async () => {
    expect(await approvedBy("reviews-scoring-approved.json", "changed-scoring.txt")).toEqual({
      approved: true,
      paths: { "policies/scoring-model.yaml": { "@northwind/marketing-ops": ["mo-campaigns"], "@northwind/sales-ops": ["sam-sales"] } },
    });
  });

  it("(b) fails when one team did not approve (a comment is no approval), and names it", async () => {
    const report = await decide("reviews-sales-commented.json", "changed-scoring.txt");
    expect(report.approved).toBe(false);
    expect(report.paths[0]).toMatchObject({ path: "policies/scoring-model.yaml", rule: "every", approved: false });
    expect(report.paths[0]!.owners.filter((o) => o.approvedBy.length === 0).map((o) => o.owner)).toEqual(["@northwind/sales-ops"]);
  });

  it("(c) does not count an approval by someone in no owning team", async () => {
    const { approved, paths } = await approvedBy("reviews-non-member.json", "changed-scoring.txt");
    expect(approved).toBe(false);
    expect(paths["policies/scoring-model.yaml"]).toEqual({ "@northwind/marketing-ops": ["maria-mops"], "@northwind/sales-ops": [] });
  });

  it("(d) needs both sets of owners when a change touches two policies with different owners", async () => {
    const twoApproved = await approvedBy("reviews-scoring-approved.json", "changed-scoring-and-retention.txt");
    expect(twoApproved.approved).toBe(false);
    expect(twoApproved.paths["policies/retention-schedule.yaml"]).toEqual({ "@northwind/legal": [], "@northwind/it": [] });
    // The four teams' approvals, in two pages as `gh api --paginate --slurp` writes them.
    const allFour = await approvedBy("reviews-four-teams-pages.json", "changed-scoring-and-retention.txt");
    expect(allFour).toEqual({
      approved: true,
      paths: {
        "policies/retention-schedule.yaml": { "@northwind/legal": ["lee-legal"], "@northwind/it": ["ines-it"] },
        "policies/scoring-model.yaml": { "@northwind/marketing-ops": ["maria-mops"], "@northwind/sales-ops": ["sam-sales"] },
      },
    });
  });

  it("a later CHANGES_REQUESTED cancels an approval, and so does a dismissal", async () => {
    for (const reviews of ["reviews-changes-requested-later.json", "reviews-dismissed.json"]) {
      const { approved, paths } = await approvedBy(reviews, "changed-scoring.txt");
      expect(approved, reviews).toBe(false);
      expect(paths["policies/scoring-model.yaml"]!["@northwind/marketing-ops"], reviews).toEqual([]);
    }
  });

  it("a later COMMENTED review does not cancel an approval", async () => {
    expect((await approvedBy("reviews-commented-later.json", "changed-scoring.txt")).approved).toBe(true);
  });

  it("needs one owner of the CODEOWNERS line for a path that is no policy", async () => {
    const report = await decide("reviews-four-teams-pages.json", "changed-code.txt");
    expect(report.approved).toBe(true);
    expect(report.paths.map((p) => [p.path, p.rule, p.owners.map((o) => [o.owner, o.approvedBy])])).toEqual([
      ["docs/change-control.md", "any", [["@northwind/it", ["ines-it"]]]],
      ["src/index.ts", "any", [["@northwind/it", ["ines-it"]]]],
    ]);
    expect((await decide("reviews-scoring-approved.json", "changed-code.txt")).approved).toBe(false);
  });
});

describe("approvals: the rules of the pure function", () => {
  const review = (id: number, login: string, state: Review["state"], minute: number, commitId = "c1"): Review => ({
    id,
    login,
    state,
    submittedAt: `2026-11-30T09:${String(minute).padStart(2, "0")}:00Z`,
    commitId,
  });
  const input = {
    changed: ["policies/routing.yaml"],
    policyOwners: new Map([["policies/routing.yaml", ["@northwind/sales-ops"]]]),
    codeowners: [],
    teams: new Map([["northwind/sales-ops", ["sam", "sue"]]]),
  };

  it("a reviewer's latest review that is neither COMMENTED nor PENDING decides", () => {
    const latest = latestReviews([review(3, "sam", "COMMENTED", 30), review(2, "sam", "APPROVED", 20), review(4, "sam", "PENDING", 40)]);
    expect(latest.get("sam")?.id).toBe(2);
  });

  it("never counts the author's own approval, and with headCommit only approvals of that commit", () => {
    const reviews = [review(1, "sam", "APPROVED", 1, "old"), review(2, "sue", "APPROVED", 2, "new")];
    expect(checkApprovals({ ...input, reviews, author: "Sue" }).approved).toBe(true);
    expect(checkApprovals({ ...input, reviews: [reviews[1]!], author: "Sue" })).toMatchObject({
      approved: false,
      notCounted: [{ login: "sue", reason: "the pull request's author" }],
    });
    const stale = checkApprovals({ ...input, reviews: [reviews[0]!], headCommit: "new" });
    expect(stale.approved).toBe(false);
    expect(stale.notCounted).toEqual([{ login: "sam", reason: "given on old, not the head new" }]);
  });

  it("reports a team it needs that the teams file does not list, and a path nobody owns fails", () => {
    const report = checkApprovals({ ...input, changed: ["policies/routing.yaml", "notes.txt"], teams: new Map(), reviews: [] });
    expect(report.unknownTeams).toEqual(["northwind/sales-ops"]);
    expect(report.paths.find((p) => p.path === "notes.txt")).toMatchObject({ owners: [], approved: false });
  });
});

describe("approvals: inputs it cannot use are exit 2, naming the file", () => {
  it("a team the change needs that --teams does not list", async () => {
    await expect(decide("reviews-four-teams-pages.json", "changed-scoring-and-retention.txt", "teams-without-legal.json")).rejects.toThrow(
      /teams-without-legal\.json does not list the team northwind\/legal/,
    );
  });

  it("a review of the wrong shape, each problem at its line", async () => {
    const error = await decide("reviews-bad-shape.json", "changed-scoring.txt").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    const { diagnostics } = error as UsageError;
    expect(diagnostics.map((d) => [d.code, d.location?.line, d.message])).toEqual([
      ["input/approvals", 2, 'expected one of APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING, got "APPROVE"'],
      ["input/approvals", 3, "expected the reviewer's login"],
    ]);
  });

  it("the CLI: malformed JSON names the file and its line, without a stack trace", async () => {
    const run = await runCli([
      "approvals",
      "--check",
      "--reviews",
      fixture("reviews-truncated.json"),
      "--teams",
      fixture("teams.json"),
      "--changed",
      fixture("changed-scoring.txt"),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("reviews-truncated.json is not valid JSON");
    expect(run.stderr).toMatch(/reviews-truncated\.json:\d+:\d+ error yaml\/syntax/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("approvals --base: the base version's owners count too", () => {
  it("a change that drops legal from the retention schedule's owners still needs legal, and git lists the change", async () => {
    const repo = policyRepo();
    repo.edit("retention-schedule.yaml", "owners: [legal, it]", "owners: [it]");
    const report = await checkPullRequestApprovals({
      policies: repo.policies,
      codeowners: path.join(repo.dir, ".github/CODEOWNERS"),
      teamPrefix: "@northwind/",
      reviews: fixture("reviews-four-teams-pages.json"),
      teams: fixture("teams.json"),
      base: "main",
    });
    expect(report.paths.map((p) => [p.path, p.owners.map((o) => o.owner)])).toEqual([
      ["policies/retention-schedule.yaml", ["@northwind/legal", "@northwind/it"]],
    ]);
  });
});

describe("approvals: output formats escape what the files hold", () => {
  it("markdown and github keep a hostile path inert", async () => {
    const changed = path.join(makeTempDir(), "changed.txt");
    writeFileSync(changed, "docs/<img src=x>|`x`@alice.md\n::error::docs/x.md\n");
    const args = [
      "approvals",
      "--reviews",
      fixture("reviews-scoring-approved.json"),
      "--teams",
      fixture("teams.json"),
      "--changed",
      changed,
    ];
    const markdown = await runCli([...args, "--format", "markdown"]);
    expect(markdown.code).toBe(0);
    // In a code span the markup is shown, not run, and the `|` cannot end the cell; a team is no mention.
    expect(markdown.stdout).toContain(
      "| ``docs/<img src=x>\\|`x`@alice.md`` | one owner of its CODEOWNERS line |  | @\u200bnorthwind/it |",
    );
    expect(markdown.stdout).toContain("| **missing** |");
    const github = await runCli([...args, "--format", "github", "--check"]);
    expect(github.code).toBe(1);
    const lines = github.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^::error file=[^:]*,title=approvals::needs one owner of its CODEOWNERS line/);
    expect(github.stdout).toContain("file=%3A%3Aerror%3A%3Adocs/x.md");
  });
});

describe("approvals: the built CLI", () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [bin, "approvals", "--check", ...args], { cwd: repoRoot, encoding: "utf8" });

  it("exits 0 when every owning team approved, 1 naming the missing team", () => {
    const teams = ["--teams", fixture("teams.json"), "--changed", fixture("changed-scoring.txt")];
    const pass = cli("--reviews", fixture("reviews-scoring-approved.json"), ...teams);
    expect(pass.stderr).toBe("");
    expect(pass.status).toBe(0);
    expect(pass.stdout).toContain("approvals: pass (1 changed path approved)");
    const fail = cli("--reviews", fixture("reviews-sales-commented.json"), ...teams);
    expect(fail.status).toBe(1);
    expect(fail.stdout).toContain(
      "MISSING policies/scoring-model.yaml: needs every owning team of the policy: @northwind/marketing-ops approved by maria-mops; @northwind/sales-ops missing",
    );
  });

  it("exits 2 naming a malformed teams file", () => {
    const teams = path.join(makeTempDir(), "teams.json");
    writeFileSync(teams, '{ "northwind/legal": ["lee-legal",] ');
    const run = cli("--reviews", fixture("reviews-scoring-approved.json"), "--teams", teams, "--changed", fixture("changed-scoring.txt"));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("teams.json is not valid JSON");
    expect(run.stderr).not.toContain("internal error");
  });
});

describe("approvals: the workflow", () => {
  type Step = { name?: string; run?: string; env?: Record<string, string>; "working-directory"?: string };
  const workflow = parse(readFileSync(path.join(repoRoot, ".github/workflows/approvals.yml"), "utf8")) as {
    on: Record<string, { types?: string[] } | null>;
    jobs: { approvals: { steps: Step[] } };
  };
  const steps = workflow.jobs.approvals.steps;
  const step = (name: string) => steps.find((s) => s.name === name)!;

  it("runs again when a review is submitted, edited or dismissed", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request", "pull_request_review"]);
    expect(workflow.on.pull_request_review?.types).toEqual(["submitted", "edited", "dismissed"]);
  });

  it("judges with the base commit's checker, the base's owners counting too, and fails when it cannot read the teams", () => {
    const check = step("Every owning team approved").run!;
    expect(check).toContain('node "$GITHUB_WORKSPACE/base/bin/leadrules.js" approvals');
    expect(check.trimEnd().split("\n").at(-1)).toMatch(/ --format github --check$/);
    expect(check).toContain('--base "$BASE_SHA"');
    const teams = step("Members of the owning teams");
    expect(teams.env?.GH_TOKEN).toMatch(/^\$\{\{ secrets\.LEADRULES_TEAMS_TOKEN \}\}$/);
    expect(teams.run).toMatch(
      /if \[ -z "\$GH_TOKEN" \]; then\n\s+echo "::error title=approvals::cannot read team membership[^\n]*\n\s+exit 1/,
    );
    expect(step("Reviews of the pull request").run).toContain("gh api --paginate --slurp");
  });
});
