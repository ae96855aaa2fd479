import type { Command } from "commander";
import { availableParallelism } from "node:os";
import { ExitCode, engineNames, fileSize, simulateLeadFile, simulationFormats, type SimulateFileOptions } from "../../index.js";
import { leadInputOptions, printReadReport } from "../lead-input.js";
import type { CliIo } from "../io.js";
import { loadPoliciesToSimulate, printRowWarnings } from "../load-valid-policies.js";
import { choice, isoTimestamp, positiveInteger, workersFor, type CommandRunner, outputPath } from "../options.js";
import { createProgress } from "../progress.js";

/** The library's options as the flags give them, and `--quiet`. */
type SimulateCommandOptions = Omit<SimulateFileOptions, "onProgress"> & { quiet?: boolean };

export function registerSimulate(program: Command, run: CommandRunner): void {
  leadInputOptions(
    program
      .command("simulate")
      .description("run every policy on a file of leads and print one row per lead plus a summary")
      .requiredOption("--leads <file>", "leads as .csv, .tsv, .xlsx, .ndjson, .json or .yaml")
      .option("--policies <dir>", "policy folder", "policies")
      .option("--as-of <iso>", "evaluate at this time (default: now)", isoTimestamp),
  )
    .option("--out <file>", "write the output to a file (atomically) instead of stdout", outputPath)
    .option("--format <format>", `output format: ${simulationFormats.join(", ")}`, choice(simulationFormats), "table")
    .option("--engine <engine>", `evaluator: ${engineNames.join(", ")}`, choice(engineNames), "compiled")
    .option(
      "--raw-csv",
      "with --format csv: write cells exactly as they are, without the ' that stops a spreadsheet running a cell starting with = + - @ as a formula",
    )
    .option("--strict", "stop at the first bad row instead of skipping it")
    .option(
      "--workers <n>",
      "worker threads for large CSV/NDJSON inputs written as ndjson, csv or markdown (at most one per core); output is identical for any number",
      positiveInteger,
      availableParallelism(),
    )
    .option("--quiet", "no progress bar")
    .option(
      "--allow-invalid",
      "simulate policies whose only errors are decision-logic findings (logic/*), to replay a witness: labelled diagnosis only, exit 1",
    )
    .action((options: Omit<SimulateCommandOptions, "asOf"> & { asOf?: string }) =>
      run((io) => simulateCommand({ ...options, asOf: options.asOf ?? new Date().toISOString() }, io)),
    );
}

async function simulateCommand(options: SimulateCommandOptions, io: CliIo): Promise<number> {
  const chosen = loadPoliciesToSimulate(options.policies, io, options.allowInvalid ?? false);
  if (!chosen) return ExitCode.policyFailure;
  const { validation, diagnosisOnly } = chosen;
  const progress = createProgress(io, options.quiet ?? false, fileSize(options.leads));
  const result = await simulateLeadFile(
    validation,
    { ...options, workers: workersFor(options.workers, io), onProgress: progress.update },
    io.stdout,
  );
  progress.stop();
  printRowWarnings(result.diagnostics, io);
  const read = printReadReport(result.read, io, options.rejects);
  // Results of policies with errors never pass for a clean run; an input failure (2) still says more.
  return diagnosisOnly && read === ExitCode.ok ? ExitCode.policyFailure : read;
}
