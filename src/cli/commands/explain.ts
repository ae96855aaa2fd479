import type { Command } from "commander";
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
  ).action((options: ExplainOptions) =>
    run(async (io, context) => (await import("../actions/explain.js")).explainCommand(options, io, context)),
  );
}
