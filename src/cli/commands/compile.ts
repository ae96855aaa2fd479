import type { Command } from "commander";
import { type CommandRunner, outputPath } from "../options.js";

export function registerCompile(program: Command, run: CommandRunner): void {
  program
    .command("compile")
    .description("write json-rules-engine rule sets for every policy")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--out <dir>", "output folder", outputPath, "generated/rules")
    .option("--check", "exit 1 and list the files that are stale, missing or no longer produced, instead of writing")
    .action((options: { policies: string; out: string; check?: boolean }) =>
      run(async (io, context) => (await import("../actions/compile.js")).compileCommand(options, io, context)),
    );
}
