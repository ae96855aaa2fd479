/**
 * The `diff --changes FILE` artifact: every changed lead, one row each, with
 * every changed field's value before and after and the rules behind the
 * change on each side. CSV (for a spreadsheet: every text cell neutralised,
 * render/escape/spreadsheet.ts) or NDJSON (for tools), chosen by the file's
 * extension.
 */
import path from "node:path";
import { UsageError } from "../diagnostics/index.js";
import { comparedFields, type ChangedLead, type ComparedField } from "../diff/behaviour-diff.js";
import { csvCell } from "../render/escape/spreadsheet.js";

export const changesFormats = { ".csv": "csv", ".ndjson": "ndjson", ".jsonl": "ndjson" } as const;
export type ChangesFormat = (typeof changesFormats)[keyof typeof changesFormats];

/** The artifact's format, from the file's extension. */
export function changesFormatOf(file: string): ChangesFormat {
  const extension = path.extname(file).toLowerCase();
  if (Object.hasOwn(changesFormats, extension)) return changesFormats[extension as keyof typeof changesFormats];
  throw new UsageError(
    `--changes ${file}: cannot tell the format from the extension "${extension}"`,
    `Name the file ${Object.keys(changesFormats)
      .map((e) => `*${e}`)
      .join(", ")}.`,
  );
}

/** Each changed field's value on both sides, by field (the fields that did not change are absent). */
function valuesByField(lead: ChangedLead): Partial<Record<ComparedField, { before: string | null; after: string | null }>> {
  return Object.fromEntries(lead.fields.map((f, i) => [f, lead.values[i]!]));
}

/** A header, then one row per changed lead: each compared field's before and after (empty where it did not change). */
export function formatChangesCsv(changed: readonly ChangedLead[], options: { raw?: boolean } = {}): string {
  const header = ["lead", "changed", ...comparedFields.flatMap((f) => [`${f} before`, `${f} after`]), "rules before", "rules after"];
  const lines = [header.join(",")];
  for (const lead of changed) {
    const values = valuesByField(lead);
    const cells = [
      lead.id,
      lead.fields.join(" "),
      ...comparedFields.flatMap((f) => [values[f]?.before ?? null, values[f]?.after ?? null]),
      lead.baseRules.join(" "),
      lead.headRules.join(" "),
    ];
    lines.push(cells.map((cell) => csvCell(cell, options)).join(","));
  }
  return lines.join("\n") + "\n";
}

/** One JSON object per changed lead: its id, each changed field's before and after, the rules on each side. */
export function formatChangesNdjson(changed: readonly ChangedLead[]): string {
  return changed
    .map(
      (lead) =>
        JSON.stringify({ lead: lead.id, changes: valuesByField(lead), rulesBefore: lead.baseRules, rulesAfter: lead.headRules }) + "\n",
    )
    .join("");
}

export function formatChanges(changed: readonly ChangedLead[], format: ChangesFormat, options: { raw?: boolean } = {}): string {
  return format === "csv" ? formatChangesCsv(changed, options) : formatChangesNdjson(changed);
}
