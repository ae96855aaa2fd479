import {
  ExitCode,
  auditLeadFile,
  hasErrors,
  parseAllowUnchecked,
  parseFailOn,
  type AuditLimits,
  type LeadInputFlags,
} from "../../index.js";
import { InvalidArgumentError, type Command } from "commander";
import { auditFormats, auditFormatters, formatUncheckedHint, type AuditFormat } from "../../format/audit-report.js";
import { formatProblemLines } from "../../format/problem-lines.js";
import { leadInputOptions, printReadReport } from "../lead-input.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies, printRowWarnings } from "../load-valid-policies.js";
import { choice, isoTimestamp, type CommandRunner } from "../options.js";

interface AuditOptions extends LeadInputFlags {
  leads: string;
  policies: string;
  asOf?: string;
  format: AuditFormat;
  failOn?: AuditLimits;
  allowUnchecked: string[];
  rawCsv?: boolean;
}

export function registerAudit(program: Command, run: CommandRunner): void {
  leadInputOptions(
    program
      .command("audit")
      .description("compare what production recorded with what the approved policies decide")
      .requiredOption("--leads <file>", "CRM or marketing-automation export (.csv, .tsv, .xlsx, .ndjson, .json, .yaml)")
      .option("--policies <dir>", "policy folder", "policies"),
  )
    .option("--as-of <iso>", "audit date (default: now)", isoTimestamp)
    .option("--format <format>", `output format: ${auditFormats.join(", ")}`, choice(auditFormats), "text")
    .option(
      "--raw-csv",
      "with --format csv: write cells exactly as read, without the ' that stops a spreadsheet running a cell starting with = + - @ as a formula",
    )
    .option("--fail-on <limits>", "exit 1 above these limits, e.g. drift=0,sla=5%,any=20", (value: string) => {
      try {
        return parseFailOn(value);
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    })
    .option(
      "--allow-unchecked <areas>",
      "do not fail when checks of these areas could not run on the export (columns it lacks), e.g. drift,sla or all; repeatable",
      (value: string, previous: string[]) => {
        try {
          return [...previous, ...parseAllowUnchecked(value)];
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
      },
      [] as string[],
    )
    .action((options: AuditOptions) => run((io) => auditCommand(options, io)));
}

async function auditCommand(options: AuditOptions, io: CliIo): Promise<number> {
  const set = loadValidPolicies(options.policies, io);
  if (!set) return ExitCode.policyFailure;
  const { report, diagnostics, read, problems } = await auditLeadFile(set, { ...options, asOf: options.asOf ?? new Date().toISOString() });
  io.stdout(auditFormatters[options.format](report, { rawCsv: options.rawCsv ?? false }));
  printRowWarnings(diagnostics, io);
  const rowsExit = printReadReport(read, io, options.rejects);
  // A check that could not run fails the audit like a limit exceeded, unless the user accepts it for its area.
  io.stderr(formatProblemLines(problems) + formatUncheckedHint(problems));
  if (rowsExit !== ExitCode.ok) return rowsExit;
  return hasErrors(problems) ? ExitCode.policyFailure : ExitCode.ok;
}
