import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import type { DocsOptions } from "../actions/docs.js";
import { reportFormats } from "../../format/format-names.js";
import { type CommandRunner, choice, outputPath } from "../options.js";

export function registerDocs(program: Command, run: CommandRunner): void {
  program
    .command("docs")
    .description("render the Data Definitions: Markdown (docs/) and a searchable HTML site (site/)")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--out <dir>", "output folder", outputPath, "generated")
    .option("--check", "exit 1 and list stale, missing or extra files instead of writing")
    .option("--format <format>", `output format: ${reportFormats.join(", ")}`, choice(reportFormats), "text")
    .addHelpText("after", examplesAndExitCodes(["docs", "docs --check", "docs --check --format json"]))
    .action((options: DocsOptions) => run(async (io, context) => (await import("../actions/docs.js")).docsCommand(options, io, context)));
}
