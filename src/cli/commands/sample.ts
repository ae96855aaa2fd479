import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import type { SampleFileOptions } from "../../api/sample-lead-file.js";
import { maxSampleCount } from "../../sample/max-sample-count.js";
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
    .addHelpText(
      "after",
      examplesAndExitCodes([
        "sample --count 300 --seed 42 --out policies/samples/leads.csv",
        "sample --source sfdc-report --production --out export.csv",
      ]),
    )
    .action((options: SampleFileOptions) =>
      run(async (io, context) => (await import("../actions/sample.js")).sampleCommand(options, io, context)),
    );
}
