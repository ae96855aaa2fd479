import type { Command } from "commander";
import { reportFormats } from "../../format/format-names.js";
import type { InitCommandOptions } from "../actions/init.js";
import { examplesAndExitCodes } from "../help.js";
import { type CommandRunner, choice } from "../options.js";

export function registerInit(program: Command, run: CommandRunner): void {
  program
    .command("init")
    .argument("[dir]", "the new repository's folder (created when missing)", ".")
    .description("scaffold a policy repository for your company: every policy kind, tests, workflow, CODEOWNERS, editor settings")
    .requiredOption("--company <name>", "your company's name, for the README and package.json")
    .requiredOption("--org <github-org>", "the GitHub organization whose teams own the policies (@org/marketing-ops...)")
    .option("--format <format>", `output format: ${reportFormats.join(", ")}`, choice(reportFormats), "text")
    .addHelpText(
      "after",
      examplesAndExitCodes([
        'init --company "Acme Data" --org acme-data',
        'init acme-policies --company "Acme Data" --org acme-data --format json',
      ]),
    )
    .action((directory: string, options: Omit<InitCommandOptions, "directory">) =>
      run(async (io) => (await import("../actions/init.js")).initCommand({ ...options, directory }, io)),
    );
}
