import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import { inspectFormats } from "../../format/inspect-formats.js";
import type { InspectCommandOptions } from "../actions/inspect.js";
import { leadInputOptions } from "../lead-input.js";
import { choice, outputPath, type CommandRunner } from "../options.js";

export function registerInspect(program: Command, run: CommandRunner): void {
  leadInputOptions(
    program
      .command("inspect")
      .description(
        "profile an export before simulating it: each column's fill rate, type, formats and values, the field it feeds, and what does not convert",
      )
      .requiredOption("--leads <file>", "leads as .csv, .tsv, .xlsx, .ndjson, .json, .yaml or .parquet")
      .option("--policies <dir>", "policy folder", "policies"),
  )
    .option("--suggest", "write a draft LeadMapping (YAML) for the export instead of the profile")
    .option(
      "--out <file>",
      "write the draft mapping (with --suggest) or else the profile to a file (atomically) instead of stdout",
      outputPath,
    )
    .option("--format <format>", `output format of the profile: ${inspectFormats.join(", ")}`, choice(inspectFormats), "text")
    .addHelpText(
      "after",
      examplesAndExitCodes(["inspect --leads new-export.csv", "inspect --leads new-export.csv --suggest --out mapping.yaml"]),
    )
    .action((options: InspectCommandOptions) =>
      run(async (io, context) => (await import("../actions/inspect.js")).inspectCommand(options, io, context)),
    );
}
