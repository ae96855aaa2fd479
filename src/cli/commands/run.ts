import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import type { RunOptions } from "../actions/run.js";
import { reportFormats } from "../../format/format-names.js";
import { choice, isoTimestamp, type CommandRunner } from "../options.js";

/** The reference corpus is evaluated at a fixed time so `npm start` prints the same thing every day. */
const corpusAsOf = "2026-06-01T12:00:00.000Z";

export function registerRun(program: Command, run: CommandRunner): void {
  program
    .command("run")
    .description("the main job (npm start): validate, run the policy tests, simulate the sample leads, print the summary")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--leads <file>", "leads to simulate (default: <policies>/samples/leads.csv)")
    .option("--as-of <iso>", "evaluate at this time", isoTimestamp, corpusAsOf)
    .option("--format <format>", `output format: ${reportFormats.join(", ")}`, choice(reportFormats), "text")
    .addHelpText("after", examplesAndExitCodes(["run", "run --policies policies --format json > run.json"]))
    .action((options: RunOptions) => run(async (io, context) => (await import("../actions/run.js")).runCommand(options, io, context)));
}
