import { InvalidArgumentError, type Command } from "commander";
import { ExitCode } from "../../diagnostics/index.js";
import { auditLeads } from "../../audit/audit-leads.js";
import { auditFormats, auditFormatters, describeUnchecked, exceededLimits, parseAllowUnchecked, parseFailOn, uncheckedAreas, type AuditFormat } from "../../format/audit-report.js";
import { displayPath } from "../../load/read-policy-files.js";
import { specOf } from "../../index.js";
import { assertOutputFile } from "../../write/write-files.js";
import { leadInputOptions, openLeads, printReadReport, type LeadInputFlags } from "../lead-input.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies, printRowWarnings } from "../load-valid-policies.js";
import { choice, isoTimestamp, type CommandRunner } from "../options.js";

interface AuditOptions extends LeadInputFlags {
  leads: string;
  policies: string;
  asOf?: string;
  format: AuditFormat;
  failOn?: ReturnType<typeof parseFailOn>;
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
    .option("--raw-csv", "with --format csv: write cells exactly as read, without the ' that stops a spreadsheet running a cell starting with = + - @ as a formula")
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
  if (options.rejects) assertOutputFile(options.rejects, { inputs: [options.leads, ...(options.join ? [options.join] : []), ...(options.mapping ? [options.mapping] : []), ...set.policies.map((p) => p.file)], policies: options.policies, flag: "--rejects" });
  const opened = openLeads(options.leads, options, specOf(set, "DataDictionary")!);
  let result;
  try {
    result = await auditLeads(set, opened.inputs, { asOf: options.asOf ?? new Date().toISOString(), file: displayPath(options.leads), ...opened.read });
    await opened.finish(result.read);
  } catch (error) {
    opened.abort();
    throw error;
  }
  const { report, diagnostics, read } = result;
  io.stdout(auditFormatters[options.format](report, { rawCsv: options.rawCsv ?? false }));
  printRowWarnings(diagnostics, io);
  const rowsExit = printReadReport(read, io, options.rejects);
  const exceeded = options.failOn ? exceededLimits(report, options.failOn) : [];
  for (const e of exceeded) io.stderr(`error: audit limit exceeded: ${e}\n`);
  // A check that could not run fails the audit like a limit exceeded, unless the user accepts it for its area.
  const unchecked = uncheckedAreas(report, options.allowUnchecked);
  for (const c of unchecked.allowed) io.stderr(`note: audit check not run (allowed by --allow-unchecked): ${describeUnchecked(c)}\n`);
  for (const c of unchecked.blocking) io.stderr(`error: audit check not run: ${describeUnchecked(c)}\n`);
  if (unchecked.blocking.length > 0) {
    const areas = [...new Set(unchecked.blocking.map((c) => c.area))].join(",");
    io.stderr(`hint: these checks read fields the export does not have, so the audit cannot vouch for ${areas}; add the columns (or name the fields in the policies), or pass --allow-unchecked ${areas} to accept an audit without them\n`);
  }
  if (rowsExit !== ExitCode.ok) return rowsExit;
  return exceeded.length > 0 || unchecked.blocking.length > 0 ? ExitCode.policyFailure : ExitCode.ok;
}
