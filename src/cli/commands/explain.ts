import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import type { ExplainOptions } from "../actions/explain.js";
import { leadInputOptions } from "../lead-input.js";
import { choice, isoTimestamp, type CommandRunner } from "../options.js";

export function registerExplain(program: Command, run: CommandRunner): void {
  leadInputOptions(
    program
      .command("explain")
      .description("show why one lead got its score, stage, queue, content and retention")
      .requiredOption("--leads <file>", "leads as .csv, .tsv, .xlsx, .ndjson, .json, .yaml or .parquet")
      .requiredOption("--lead <id>", "the lead's id")
      .option("--policies <dir>", "policy folder", "policies")
      .option("--as-of <iso>", "evaluate at this time (default: now)", isoTimestamp)
      .option("--format <format>", "text or json", choice(["text", "json"] as const), "text"),
  )
    .addHelpText(
      "after",
      examplesAndExitCodes(["explain --leads policies/samples/leads.csv --lead 00Q100079K --as-of 2026-06-01T12:00:00Z"]),
    )
    .action((options: ExplainOptions) =>
      run(async (io, context) => (await import("../actions/explain.js")).explainCommand(options, io, context)),
    );
}
