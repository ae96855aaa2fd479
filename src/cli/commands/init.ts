import type { Command } from "commander";
import type { InitOptions } from "../../api/init-repository.js";
import type { CommandRunner } from "../options.js";

export function registerInit(program: Command, run: CommandRunner): void {
  program
    .command("init")
    .argument("[dir]", "the new repository's folder (created when missing)", ".")
    .description("scaffold a policy repository for your company: every policy kind, tests, workflow, CODEOWNERS, editor settings")
    .requiredOption("--company <name>", "your company's name, for the README and package.json")
    .requiredOption("--org <github-org>", "the GitHub organization whose teams own the policies (@org/marketing-ops...)")
    .action((directory: string, options: Omit<InitOptions, "directory">) =>
      run(async (io) => (await import("../actions/init.js")).initCommand({ ...options, directory }, io)),
    );
}
