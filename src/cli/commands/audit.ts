import { InvalidArgumentError, type Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import { parseAllowUnchecked, parseFailOn } from "../../audit/audit-problems.js";
import { auditFormats } from "../../format/format-names.js";
import type { AuditOptions } from "../actions/audit.js";
import { leadInputOptions } from "../lead-input.js";
import { choice, isoTimestamp, type CommandRunner } from "../options.js";

export function registerAudit(program: Command, run: CommandRunner): void {
  leadInputOptions(
    program
      .command("audit")
      .description("compare what production recorded with what the approved policies decide")
      .requiredOption("--leads <file>", "CRM or marketing-automation export (.csv, .tsv, .xlsx, .ndjson, .json, .yaml, .parquet)")
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
    .option(
      "--sends <file>",
      "a production nurture send log to audit against the NurtureProgram policy (area nurture; .csv, .xlsx, .ndjson)",
    )
    .option("--members <file>", "with --sends: the platform's program memberships (lead, program, status, entered_at)")
    .option("--sends-time-zone <zone>", "the IANA time zone of send and entry times written without an offset")
    .addHelpText(
      "after",
      examplesAndExitCodes([
        "audit --leads policies/samples/production-export.csv --source sfdc-report --as-of 2026-06-01T12:00:00Z --format markdown",
      ]),
    )
    .action((options: AuditOptions) =>
      run(async (io, context) => (await import("../actions/audit.js")).auditCommand(options, io, context)),
    );
}
