/**
 * How a command builds the input contract for one file: the read options every command that reads leads
 * takes, the intake of a policy set's dictionary for them, and what the reader yields besides records,
 * handed to the intake.
 */
import { UsageError } from "../diagnostics/index.js";
import { fieldReads } from "../compile/field-reads.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { LeadInput } from "../load/lead-input.js";
import type { ReadSettings } from "../model/import-profile.js";
import { LeadIntake, type BadRow } from "./lead-intake.js";
import { resolveReadSettings } from "./read-settings.js";

/** How the leads of a file are read, for every command that reads them (the input contract). */
export interface ReadOptions {
  /** Read columns by this system's mapping and profile in the dictionary (e.g. `salesforce`, `sfdc-report`). */
  source?: string;
  /** Settings resolved already (`--mapping`); takes the place of `source`. */
  read?: ReadSettings;
  /** Fields the policies read that the export may lack (decided as empty). */
  allowMissing?: string[];
  /** Bad rows allowed before the input fails: a count or a share (`5%`); default 0. */
  maxBadRows?: string;
  /** A bad row stops the run at once. */
  strict?: boolean;
  /** File name used in messages. */
  file?: string;
  /** Hears of every bad row (`--rejects`); not with worker threads. */
  onBadRow?: (bad: BadRow) => void;
  /** `false`: an export without an id column or lacking needed fields is read on (see `LeadIntake`). */
  checkHeader?: boolean;
  /** Counting in a worker thread (see `LeadIntake`). */
  inWorker?: boolean;
  /** The run decides nurture too: the fields only nurture programs read are needed as well. */
  nurture?: boolean;
}

/** The intake of a policy set's dictionary for one file, read by `options`. */
export function createIntake(plan: PolicyPlan, options: ReadOptions): LeadIntake {
  const dictionary = plan.dictionary;
  const settings = options.read ?? resolveReadSettings(dictionary, { ...(options.source !== undefined ? { source: options.source } : {}) });
  return new LeadIntake(dictionary, {
    file: options.file ?? "(input)",
    ...(options.checkHeader === false ? { checkHeader: false } : {}),
    ...(options.inWorker ? { inWorker: true } : {}),
    settings,
    reads: fieldReads(plan, { withNurture: options.nurture === true }),
    ...(options.allowMissing ? { allowMissing: options.allowMissing } : {}),
    ...(options.maxBadRows !== undefined ? { maxBadRows: options.maxBadRows } : {}),
    ...(options.onBadRow ? { onBadRow: options.onBadRow } : {}),
  });
}

/** Hands the intake what the reader yields besides records: the header, lines that are no leads, parts it could not read. */
export function noteInput(intake: LeadIntake, input: Exclude<LeadInput, { record: unknown }>, strict = false): void {
  if ("columns" in input) intake.columns(input.columns);
  else if ("dropped" in input) intake.droppedLine(input.dropped.line, input.dropped.why);
  else {
    if (strict)
      throw new UsageError(input.problem.message, `${input.problem.hint ?? ""} (--strict stops at the first bad row)`.trim(), [
        input.problem,
      ]);
    intake.reject(input.problem);
  }
}
