import type { Command } from "commander";
import { type CommandRunner, outputPath } from "../options.js";

export function registerSchemas(program: Command, run: CommandRunner): void {
  program
    .command("schemas")
    .description("write the policy schemas for editors (self-contained, Markdown hover text) to a folder your modelines can name")
    .option("--out <dir>", "output folder", outputPath, ".leadrules/schemas")
    .option("--check", "exit 1 and list stale, missing or extra files instead of writing")
    .action((options: { out: string; check?: boolean }) =>
      run(async (io) => (await import("../actions/schemas.js")).schemasCommand(options, io)),
    );
}
