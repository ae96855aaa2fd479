/**
 * A nurture send log: one row per touch a lead got (what a marketing automation platform's activity
 * export holds), read by the same file readers as leads (CSV with any delimiter, a BOM, a report footer;
 * XLSX; NDJSON). Columns are matched by name, in any case and with any spacing or underscores:
 * `lead` (or `lead id`), `program`, `step`, `channel`, `sent at`; `asset` and `asset version` when the log
 * has them. A run never decides on part of a log: any bad row, a missing column or an empty file (the
 * reader refuses a file without rows) is an error that names every line.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { IANAZone } from "luxon";
import { UsageError } from "../diagnostics/index.js";
import { readLeadRecords } from "../load/read-leads.js";
import { displayPath } from "../load/read-policy-files.js";
import { readDate } from "../model/dates.js";
import { nurtureChannels, type NurtureChannel } from "../model/policy.js";
import type { NurtureTouch } from "../model/nurture-inputs.js";

export interface SendLog {
  file: string;
  touches: NurtureTouch[];
  /** Rows that repeat an earlier row's lead, program, step, channel and time: read once. */
  repeated: number;
  /** Each lead's touches, in time order. */
  byLead: Map<string, NurtureTouch[]>;
}

const columns = {
  lead: ["lead", "leadid"],
  program: ["program", "programid"],
  step: ["step", "stepid"],
  channel: ["channel"],
  sentAt: ["sentat", "sent", "senttime", "timestamp"],
  asset: ["asset", "assetid"],
  assetVersion: ["assetversion", "version"],
} as const;
type Column = keyof typeof columns;
const required: Column[] = ["lead", "program", "step", "channel", "sentAt"];
const shownNames: Record<Column, string> = {
  lead: "lead",
  program: "program",
  step: "step",
  channel: "channel",
  sentAt: "sent_at",
  asset: "asset",
  assetVersion: "asset_version",
};
/** Bad rows listed before the rest are counted. */
const rowsShown = 20;

/** A column name as matched: lower case, letters and digits only (`Sent At`, `sent_at` and `SENTAT` are one). */
export const columnKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Reads a send log completely, or throws a UsageError (exit 2) that lists what is wrong with it. */
/** Bad rows of a log: the first ones kept as diagnostics, all counted; `throwIfAny` stops the run (exit 2). */
export function logProblems(shown: string, what: string) {
  const problems: Diagnostic[] = [];
  let badRows = 0;
  return {
    add(line: number | undefined, message: string, hint: string): void {
      badRows++;
      if (problems.length < rowsShown)
        problems.push({
          code: "input/send-log",
          severity: "error",
          message,
          hint,
          location: { file: shown, ...(line !== undefined ? { line } : {}) },
        });
    },
    throwIfAny(hint: string): void {
      if (badRows === 0) return;
      const more = badRows - problems.length;
      throw new UsageError(
        `${shown}: ${badRows} ${what} row${badRows === 1 ? "" : "s"} cannot be read${more > 0 ? ` (the first ${problems.length} listed)` : ""}`,
        hint,
        problems,
      );
    },
  };
}

/** The warning for rows of a log that repeat an earlier row: each touch was counted once. */
export function repeatedRowsWarning(log: SendLog): Diagnostic {
  return {
    code: "input/send-log",
    severity: "warning",
    message: `${log.repeated} row${log.repeated === 1 ? "" : "s"} of ${log.file} repeat an earlier row (lead, program, step, channel and time): each touch was counted once`,
    hint: "A repeated row is a re-run export, or a touch sent twice: check the platform's log.",
    location: { file: log.file },
  };
}

/** `--sends-time-zone`: an IANA zone, or a usage error before any row is read as if it were one. */
export function assertLogTimeZone(zone: string | undefined): void {
  if (zone !== undefined && !IANAZone.isValidZone(zone))
    throw new UsageError(
      `--sends-time-zone: unknown time zone \`${zone}\``,
      "Give an IANA zone such as America/New_York or Europe/Berlin.",
    );
}

