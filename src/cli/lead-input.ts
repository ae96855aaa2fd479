/**
 * The input contract's flags, the same on every command that reads leads
 * (`simulate`, `explain`, `diff`, `audit`, `inspect`): how the export is read
 * (`--source`, `--mapping`), what is joined onto it (`--join`, `--on`), how
 * many bad rows are allowed (`--max-bad-rows`), which missing fields may be
 * decided as empty (`--allow-missing`) and where every bad row goes
 * (`--rejects`). Also how the read report reaches stderr and the exit code.
 */
import { InvalidArgumentError, type Command } from "commander";
import { ExitCode, UsageError } from "../diagnostics/index.js";
import type { ReadReport } from "../input/read-report.js";
import { isBadRowAllowance } from "../input/read-report.js";
import { addJoinReport, joinLeads, emptyJoinReport } from "../input/join.js";
import type { JoinReport } from "../input/read-report.js";
import type { BadRow } from "../input/lead-intake.js";
import { resolveReadSettings } from "../input/read-settings.js";
import { readLeadMapping } from "../validate/read-lead-mapping.js";
import { readLeadRecords } from "../load/read-leads.js";
import type { LeadInput } from "../load/lead-input.js";
import type { DictionarySpec } from "../model/policy.js";
import type { ReadOptions } from "../input/intake.js";
import { formatReadProblems } from "../format/read-report-format.js";
import { csvRows } from "../render/escape/spreadsheet.js";
import { openAtomicFile, type AtomicFileWriter } from "../write/write-files.js";
import type { CliIo } from "./io.js";
import { outputPath } from "./options.js";

export interface LeadInputFlags {
  source?: string;
  mapping?: string;
  join?: string;
  on?: string;
  maxBadRows?: string;
  allowMissing?: string[];
  rejects?: string;
}

/** Adds the input contract's flags to a command. */
export function leadInputOptions(command: Command): Command {
  return command
    .option("--source <system>", "read the export by this system's column mapping and import profile in the data dictionary")
    .option("--mapping <file>", "read the export by a LeadMapping file (for an export the dictionary does not govern; leadrules inspect --suggest drafts one)")
    .option("--join <file>", "join a second export onto the leads by a key column (deals, opportunities), so its columns can feed fields")
    .option("--on <column>", "the key column of --join: COLUMN in both files, or LEADS_COLUMN=JOINED_COLUMN")
    .option("--max-bad-rows <n|p%>", "rows that may be rejected or have a bad value before the run fails (exit 2): a count or a share such as 5%", badRowAllowance, "0")
    .option("--allow-missing <fields>", "fields the policies read that the export may lack; leads are decided as if they were empty (comma-separated)", fieldList)
    .option("--rejects <file>", "write every rejected or flagged row, with its line and reasons, to this CSV file", outputPath);
}

function badRowAllowance(value: string): string {
  if (!isBadRowAllowance(value)) throw new InvalidArgumentError(`expected a number of rows (25) or a share of the rows read (5%), got "${value}".`);
  return value;
}

function fieldList(value: string, previous: string[] = []): string[] {
  const fields = value.split(",").map((f) => f.trim()).filter(Boolean);
  if (fields.length === 0) throw new InvalidArgumentError(`expected field names separated by commas, got "${value}".`);
  return [...previous, ...fields];
}

/** A lead file read by the flags: the inputs (joined when asked), the read options for the library, and what to finish. */
export interface OpenedLeads {
  inputs: AsyncGenerator<LeadInput>;
  read: ReadOptions;
  /** Adds what happened to the join and the rejects file to the report; call once the leads were read. */
  finish(report: ReadReport): Promise<void>;
  /** Drops the rejects file when the run failed. */
  abort(): void;
}

export function openLeads(file: string, flags: LeadInputFlags, dictionary: DictionarySpec, options: { text?: string } = {}): OpenedLeads {
  if ((flags.join === undefined) !== (flags.on === undefined)) throw usage(flags.join ? "--join needs --on COLUMN, the key column both files share" : "--on is the key column of --join; give --join FILE too");
  const mapping = flags.mapping !== undefined ? readLeadMapping(flags.mapping) : undefined;
  const settings = resolveReadSettings(dictionary, { ...(flags.source !== undefined ? { source: flags.source } : {}), ...(mapping ? { mapping } : {}) });
  const rejects = flags.rejects !== undefined ? rejectsWriter(flags.rejects) : undefined;
  const join: JoinReport | undefined = flags.join !== undefined ? emptyJoinReport({ file: flags.join, on: flags.on! }) : undefined;
  const leads = readLeadRecords(file, { layout: settings.layout, ...(options.text !== undefined ? { text: options.text } : {}) });
  return {
    inputs: join ? joinLeads(leads, { file: flags.join!, on: flags.on! }, join) : leads,
    read: {
      read: settings,
      ...(flags.allowMissing ? { allowMissing: flags.allowMissing } : {}),
      ...(flags.maxBadRows !== undefined ? { maxBadRows: flags.maxBadRows } : {}),
      ...(rejects ? { onBadRow: rejects.write } : {}),
    },
    async finish(report) {
      if (join) addJoinReport(report, join);
      await rejects?.commit();
    },
    abort: () => rejects?.abort(),
  };
}

function usage(message: string): UsageError {
  return new UsageError(message, "See leadrules <command> --help, or docs/adopt.md.");
}

/** `--rejects FILE`: a CSV of every bad row, line and status and reasons first, then the row's own columns. */
export function rejectsWriter(file: string) {
  let out: AtomicFileWriter | undefined;
  /** The file's header when it has one (CSV, spreadsheets); else the first bad row's keys. */
  let columns: readonly string[] | undefined;
  const open = () => (out ??= openAtomicFile(file));
  return {
    write(bad: BadRow) {
      const writer = open();
      if (!columns) {
        columns = bad.columns ?? (bad.values ? Object.keys(bad.values) : []);
        writer.append(csvRows([["line", "status", "reasons", ...columns]]));
      }
      const values = bad.values;
      writer.append(csvRows([[bad.line, bad.status, bad.reasons.join("; "), ...columns.map((c) => cellOf(values?.[c]))]]));
    },
    async commit() {
      const writer = open();
      if (!columns) writer.append(csvRows([["line", "status", "reasons"]]));
      await writer.commit();
    },
    abort: () => out?.abort(),
  };
}

function cellOf(value: unknown): string {
  return value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Prints the aggregated problems of a read report; the exit code the input calls for (2 when it failed). */
export function printReadReport(report: ReadReport, io: CliIo, rejects?: string): ExitCode {
  io.stderr(formatReadProblems(report, 20, rejects));
  if (report.failures.length === 0) return ExitCode.ok;
  io.stderr(`error: ${report.file}: the input is not good enough to trust the results: ${report.failures.join("; ")}\n`);
  return ExitCode.usage;
}
