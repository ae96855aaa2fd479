import type { Command } from "commander";
import { ExitCode } from "../../diagnostics/index.js";
import { engineNames, type EngineName } from "../../compile/engines.js";
import { simulationFormats, simulationWriters, standAloneRows, type SimulationFormat } from "../../format/simulation-formats.js";
import { simulateStream, specOf } from "../../index.js";
import { leadInputOptions, openLeads, printReadReport, type LeadInputFlags } from "../lead-input.js";
import { displayPath } from "../../load/read-policy-files.js";
import { assertOutputFile, openAtomicFile } from "../../write/write-files.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies, printRowWarnings } from "../load-valid-policies.js";
import { choice, isoTimestamp, positiveInteger, workersFor, type CommandRunner, outputPath } from "../options.js";
import { availableParallelism } from "node:os";
import { simulateFileInParallel } from "../../parallel/simulate-parallel.js";
import { worthWorkers } from "../../parallel/batches.js";
import { fileSize } from "../../load/read-leads.js";
import { createProgress } from "../progress.js";

export interface SimulateCommandOptions extends LeadInputFlags {
  policies: string;
  leads: string;
  asOf: string;
  out?: string;
  format: SimulationFormat;
  engine: EngineName;
  strict?: boolean;
  workers: number;
  quiet?: boolean;
  rawCsv?: boolean;
}

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
  const inputs = [options.leads, ...(options.join ? [options.join] : []), ...(options.mapping ? [options.mapping] : []), ...set.policies.map((p) => p.file)];
  if (options.out) assertOutputFile(options.out, { inputs, policies: options.policies });
  if (options.rejects) assertOutputFile(options.rejects, { inputs, policies: options.policies, flag: "--rejects", otherOutputs: options.out ? [options.out] : [] });
  const opened = openLeads(options.leads, options, specOf(set, "DataDictionary")!);
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
  let result;
  try {
    emit(writer.header());
    const simulateOptions = { asOf: options.asOf, engine: options.engine, file: displayPath(options.leads), ...opened.read, ...(options.strict ? { strict: true } : {}) };
    const progress = createProgress(io, options.quiet ?? false, fileSize(options.leads));
    const workers = workersFor(options.workers, io);
    // Workers read the file themselves: a join or a rejects file (which hears of rows as they are read) keeps the run in one thread.
    const parallel = workers > 1 && options.engine === "compiled" && standAloneRows.has(options.format) && !options.join && !options.rejects && worthWorkers(options.leads);
    result = parallel
      ? await simulateFileInParallel(set, options.leads, { ...simulateOptions, workers, format: options.format, meta }, (bytes) => (file ? file.appendBytes(bytes) : emit(Buffer.from(bytes).toString())), flush, progress.update)
      : await simulateStream(set, opened.inputs, simulateOptions, (row) => emit(writer.row(row)), async () => {
          progress.update();
          await flush();
        });
    progress.stop();
    await opened.finish(result.read);
    emit(writer.footer(result.summary));
    await flush();
    await file?.commit();
  } catch (error) {
    file?.abort();
    opened.abort();
    throw error;
  }
  printRowWarnings(result.diagnostics, io);
  return printReadReport(result.read, io, options.rejects);
}
