import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import { engineNames } from "../../compile/engine-names.js";
import { nurtureFormats } from "../../format/nurture-report.js";
import type { NurtureCommandOptions } from "../actions/nurture.js";
import { leadInputOptions } from "../lead-input.js";
import { choice, inputPath, isoTimestamp, outputPath, type CommandRunner } from "../options.js";

export function registerNurture(program: Command, run: CommandRunner): void {
  leadInputOptions(
    program
      .command("nurture")
      .description("decide each lead's nurture program, track and next touch (or why none), with a summary; --lead explains one")
      .requiredOption("--leads <file>", "leads as .csv, .tsv, .xlsx, .ndjson, .json, .yaml or .parquet")
      .option("--policies <dir>", "policy folder", "policies")
      .option("--as-of <iso>", "decide at this time (default: now)", isoTimestamp),
  )
    .option(
      "--sends <file>",
      "the send log: one row per touch sent (lead, program, step, channel, sent_at; asset, asset_version)",
      inputPath,
    )
    .option("--sends-time-zone <zone>", "the IANA time zone of send times written without an offset (default: such times are refused)")
    .option(
      "--members <file>",
      "program membership (lead, program, status, entered_at): the first step's wait counts from entry",
      inputPath,
    )
    .option(
      "--signals <file>",
      "circuit-breaker signals as JSON or YAML: syncLagMinutes, and per program bounceRate and unsubscribeRate",
      inputPath,
    )
    .option(
      "--lead <id>",
      "explain this lead (with --format text or json): every program's entry, exits, escalations, tracks and the consent gates",
    )
    .option("--format <format>", `output: ${nurtureFormats.join(", ")} (ndjson and csv: one row per lead)`, choice(nurtureFormats), "text")
    .option("--out <file>", "write the output to a file (atomically) instead of stdout", outputPath)
    .option("--engine <engine>", `what decides: ${engineNames.join(", ")}`, choice(engineNames), "compiled")
    .option("--raw-csv", "with --format csv: cells exactly as they are, without the guard against spreadsheet formulas")
    .option("--strict", "stop at the first bad row instead of skipping it")
    .addHelpText(
      "after",
      examplesAndExitCodes([
        "nurture --leads policies/samples/leads.csv --as-of 2026-06-01T12:00:00Z",
        "nurture --leads leads.csv --sends sends.csv --format json",
      ]),
    )
    .action((options: Omit<NurtureCommandOptions, "asOf"> & { asOf?: string }) =>
      run(async (io, context) =>
        (await import("../actions/nurture.js")).nurtureCommand({ ...options, asOf: options.asOf ?? new Date().toISOString() }, io, context),
      ),
    );
}
