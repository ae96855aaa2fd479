import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import { availableParallelism } from "node:os";
import { diffEngineNames } from "../../compile/engine-names.js";
import { diffFormats } from "../../format/format-names.js";
import type { DiffCommandOptions } from "../actions/diff.js";
import { choice, type CommandRunner, isoTimestamp, memorySize, outputPath, percent, positiveInteger } from "../options.js";
import { leadInputOptions } from "../lead-input.js";

export function registerDiff(program: Command, run: CommandRunner): void {
  leadInputOptions(
    program
      .command("diff")
      .description("what a change does: text, semantic and behavioural diff of two versions, and the version gates")
      .requiredOption("--base <ref>", "git ref of the version before the change")
      .option("--head <ref>", "git ref of the version after (default: the working tree)")
      .option("--leads <file>", "leads to simulate (default: <policies>/samples/leads.csv of the head version)"),
  )
    .option("--as-of <iso>", "evaluate at this time", isoTimestamp, "2026-06-01T12:00:00.000Z")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--format <format>", `output format: ${diffFormats.join(", ")}`, choice(diffFormats), "markdown")
    .option(
      "--engine <engine>",
      `what decides the leads: ${diffEngineNames.join(", ")} (duckdb: both versions as SQL in embedded DuckDB, docs/sql.md); the report is the same`,
      choice(diffEngineNames),
      "compiled",
    )
    .option("--check", "exit 1 when a change skips the version rules")
    .option(
      "--history <file>",
      "also backtest both versions on this history of leads with a known outcome (needs --outcome): AUC, lift per grade, MQL precision and recall, with bootstrap intervals (docs/backtest.md)",
    )
    .option("--outcome <field>", "with --history: the column that says whether a lead converted (an id, or yes/no)")
    .option(
      "--max-utilisation <percent>",
      "flag a queue whose predicted utilisation after the change is over this percentage (default 85)",
      percent,
    )
    .option("--out <file>", "also write the report to this file", outputPath)
    .option(
      "--changes <file>",
      "write every changed lead to this file (.csv or .ndjson): each changed field before and after, the rules behind it on each side; the markdown report points to it",
      outputPath,
    )
    .option(
      "--raw-csv",
      "with --changes FILE.csv: write cells exactly as they are, without the ' that stops a spreadsheet running a formula",
    )
    .option(
      "--memory-limit <size>",
      "with --engine duckdb: DuckDB's memory limit (default 500MB); past it DuckDB spills to its own folder in the OS temporary folder",
      memorySize,
    )
    .option("--quiet", "no progress bar")
    .option(
      "--workers <n>",
      "worker threads for a large CSV/NDJSON --leads file (at most one per core), or DuckDB's threads with --engine duckdb; the report is identical for any number",
      positiveInteger,
      availableParallelism(),
    )
    .addHelpText(
      "after",
      examplesAndExitCodes(["diff --base origin/main --check", "diff --base origin/main --leads leads.csv --format json"]),
    )
    .action((options: DiffCommandOptions) =>
      run(async (io, context) => (await import("../actions/diff.js")).diffCommand(options, io, context)),
    );
}
