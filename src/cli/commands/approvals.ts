import type { Command } from "commander";
import { approvalsFormats } from "../../format/format-names.js";
import type { ApprovalsOptions } from "../actions/approvals.js";
import { examplesAndExitCodes } from "../help.js";
import { choice, inputPath, type CommandRunner } from "../options.js";

export function registerApprovals(program: Command, run: CommandRunner): void {
  program
    .command("approvals")
    .description("whether every owning team of each changed policy, and an owner of each other changed path, approved the pull request")
    .requiredOption("--reviews <file>", "the pull request's reviews: gh api --paginate --slurp repos/O/R/pulls/N/reviews", inputPath)
    .requiredOption("--teams <file>", 'members of the owning teams: { "org/team": ["login", ...] }', inputPath)
    .option("--changed <file>", "the changed paths, one per line (git diff --name-only); default: listed by git against --base", inputPath)
    .option("--base <ref>", "the base commit: its policies' owners and its CODEOWNERS count too")
    .option("--author <login>", "the pull request's author, whose approval never counts")
    .option("--head-commit <sha>", 'count only approvals given on this commit (as GitHub\'s "dismiss stale approvals")')
    .option("--policies <dir>", "policy folder", "policies")
    .option("--codeowners <file>", "CODEOWNERS file (the owners of paths that are not policies)", inputPath, ".github/CODEOWNERS")
    .option("--team-prefix <prefix>", "prefix that turns an owner id into a GitHub team (default: as `owners` finds it in CODEOWNERS)")
    .option("--format <format>", `output format: ${approvalsFormats.join(", ")}`, choice(approvalsFormats), "text")
    .option("--check", "exit 1 when an approval is missing")
    .addHelpText(
      "after",
      examplesAndExitCodes([
        "approvals --reviews reviews.json --teams teams.json --base origin/main --check",
        "approvals --reviews reviews.json --teams teams.json --changed changed.txt --author octocat --format markdown",
      ]),
    )
    .action((options: ApprovalsOptions) => run(async (io) => (await import("../actions/approvals.js")).approvalsCommand(options, io)));
}
