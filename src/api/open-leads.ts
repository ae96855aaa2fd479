/**
 * A lead file read by the input contract's choices, the same for every command
 * that reads leads (`simulate`, `explain`, `diff`, `audit`, `inspect`): how the
 * export is read (`source`, `mapping`), what is joined onto it (`join`, `on`),
 * how many bad rows are allowed, which missing fields may be decided as empty
 * and where every bad row goes (`rejects`).
 */
import { UsageError } from "../diagnostics/index.js";
import type { ReadReport } from "../input/read-report.js";
import { addJoinReport, joinLeads, emptyJoinReport } from "../input/join.js";
import type { JoinReport } from "../input/read-report.js";
import type { BadRow } from "../input/lead-intake.js";
import { resolveReadSettings } from "../input/read-settings.js";
import { readLeadMapping } from "../validate/read-lead-mapping.js";
import { readLeadRecords } from "../load/read-leads.js";
import type { LeadInput } from "../load/lead-input.js";
import type { DictionarySpec } from "../model/policy.js";
import type { ReadOptions } from "../input/intake.js";
import { csvRows } from "../render/escape/spreadsheet.js";
import { assertOutputFile, openAtomicFile, type AtomicFileWriter } from "../write/write-files.js";

/** The input contract's choices, as the flags of the CLI give them. */
export interface LeadInputFlags {
  source?: string;
  /** A LeadMapping file. */
  mapping?: string;
  /** A second export joined onto the leads by the key column `on`. */
  join?: string;
  on?: string;
  /** A count (25) or a share of the rows read (5%). */
  maxBadRows?: string;
  allowMissing?: string[];
  /** A CSV file for every rejected or flagged row. */
  rejects?: string;
}

/** The files a command reads besides its policies: the leads, the joined export and the mapping (no output may replace them). */
export function leadInputFiles(leads: string, flags: LeadInputFlags): string[] {
  return [leads, ...(flags.join ? [flags.join] : []), ...(flags.mapping ? [flags.mapping] : [])];
}

/**
 * Refuses, before anything is read, outputs (`out`, `rejects`) that would replace an input (the leads, the
 * joined export, the mapping, a policy file), land among the policies, or be each other.
 */
export function assertLeadOutputs(
  leads: string,
  flags: LeadInputFlags & { out?: string; changes?: string; policies: string },
  otherInputs: readonly string[],
): void {
  const inputs = [...leadInputFiles(leads, flags), ...otherInputs];
  if (flags.out) assertOutputFile(flags.out, { inputs, policies: flags.policies });
  if (flags.rejects)
    assertOutputFile(flags.rejects, { inputs, policies: flags.policies, flag: "--rejects", otherOutputs: flags.out ? [flags.out] : [] });
  if (flags.changes)
    assertOutputFile(flags.changes, {
      inputs,
      policies: flags.policies,
      flag: "--changes",
      otherOutputs: [flags.out, flags.rejects].filter((f): f is string => f !== undefined),
    });
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
  if ((flags.join === undefined) !== (flags.on === undefined))
    throw usage(
      flags.join ? "--join needs --on COLUMN, the key column both files share" : "--on is the key column of --join; give --join FILE too",
    );
  const mapping = flags.mapping !== undefined ? readLeadMapping(flags.mapping) : undefined;
  const settings = resolveReadSettings(dictionary, {
    ...(flags.source !== undefined ? { source: flags.source } : {}),
    ...(mapping ? { mapping } : {}),
  });
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
