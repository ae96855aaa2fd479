import type { Command } from "commander";
import { reportFormats } from "../../format/format-names.js";
import type { SchemasOptions } from "../actions/schemas.js";
import { examplesAndExitCodes } from "../help.js";
import { type CommandRunner, choice, outputPath } from "../options.js";

export function registerSchemas(program: Command, run: CommandRunner): void {
  program
    .command("schemas")
    .description("write the policy schemas for editors (self-contained, Markdown hover text) to a folder your modelines can name")
    .option("--out <dir>", "output folder", outputPath, ".leadrules/schemas")
    .option("--check", "exit 1 and list stale, missing or extra files instead of writing")
    .option("--format <format>", `output format: ${reportFormats.join(", ")}`, choice(reportFormats), "text")
    .addHelpText("after", examplesAndExitCodes(["schemas --out .leadrules/schemas", "schemas --out .leadrules/schemas --check"]))
    .action((options: SchemasOptions) => run(async (io) => (await import("../actions/schemas.js")).schemasCommand(options, io)));
}
