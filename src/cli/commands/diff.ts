import { ExitCode, diffVersionFiles, fileSize, gateDiagnostics, type LeadInputFlags } from "../../index.js";
import type { Command } from "commander";
import { availableParallelism } from "node:os";
import { formatText } from "../../format/diagnostics-format.js";
import { diffFormats, diffFormatters, formatBaseReadWarnings, type DiffFormat } from "../../format/diff-report.js";
import { formatProblemLines } from "../../format/problem-lines.js";
import { writeFileAtomically } from "../../write/write-files.js";
import type { CliIo } from "../io.js";
import { choice, isoTimestamp, positiveInteger, workersFor, type CommandRunner, outputPath } from "../options.js";
import { createProgress } from "../progress.js";
import { leadInputOptions, printReadReport } from "../lead-input.js";

interface DiffCommandOptions extends LeadInputFlags {
  base: string;
  head?: string;
  leads?: string;
  asOf: string;
  policies: string;
  format: DiffFormat;
  check?: boolean;
  out?: string;
  workers: number;
  quiet?: boolean;
}

export function registerDiff(program: Command, run: CommandRunner): void {
  leadInputOptions(
    program
      .command("diff")
      .description("what a change does: text, semantic and behavioural diff of two versions, and the version gates")
      .requiredOption("--base <ref>", "git ref of the version before the change")
      .option("--head <ref>", "git ref of the version after (default: the working tree)")
      .option("--leads <file>", "leads to simulate (default: <policies>/samples/leads.csv of the head version)"),
  )
    .option("--as-of <iso>", "evaluate at this time", isoTimestamp, "2026-06-01T12:00:00.000Z")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--format <format>", `output format: ${diffFormats.join(", ")}`, choice(diffFormats), "markdown")
    .option("--check", "exit 1 when a change skips the version rules")
    .option("--out <file>", "also write the report to this file", outputPath)
    .option("--quiet", "no progress bar")
    .option(
      "--workers <n>",
      "worker threads for a large CSV/NDJSON --leads file; at most one per core; the report is identical for any number",
      positiveInteger,
      availableParallelism(),
    )
    .action((options: DiffCommandOptions) => run((io) => diffCommand(options, io)));
}

async function diffCommand(options: DiffCommandOptions, io: CliIo): Promise<number> {
  const progress = createProgress(io, options.quiet ?? false, options.leads ? fileSize(options.leads) : 0, "comparing");
  const { check: _check, quiet: _quiet, format: _format, ...diff } = options;
  const { report, diagnostics, reads } = await diffVersionFiles({
    ...diff,
    workers: workersFor(options.workers, io),
    onProgress: progress.update,
  });
  progress.stop();
  if (!report || !reads) {
    io.stderr(formatText({ diagnostics }));
    return ExitCode.policyFailure;
  }
  const text = diffFormatters[options.format](report);
  io.stdout(text);
  if (options.out) writeFileAtomically(options.out, text);
  // The head version's reading decides the exit code; the base's failures are named too.
  io.stderr(formatBaseReadWarnings(options.base, reads));
  const rowsExit = printReadReport(reads.head, io, options.rejects);
  if (options.check && report.violations.length > 0) {
    io.stderr(formatProblemLines(gateDiagnostics(report.violations)));
    // An input that failed (2) outranks a gate (1): the report it gave cannot be trusted at all.
    return Math.max(ExitCode.policyFailure, rowsExit);
  }
  return rowsExit;
}
