import type { Command } from "commander";
import { textCell } from "../../render/escape/text.js";
import { ExitCode, UsageError } from "../../diagnostics/index.js";
import { diffVersions } from "../../api/diff-versions.js";
import { formatText } from "../../format/diagnostics-format.js";
import { diffFormats, diffFormatters, type DiffFormat } from "../../format/diff-report.js";
import { assertOutputFile, writeFileAtomically } from "../../write/write-files.js";
import { policyFilePaths } from "../../load/read-policy-files.js";
import path from "node:path";
import type { CliIo } from "../io.js";
import { choice, isoTimestamp, positiveInteger, workersFor, type CommandRunner, outputPath } from "../options.js";
import { availableParallelism } from "node:os";
import { createProgress } from "../progress.js";
import { leadInputOptions, printReadReport, rejectsWriter, type LeadInputFlags } from "../lead-input.js";
import { readLeadMapping } from "../../validate/read-lead-mapping.js";
import { fileSize } from "../../load/read-leads.js";

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
    .option("--workers <n>", "worker threads for a large CSV/NDJSON --leads file; at most one per core; the report is identical for any number", positiveInteger, availableParallelism())
    .action((options: DiffCommandOptions) => run((io) => diffCommand(options, io)));
}

async function diffCommand(options: DiffCommandOptions, io: CliIo): Promise<number> {
  // Checked before the comparison runs: the report is written last.
  const inputs = [options.leads ?? path.join(options.policies, "samples", "leads.csv"), ...(options.join ? [options.join] : []), ...(options.mapping ? [options.mapping] : []), ...policyFilePaths(options.policies)];
  if (options.out) assertOutputFile(options.out, { inputs, policies: options.policies });
  if (options.rejects) assertOutputFile(options.rejects, { inputs, policies: options.policies, flag: "--rejects", otherOutputs: options.out ? [options.out] : [] });
  const rejects = options.rejects ? rejectsWriter(options.rejects) : undefined;
  if ((options.join === undefined) !== (options.on === undefined)) throw new UsageError("--join and --on go together: --join FILE --on KEY_COLUMN", "See leadrules diff --help.");
  const progress = createProgress(io, options.quiet ?? false, options.leads ? fileSize(options.leads) : 0, "comparing");
  let result;
  try {
    result = await diffVersions({
      policies: options.policies,
      base: options.base,
      asOf: options.asOf,
      ...(options.head ? { head: options.head } : {}),
      ...(options.leads ? { leads: options.leads } : {}),
      read: {
        ...(options.source !== undefined ? { source: options.source } : {}),
        ...(options.mapping !== undefined ? { mapping: readLeadMapping(options.mapping) } : {}),
        ...(options.allowMissing ? { allowMissing: options.allowMissing } : {}),
        ...(options.maxBadRows !== undefined ? { maxBadRows: options.maxBadRows } : {}),
        ...(options.join ? { join: { file: options.join, on: options.on! } } : {}),
        ...(rejects ? { onBadRow: rejects.write } : {}),
      },
      workers: workersFor(options.workers, io),
      onProgress: progress.update,
    });
    await rejects?.commit();
  } catch (error) {
    rejects?.abort();
    throw error;
  }
  progress.stop();
  const { report, diagnostics, reads } = result;
  if (!report || !reads) {
    io.stderr(formatText({ diagnostics }));
    return ExitCode.policyFailure;
  }
  const text = diffFormatters[options.format](report);
  io.stdout(text);
  if (options.out) writeFileAtomically(options.out, text);
  // The head version's reading decides the exit code; the base's failures are named too.
  for (const failure of reads.base.failures.filter((f) => !reads.head.failures.includes(f))) io.stderr(`warning: the base version ${options.base} reads the leads file differently: ${failure}\n`);
  const rowsExit = printReadReport(reads.head, io, options.rejects);
  if (options.check && report.violations.length > 0) {
    for (const v of report.violations) io.stderr(`${textCell(`error: ${v.file}: ${v.message}`)}\n`);
    // An input that failed (2) outranks a gate (1): the report it gave cannot be trusted at all.
    return Math.max(ExitCode.policyFailure, rowsExit);
  }
  return rowsExit;
}
