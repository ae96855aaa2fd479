import type { Command } from "commander";
import { ExitCode } from "../../diagnostics/index.js";
import { engineNames, type EngineName } from "../../compile/engines.js";
import { simulationFormats, simulationWriters, type SimulationFormat } from "../../format/simulation-formats.js";
import { simulateFile, specOf } from "../../index.js";
import { openAtomicFile } from "../../write/write-files.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies, printRowProblems } from "../load-valid-policies.js";
import { choice, isoTimestamp, type CommandRunner } from "../options.js";

export interface SimulateCommandOptions {
  policies: string;
  leads: string;
  asOf: string;
  source?: string;
  out?: string;
  format: SimulationFormat;
  engine: EngineName;
  strict?: boolean;
}

export function registerSimulate(program: Command, run: CommandRunner): void {
  program
    .command("simulate")
    .description("run every policy on a file of leads and print one row per lead plus a summary")
    .requiredOption("--leads <file>", "leads as .csv, .ndjson, .json or .yaml")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--as-of <iso>", "evaluate at this time (default: now)", isoTimestamp)
    .option("--source <system>", "read columns by this system's mapping in the data dictionary")
    .option("--out <file>", "write the output to a file (atomically) instead of stdout")
    .option("--format <format>", `output format: ${simulationFormats.join(", ")}`, choice(simulationFormats), "table")
    .option("--engine <engine>", `evaluator: ${engineNames.join(", ")}`, choice(engineNames), "compiled")
    .option("--strict", "stop at the first bad row instead of skipping it")
    .action((options: Omit<SimulateCommandOptions, "asOf"> & { asOf?: string }) =>
      run((io) => simulateCommand({ ...options, asOf: options.asOf ?? new Date().toISOString() }, io)),
    );
}

export async function simulateCommand(options: SimulateCommandOptions, io: CliIo): Promise<number> {
  const set = loadValidPolicies(options.policies, io);
  if (!set) return ExitCode.policyFailure;
  const dimensions = specOf(set, "ScoringModel")?.dimensions.map((d) => d.id) ?? [];
  const writer = simulationWriters[options.format]({ asOf: options.asOf, dimensions });
  // Rows are written as they are decided: to stdout, or streamed into a temporary file renamed at the end.
  const file = options.out ? openAtomicFile(options.out) : undefined;
  const pending: string[] = [];
  const emit = (text: string) => {
    if (!text) return;
    if (file) pending.push(text);
    else io.stdout(text);
  };
  const flush = async () => {
    if (file) for (const text of pending.splice(0)) await file.write(text);
  };
  let diagnostics;
  try {
    emit(writer.header());
    const result = await simulateFile(
      set,
      options.leads,
      { asOf: options.asOf, engine: options.engine, ...(options.source ? { source: options.source } : {}), ...(options.strict ? { strict: true } : {}) },
      (row) => emit(writer.row(row)),
      flush,
    );
    emit(writer.footer(result.summary));
    await flush();
    await file?.commit();
    diagnostics = result.diagnostics;
  } catch (error) {
    file?.abort();
    throw error;
  }
  printRowProblems(diagnostics, io);
  return ExitCode.ok;
}
