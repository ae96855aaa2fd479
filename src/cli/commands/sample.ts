import type { Command } from "commander";
import { ExitCode } from "../../diagnostics/index.js";
import { generateLeads, specOf } from "../../index.js";
import { leadFormatOf } from "../../load/read-leads.js";
import { renderLeads } from "../../render/leads-file.js";
import { assertNotAnInput, writeFileAtomically } from "../../write/write-files.js";
import { makeProductionExport } from "../../sample/production-export.js";
import { assertKnownSource } from "../../simulate/normalize.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import { isoTimestamp, positiveInteger, type CommandRunner } from "../options.js";

interface SampleCommandOptions {
  policies: string;
  count: number;
  seed: number;
  asOf: string;
  source?: string;
  out?: string;
  production?: boolean;
}

export function registerSample(program: Command, run: CommandRunner): void {
  program
    .command("sample")
    .description("generate seeded synthetic leads for the data dictionary")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--count <n>", "how many leads", positiveInteger, 300)
    .option("--seed <n>", "random seed; the same seed gives the same leads", positiveInteger, 42)
    .option("--as-of <iso>", "dates are generated relative to this time", isoTimestamp, "2026-06-01T12:00:00.000Z")
    .option("--source <system>", "write CSV the way this system exports it (its column labels, Yes/No, picklist labels)")
    .option("--out <file>", "write to a file (.csv, .ndjson, .json or .yaml) instead of CSV on stdout")
    .option("--production", "a production export for `audit`: what production recorded, compliant except for seeded deviations")
    .action((options: SampleCommandOptions) => run((io) => sampleCommand(options, io)));
}

async function sampleCommand(options: SampleCommandOptions, io: CliIo): Promise<number> {
  const set = loadValidPolicies(options.policies, io);
  if (!set) return ExitCode.policyFailure;
  const dictionary = specOf(set, "DataDictionary")!;
  assertKnownSource(dictionary, options.source);
  if (options.out) assertNotAnInput(options.out, set.policies.map((p) => p.file));
  const generated = generateLeads(dictionary, { count: options.count, seed: options.seed, asOf: options.asOf });
  const leads = options.production ? (await makeProductionExport(set, generated, options.asOf)).records : generated;
  const format = options.out ? leadFormatOf(options.out) : "csv";
  const text = renderLeads(leads, dictionary, format, options.source);
  if (options.out) {
    writeFileAtomically(options.out, text);
    io.stdout(`wrote ${leads.length} leads to ${options.out}\n`);
  } else io.stdout(text);
  return ExitCode.ok;
}
