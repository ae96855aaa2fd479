import type { Command } from "commander";
import { ExitCode, maxSampleCount, sampleLeadFile, type SampleFileOptions } from "../../index.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import { isoTimestamp, positiveInteger, positiveIntegerUpTo, type CommandRunner, outputPath } from "../options.js";

export function registerSample(program: Command, run: CommandRunner): void {
  program
    .command("sample")
    .description("generate seeded synthetic leads, valid for the data dictionary, whatever its fields")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--count <n>", `how many leads (at most ${maxSampleCount.toLocaleString("en-US")})`, positiveIntegerUpTo(maxSampleCount), 300)
    .option("--seed <n>", "random seed; the same seed gives the same leads", positiveInteger, 42)
    .option("--as-of <iso>", "dates are generated relative to this time", isoTimestamp, "2026-06-01T12:00:00.000Z")
    .option(
      "--source <system>",
      "write CSV the way this system exports it (its column names, picklist labels, yes/no, date and number formats)",
    )
    .option("--out <file>", "write to a file (.csv, .ndjson, .json or .yaml) instead of CSV on stdout", outputPath)
    .option("--production", "a production export for `audit`: what production recorded, compliant except for seeded deviations")
    .action((options: SampleFileOptions) => run((io) => sampleCommand(options, io)));
}

async function sampleCommand(options: SampleFileOptions, io: CliIo): Promise<number> {
  const set = loadValidPolicies(options.policies, io);
  if (!set) return ExitCode.policyFailure;
  await sampleLeadFile(set, options, io.stdout);
  if (options.out) io.stdout(`wrote ${options.count} leads to ${options.out}\n`);
  return ExitCode.ok;
}