export async function readSendLog(file: string, options: { timeZone?: string } = {}): Promise<SendLog> {
  assertLogTimeZone(options.timeZone);
  const shown = displayPath(file);
  const touches: NurtureTouch[] = [];
  const problems = logProblems(shown, "send log");
  const problem = problems.add;
  let found: Partial<Record<Column, string>> | undefined;
  for await (const input of readLeadRecords(file, { records: "touches" })) {
    if ("columns" in input) found = matchColumns(input.columns, shown);
    else if ("problem" in input) problem(input.problem.location?.line, input.problem.message, input.problem.hint ?? "");
    else if ("record" in input) {
      const { row, values } = input.record;
      // NDJSON and JSON have no header: their first record's keys are the columns.
      found ??= matchColumns(Object.keys(values), shown);
      const text = (column: Column) => {
        const name = found![column];
        const value = name === undefined ? undefined : values[name];
        return value === undefined || value === null ? "" : String(value).trim();
      };
      const lead = text("lead");
      const program = text("program");
      const step = text("step");
      const channel = text("channel").toLowerCase();
      const sent = text("sentAt");
      const empty = (["lead", "program", "step", "channel", "sentAt"] as const).filter((c) => text(c) === "");
      if (empty.length > 0) {
        problem(
          row,
          `row ${row}: ${empty.map((c) => shownNames[c]).join(", ")} empty`,
          "Every touch needs its lead, program, step, channel and time.",
        );
        continue;
      }
      if (!(nurtureChannels as readonly string[]).includes(channel)) {
        problem(row, `row ${row}: unknown channel \`${channel}\``, `A channel is one of ${nurtureChannels.join(", ")}.`);
        continue;
      }
      const reading = readDate(sent, [], options.timeZone);
      if (!("ms" in reading) || (!sent.includes("T") && !sent.includes(" "))) {
        problem(
          row,
          `row ${row}: sent_at \`${sent}\` is not a date-time with a zone offset`,
          "Write RFC 3339 (2026-06-01T09:05:00Z or +02:00), or give --sends-time-zone for times without an offset.",
        );
        continue;
      }
      const asset = text("asset");
      const version = text("assetVersion");
      touches.push({
        lead,
        program,
        step,
        channel: channel as NurtureChannel,
        asset: asset === "" ? null : asset,
        assetVersion: version === "" ? null : version,
        sentAtMs: reading.ms,
        row,
      });
    }
  }
  problems.throwIfAny("Fix the rows and run again: a nurture run never decides on part of a send log.");
  touches.sort((a, b) => a.sentAtMs - b.sentAtMs || a.row! - b.row!);
  // Activity exports repeat rows (a re-run export, a sync retried): the same touch twice is one touch, or one
  // repeated row would cap a lead that got two emails.
  const seen = new Set<string>();
  const once = touches.filter((t) => {
    const key = JSON.stringify([t.lead, t.program, t.step, t.channel, t.sentAtMs]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const byLead = new Map<string, NurtureTouch[]>();
  for (const touch of once) {
    const list = byLead.get(touch.lead);
    if (list) list.push(touch);
    else byLead.set(touch.lead, [touch]);
  }
  return { file: shown, touches: once, byLead, repeated: touches.length - once.length };
}

function matchColumns(names: readonly string[], shown: string): Partial<Record<Column, string>> {
  return matchLogColumns(names, shown, { what: "send log", columns, required, shownNames });
}

/** The columns of a log read by name (a send log, a membership file): accepted spellings by key, those required, their names as shown. */
export interface LogColumns<C extends string> {
  /** `send log`, `membership file`: in messages. */
  what: string;
  columns: Record<C, readonly string[]>;
  required: readonly C[];
  shownNames: Record<C, string>;
}

/** Matches a log's header to its columns by name (any case, spaces, underscores), or throws a UsageError naming those missing. */
export function matchLogColumns<C extends string>(
  names: readonly string[],
  shown: string,
  spec: LogColumns<C>,
): Partial<Record<C, string>> {
  const found: Partial<Record<C, string>> = {};
  for (const name of names) {
    for (const [column, accepted] of Object.entries(spec.columns) as [C, readonly string[]][])
      if (found[column] === undefined && accepted.includes(columnKey(name))) found[column] = name;
  }
  const missing = spec.required.filter((c) => found[c] === undefined);
  if (missing.length > 0) {
    const message = `${shown}: the ${spec.what} has no ${missing.map((c) => `\`${spec.shownNames[c]}\``).join(", ")} column${missing.length === 1 ? "" : "s"}`;
    throw new UsageError(
      message,
      `Its columns: ${names.join(", ")}. A ${spec.what} needs ${spec.required.map((c) => spec.shownNames[c]).join(", ")}.`,
      [{ code: "input/send-log", severity: "error", message, location: { file: shown, line: 1 } }],
    );
  }
  return found;
}
