/**
 * The input contract's flags, the same on every command that reads leads
 * (`simulate`, `explain`, `diff`, `audit`, `inspect`): how the export is read
 * (`--source`, `--mapping`), what is joined onto it (`--join`, `--on`), how
 * many bad rows are allowed (`--max-bad-rows`), which missing fields may be
 * decided as empty (`--allow-missing`) and where every bad row goes
 * (`--rejects`); `openLeads` (api/open-leads.ts) reads a file by them. Also how
 * the read report reaches stderr and the exit code.
 */
import { InvalidArgumentError, type Command } from "commander";
import { ExitCode } from "../diagnostics/index.js";
import { isBadRowAllowance, type ReadReport } from "../input/read-report.js";
import { formatReadFailure, formatReadProblems } from "../format/read-report-format.js";
import type { CliIo } from "./io.js";
import { outputPath } from "./options.js";

/** Adds the input contract's flags to a command. */
export function leadInputOptions(command: Command): Command {
  return command
    .option("--source <system>", "read the export by this system's column mapping and import profile in the data dictionary")
    .option(
      "--mapping <file>",
      "read the export by a LeadMapping file (for an export the dictionary does not govern; leadrules inspect --suggest drafts one)",
    )
    .option("--join <file>", "join a second export onto the leads by a key column (deals, opportunities), so its columns can feed fields")
    .option("--on <column>", "the key column of --join: COLUMN in both files, or LEADS_COLUMN=JOINED_COLUMN")
    .option(
      "--max-bad-rows <n|p%>",
      "rows that may be rejected or have a bad value before the run fails (exit 2): a count or a share such as 5%",
      badRowAllowance,
      "0",
    )
    .option(
      "--allow-missing <fields>",
      "fields the policies read that the export may lack; leads are decided as if they were empty (comma-separated)",
      fieldList,
    )
    .option("--rejects <file>", "write every rejected or flagged row, with its line and reasons, to this CSV file", outputPath);
}

function badRowAllowance(value: string): string {
  if (!isBadRowAllowance(value))
    throw new InvalidArgumentError(`expected a number of rows (25) or a share of the rows read (5%), got "${value}".`);
  return value;
}

function fieldList(value: string, previous: string[] = []): string[] {
  const fields = value
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length === 0) throw new InvalidArgumentError(`expected field names separated by commas, got "${value}".`);
  return [...previous, ...fields];
}

/** Prints the aggregated problems of a read report; the exit code the input calls for (2 when it failed). */
export function printReadReport(report: ReadReport, io: CliIo, rejects?: string): ExitCode {
  io.stderr(formatReadProblems(report, 20, rejects));
  if (report.failures.length === 0) return ExitCode.ok;
  io.stderr(formatReadFailure(report));
  return ExitCode.usage;
}
