/**
 * A nurture membership file (`audit --members FILE`): one row per lead and program as the marketing automation
 * platform holds it, read by the same file readers as leads and send logs, columns matched by name in any case
 * or spacing: `lead` (or `lead id`), `program`, `status` (active or member; exited or removed), `entered at`.
 * Like the send log, it is read completely or not at all: a bad row, a missing column or an empty file stops
 * the run (exit 2) and names the rows.
 */
import { UsageError } from "../diagnostics/index.js";
import { readLeadRecords } from "../load/read-leads.js";
import { displayPath } from "../load/read-policy-files.js";
import { readDate } from "../model/dates.js";
import { assertLogTimeZone, logProblems, matchLogColumns, type LogColumns } from "./send-log.js";

/** One lead's membership of one program. */
export interface Membership {
  lead: string;
  program: string;
  /** `active`: the platform still has the lead in the program; `exited`: it took it out. */
  status: "active" | "exited";
  enteredAtMs: number;
  /** The row of the file, for findings. */
  row: number;
}

export interface MembershipFile {
  file: string;
  members: Membership[];
}

type Column = "lead" | "program" | "status" | "enteredAt";
const spec: LogColumns<Column> = {
  what: "membership file",
  columns: {
    lead: ["lead", "leadid"],
    program: ["program", "programid"],
    status: ["status", "membershipstatus", "memberstatus"],
    enteredAt: ["enteredat", "entered", "entrydate", "enteredon", "joinedat"],
  },
  required: ["lead", "program", "status", "enteredAt"],
  shownNames: { lead: "lead", program: "program", status: "status", enteredAt: "entered_at" },
};
/** Status words as platforms write them, by their key (lower case, letters only). */
const statuses: Record<string, Membership["status"]> = {
  active: "active",
  member: "active",
  enrolled: "active",
  exited: "exited",
  removed: "exited",
};

/** Reads a membership file completely, or throws a UsageError (exit 2) that lists what is wrong with it. */
export async function readMembership(file: string, options: { timeZone?: string } = {}): Promise<MembershipFile> {
  assertLogTimeZone(options.timeZone);
  const shown = displayPath(file);
  const members: Membership[] = [];
  const problems = logProblems(shown, "membership file");
  let found: Partial<Record<Column, string>> | undefined;
  for await (const input of readLeadRecords(file)) {
    if ("columns" in input) found = matchLogColumns(input.columns, shown, spec);
    else if ("problem" in input) problems.add(input.problem.location?.line, input.problem.message, input.problem.hint ?? "");
    else if ("record" in input) {
      const { row, values } = input.record;
      found ??= matchLogColumns(Object.keys(values), shown, spec);
      const text = (column: Column) => {
        const name = found![column];
        const value = name === undefined ? undefined : values[name];
        return value === undefined || value === null ? "" : String(value).trim();
      };
      const empty = spec.required.filter((c) => text(c) === "");
      if (empty.length > 0) {
        problems.add(
          row,
          `row ${row}: ${empty.map((c) => spec.shownNames[c]).join(", ")} empty`,
          "Every row needs its lead, program, status and entry time.",
        );
        continue;
      }
      const status =
        statuses[
          text("status")
            .toLowerCase()
            .replace(/[^a-z]/g, "")
        ];
      if (status === undefined) {
        problems.add(
          row,
          `row ${row}: unknown status \`${text("status")}\``,
          "A status is active or member (in the program), exited or removed.",
        );
        continue;
      }
      const entered = text("enteredAt");
      const reading = readDate(entered, [], options.timeZone);
      if (!("ms" in reading)) {
        problems.add(
          row,
          `row ${row}: entered_at \`${entered}\` is not a date or a date-time with a zone offset`,
          "Write RFC 3339 (2026-06-01 or 2026-06-01T09:05:00Z), or give --sends-time-zone for times without an offset.",
        );
        continue;
      }
      members.push({ lead: text("lead"), program: text("program"), status, enteredAtMs: reading.ms, row });
    }
  }
  problems.throwIfAny("Fix the rows and run again: an audit never reads part of a membership file.");
  if (members.length === 0)
    throw new UsageError(`${shown}: the membership file has no rows`, "Leave --members out when no lead is in a program.", [
      { code: "input/send-log", severity: "error", message: `${shown}: the membership file has no rows`, location: { file: shown } },
    ]);
  return { file: shown, members };
}
