import path from "node:path";
import type { Command } from "commander";
import { ExitCode } from "../../diagnostics/index.js";
import { generateLeads, specOf } from "../../index.js";
import { generateLeadStream } from "../../sample/generate-leads.js";
import { leadFormatOf } from "../../load/read-leads.js";
import { renderLeadChunks } from "../../render/leads-file.js";
import { assertOutputFile, openAtomicFile } from "../../write/write-files.js";
import { makeProductionExport } from "../../sample/production-export.js";
import { assertKnownSource } from "../../input/read-settings.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import { isoTimestamp, positiveInteger, positiveIntegerUpTo, type CommandRunner, outputPath } from "../options.js";

/** The most leads `sample` generates in one run: the generated leads are held in memory (about 1 KB each). */
export const maxSampleCount = 1_000_000;

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
    .description("generate seeded synthetic leads, valid for the data dictionary, whatever its fields")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--count <n>", `how many leads (at most ${maxSampleCount.toLocaleString("en-US")})`, positiveIntegerUpTo(maxSampleCount), 300)
    .option("--seed <n>", "random seed; the same seed gives the same leads", positiveInteger, 42)
    .option("--as-of <iso>", "dates are generated relative to this time", isoTimestamp, "2026-06-01T12:00:00.000Z")
    .option("--source <system>", "write CSV the way this system exports it (its column names, picklist labels, yes/no, date and number formats)")
    .option("--out <file>", "write to a file (.csv, .ndjson, .json or .yaml) instead of CSV on stdout", outputPath)
    .option("--production", "a production export for `audit`: what production recorded, compliant except for seeded deviations")
    .action((options: SampleCommandOptions) => run((io) => sampleCommand(options, io)));
}

async function sampleCommand(options: SampleCommandOptions, io: CliIo): Promise<number> {
  const set = loadValidPolicies(options.policies, io);
  if (!set) return ExitCode.policyFailure;
  const dictionary = specOf(set, "DataDictionary")!;
  assertKnownSource(dictionary, options.source);
  if (options.out) assertOutputFile(options.out, { inputs: set.policies.map((p) => p.file), policies: options.policies, allowedUnder: path.join(options.policies, "samples") });
  const sampleOptions = { count: options.count, seed: options.seed, asOf: options.asOf };
  // Plain samples are generated, rendered and written one lead at a time; a production export needs every
  // lead at once (it simulates and audits them), so it is held in memory.
  const leads = options.production ? (await makeProductionExport(set, generateLeads(dictionary, sampleOptions), options.asOf)).records : generateLeadStream(dictionary, sampleOptions);
  const format = options.out ? leadFormatOf(options.out) : "csv";
  const chunks = renderLeadChunks(leads, dictionary, format, options.source);
  if (!options.out) {
    let pending = "";
    for (const chunk of chunks) {
      pending += chunk;
      if (pending.length >= 1 << 16) {
        io.stdout(pending);
        pending = "";
      }
    }
    if (pending) io.stdout(pending);
    return ExitCode.ok;
  }
  const file = openAtomicFile(options.out);
  try {
    let pieces = 0;
    for (const chunk of chunks) {
      file.append(chunk);
      if (++pieces % 1000 === 0) await file.drain();
    }
    await file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
  io.stdout(`wrote ${options.count} leads to ${options.out}\n`);
  return ExitCode.ok;
}
