import type { Command } from "commander";
import { type CommandRunner, outputPath } from "../options.js";

export function registerDocs(program: Command, run: CommandRunner): void {
  program
    .command("docs")
    .description("render the Data Definitions: Markdown (docs/) and a searchable HTML site (site/)")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--out <dir>", "output folder", outputPath, "generated")
    .option("--check", "exit 1 and list stale, missing or extra files instead of writing")
    .action((options: { policies: string; out: string; check?: boolean }) =>
      run(async (io, context) => (await import("../actions/docs.js")).docsCommand(options, io, context)),
    );
}
