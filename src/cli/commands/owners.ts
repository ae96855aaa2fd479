import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import type { OwnersOptions } from "../actions/owners.js";
import { reportFormats } from "../../format/format-names.js";
import { type CommandRunner, choice, outputPath } from "../options.js";

export function registerOwners(program: Command, run: CommandRunner): void {
  program
    .command("owners")
    .description("generate .github/CODEOWNERS: a hand-written section for code and tooling, then each policy's metadata.owners")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--out <file>", "CODEOWNERS file", outputPath, ".github/CODEOWNERS")
    .option(
      "--team-prefix <prefix>",
      "prefix that turns an owner id into a GitHub team (default: the organization of the hand-written section's first team)",
    )
    .option("--check", "exit 1 when the file is missing or stale, or a tracked path has no owner, instead of writing it")
    .option("--format <format>", `output format: ${reportFormats.join(", ")}`, choice(reportFormats), "text")
    .addHelpText("after", examplesAndExitCodes(["owners", "owners --check --format json"]))
    .action((options: OwnersOptions) =>
      run(async (io, context) => (await import("../actions/owners.js")).ownersCommand(options, io, context)),
    );
}
