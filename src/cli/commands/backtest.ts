import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import { backtestFormats } from "../../format/format-names.js";
import type { BacktestOptions } from "../actions/backtest.js";
import { leadInputOptions } from "../lead-input.js";
import { choice, isoTimestamp, outputPath, type CommandRunner } from "../options.js";

export function registerBacktest(program: Command, run: CommandRunner): void {
  leadInputOptions(
    program
      .command("backtest")
      .description("how well the score, grades and thresholds predicted a known outcome on historical leads")
      .requiredOption("--leads <file>", "the history: leads whose outcome is known (.csv, .tsv, .xlsx, .ndjson, .json, .yaml, .parquet)")
      .requiredOption(
        "--outcome <field>",
        "the outcome column or dictionary field: an id (non-empty = converted) or yes/no (true/false, yes/no, y/n, 1/0)",
      )
      .option("--policies <dir>", "policy folder", "policies"),
  )
    .option("--as-of <iso>", "the time the leads are scored at (default: now)", isoTimestamp)
    .option("--format <format>", `output format: ${backtestFormats.join(", ")}`, choice(backtestFormats), "text")
    .option("--out <file>", "write the report to this file (markdown: the charts beside it, FILE.roc.svg and FILE.bands.svg)", outputPath)
    .addHelpText(
      "after",
      examplesAndExitCodes(["backtest --leads history.csv --outcome convertedOpportunityId --format html --out report.html"]),
    )
    .action((options: BacktestOptions) =>
      run(async (io, context) => (await import("../actions/backtest.js")).backtestCommand(options, io, context)),
    );
}
