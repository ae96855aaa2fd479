import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import { availableParallelism } from "node:os";
import { simulateEngineNames } from "../../compile/engine-names.js";
import { simulationFormats } from "../../format/format-names.js";
import type { SimulateCommandOptions } from "../actions/simulate.js";
import { leadInputOptions } from "../lead-input.js";
import { choice, isoTimestamp, memorySize, positiveInteger, type CommandRunner, outputPath } from "../options.js";

export function registerSimulate(program: Command, run: CommandRunner): void {
  leadInputOptions(
    program
      .command("simulate")
      .description("run every policy on a file of leads and print one row per lead plus a summary")
      .requiredOption("--leads <file>", "leads as .csv, .tsv, .xlsx, .ndjson, .json, .yaml or .parquet")
      .option("--policies <dir>", "policy folder", "policies")
      .option("--as-of <iso>", "evaluate at this time (default: now)", isoTimestamp),
  )
    .option("--out <file>", "write the output to a file (atomically) instead of stdout", outputPath)
    .option("--format <format>", `output format: ${simulationFormats.join(", ")}`, choice(simulationFormats), "table")
    .option(
      "--engine <engine>",
      `what decides: ${simulateEngineNames.join(", ")} (duckdb: the pipeline as SQL in embedded DuckDB, docs/sql.md)`,
      choice(simulateEngineNames),
      "compiled",
    )
    .option(
      "--raw-csv",
      "with --format csv: write cells exactly as they are, without the ' that stops a spreadsheet running a cell starting with = + - @ as a formula",
    )
    .option("--strict", "stop at the first bad row instead of skipping it")
    .option(
      "--workers <n>",
      "worker threads for large CSV/NDJSON inputs written as ndjson, csv or markdown (at most one per core), or DuckDB's threads with --engine duckdb; output is identical for any number",
      positiveInteger,
      availableParallelism(),
    )
    .option(
      "--memory-limit <size>",
      "with --engine duckdb: DuckDB's memory limit (default 500MB); past it DuckDB spills to its own folder in the OS temporary folder",
      memorySize,
    )
    .option("--quiet", "no progress bar")
    .option(
      "--allow-invalid",
      "simulate policies whose only errors are decision-logic findings (logic/*), to replay a witness: labelled diagnosis only, exit 1",
    )
    .addHelpText(
      "after",
      examplesAndExitCodes([
        "simulate --leads policies/samples/leads.csv --as-of 2026-06-01T12:00:00Z",
        "simulate --leads export.csv --source sfdc-report --format csv --out sim.csv",
      ]),
    )
    .action((options: Omit<SimulateCommandOptions, "asOf"> & { asOf?: string }) =>
      run(async (io, context) =>
        (await import("../actions/simulate.js")).simulateCommand(
          { ...options, asOf: options.asOf ?? new Date().toISOString() },
          io,
          context,
        ),
      ),
    );
}
