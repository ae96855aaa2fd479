import type { Command } from "commander";
import { ExitCode } from "../../diagnostics/index.js";
import { engineNames, type EngineName } from "../../compile/engines.js";
import { simulationFormats, simulationWriters, standAloneRows, type SimulationFormat } from "../../format/simulation-formats.js";
import { simulateFile, specOf } from "../../index.js";
import { assertOutputFile, openAtomicFile } from "../../write/write-files.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies, printRowProblems } from "../load-valid-policies.js";
import { choice, isoTimestamp, positiveInteger, workersFor, type CommandRunner, outputPath } from "../options.js";
import { availableParallelism } from "node:os";
import { simulateFileInParallel } from "../../simulate/parallel.js";
import { worthWorkers } from "../../parallel/batches.js";
import { fileSize } from "../../load/read-leads.js";
import { createProgress } from "../progress.js";

export interface SimulateCommandOptions {
  policies: string;
  leads: string;
  asOf: string;
  source?: string;
  out?: string;
  format: SimulationFormat;
  engine: EngineName;
  strict?: boolean;
  workers: number;
  quiet?: boolean;
  rawCsv?: boolean;
}

export function registerSimulate(program: Command, run: CommandRunner): void {
  program
    .command("simulate")
    .description("run every policy on a file of leads and print one row per lead plus a summary")
    .requiredOption("--leads <file>", "leads as .csv, .ndjson, .json or .yaml")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--as-of <iso>", "evaluate at this time (default: now)", isoTimestamp)
    .option("--source <system>", "read columns by this system's mapping in the data dictionary")
    .option("--out <file>", "write the output to a file (atomically) instead of stdout", outputPath)
    .option("--format <format>", `output format: ${simulationFormats.join(", ")}`, choice(simulationFormats), "table")
    .option("--engine <engine>", `evaluator: ${engineNames.join(", ")}`, choice(engineNames), "compiled")
    .option("--raw-csv", "with --format csv: write cells exactly as they are, without the ' that stops a spreadsheet running a cell starting with = + - @ as a formula")
    .option("--strict", "stop at the first bad row instead of skipping it")
    .option("--workers <n>", "worker threads for large CSV/NDJSON inputs written as ndjson, csv or markdown (at most one per core); output is identical for any number", positiveInteger, availableParallelism())
    .option("--quiet", "no progress bar")
    .action((options: Omit<SimulateCommandOptions, "asOf"> & { asOf?: string }) =>
      run((io) => simulateCommand({ ...options, asOf: options.asOf ?? new Date().toISOString() }, io)),
    );
}

export async function simulateCommand(options: SimulateCommandOptions, io: CliIo): Promise<number> {
  const set = loadValidPolicies(options.policies, io);
  if (!set) return ExitCode.policyFailure;
  const dimensions = specOf(set, "ScoringModel")?.dimensions.map((d) => d.id) ?? [];
  const meta = { asOf: options.asOf, dimensions, ...(options.rawCsv ? { rawCsv: true } : {}) };
  const writer = simulationWriters[options.format](meta);
  // Rows are written as they are decided: to stdout, or streamed into a temporary file renamed at the end.
  if (options.out) assertOutputFile(options.out, { inputs: [options.leads, ...set.policies.map((p) => p.file)], policies: options.policies });
  const file = options.out ? openAtomicFile(options.out) : undefined;
  // Rows go into the file's chunks, or are gathered for stdout a thousand at a time.
  let pending = "";
  const emit = (text: string) => {
    if (file) file.append(text);
    else pending += text;
  };
  const flush = async () => {
    if (file) await file.drain();
    else if (pending) io.stdout(pending);
    pending = "";
  };
  let diagnostics;
  try {
    emit(writer.header());
    const simulateOptions = { asOf: options.asOf, engine: options.engine, ...(options.source ? { source: options.source } : {}), ...(options.strict ? { strict: true } : {}) };
    const progress = createProgress(io, options.quiet ?? false, fileSize(options.leads));
    const workers = workersFor(options.workers, io);
    const parallel = workers > 1 && options.engine === "compiled" && standAloneRows.has(options.format) && worthWorkers(options.leads);
    const result = parallel
      ? await simulateFileInParallel(set, options.leads, { ...simulateOptions, workers, format: options.format, meta }, (bytes) => (file ? file.appendBytes(bytes) : emit(Buffer.from(bytes).toString())), flush, progress.update)
      : await simulateFile(set, options.leads, simulateOptions, (row) => emit(writer.row(row)), async () => {
          progress.update();
          await flush();
        });
    progress.stop();
    emit(writer.footer(result.summary));
    await flush();
    await file?.commit();
    diagnostics = result.diagnostics;
  } catch (error) {
    file?.abort();
    throw error;
  }
  return printRowProblems(diagnostics, io);
}
