import { diffVersionFiles } from "../../api/diff-versions.js";
import type { LeadInputFlags } from "../../api/open-leads.js";
import type { DiffEngineName } from "../../compile/engine-names.js";
import { ExitCode } from "../../diagnostics/index.js";
import { gateDiagnostics } from "../../diff/gates.js";
import { formatText } from "../../format/diagnostics-format.js";
import { diffFormatters, formatBaseReadWarnings, type DiffFormat } from "../../format/diff-report.js";
import { formatProblemLines } from "../../format/problem-lines.js";
import { fileSize } from "../../load/read-leads.js";
import { changesFormatOf, formatChanges } from "../../format/diff-changes.js";
import { writeFileAtomically } from "../../write/write-files.js";
import type { CliIo } from "../io.js";
import { workersFor, type RunContext } from "../options.js";
import { createProgress } from "../progress.js";
import { printReadReport } from "../lead-input.js";

export interface DiffCommandOptions extends LeadInputFlags {
  base: string;
  head?: string;
  leads?: string;
  asOf: string;
  policies: string;
  format: DiffFormat;
  engine: DiffEngineName;
  check?: boolean;
  out?: string;
  changes?: string;
  rawCsv?: boolean;
  history?: string;
  outcome?: string;
  /** A percentage (0 to 100), as the flag takes it. */
  maxUtilisation?: number;
  workers: number;
  memoryLimit?: string;
  quiet?: boolean;
}

export async function diffCommand(options: DiffCommandOptions, io: CliIo, context: RunContext): Promise<number> {
  const progress = createProgress(io, options.quiet ?? false, options.leads ? fileSize(options.leads) : 0, "comparing");
  const { check: _check, quiet: _quiet, format: _format, changes: _changes, rawCsv: _raw, maxUtilisation, ...diff } = options;
  // The changes file is named in the JSON beside the report it belongs to; the format is known before any work.
  const changesFormat = options.changes !== undefined ? changesFormatOf(options.changes) : undefined;
  const { report, diagnostics, reads } = await diffVersionFiles({
    ...diff,
    ...(options.changes !== undefined ? { changes: options.changes } : {}),
    keepChanged: options.format === "json" || options.changes !== undefined,
    ...(maxUtilisation !== undefined ? { maxUtilisation: maxUtilisation / 100 } : {}),
    workers: workersFor(options.workers, io),
    onProgress: progress.update,
    cache: context.cache,
  });
  progress.stop();
  if (!report || !reads) {
    io.stderr(formatText({ diagnostics }));
    return ExitCode.policyFailure;
  }
  const text = diffFormatters[options.format](report, options.changes !== undefined ? { changesFile: options.changes } : {});
  if (options.changes !== undefined)
    writeFileAtomically(options.changes, formatChanges(report.behaviour.changed ?? [], changesFormat!, { raw: options.rawCsv ?? false }));
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
