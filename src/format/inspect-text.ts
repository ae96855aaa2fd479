/**
 * `inspect --format text`: the profile for a person at a terminal, one
 * section per column and one line per dictionary field. Every value from the
 * file (headers, values, footer lines) is shown on one line through
 * `textCell`, JSON-quoted where it sits among leadrules' own words.
 */
import type { ColumnProfile } from "../inspect/column-profile.js";
import type { FieldProfile, InspectProfile } from "../inspect/inspect-leads.js";
import { textLines } from "../render/escape/text.js";
import { readSummaryLines } from "./read-report-format.js";

const q = (text: string) => JSON.stringify(text);
const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

export function formatInspectText(p: InspectProfile): string {
  const lines: string[] = [`${p.file} read by ${p.readBy}: ${p.rows} rows, ${p.columns.length} columns`];
  if (p.fields.find((f) => f.field === p.idField)?.columns.length === 0) {
    const best = p.sources.find((s) => s.matched > 0);
    lines.push(
      `no column for the lead id (${p.idField}): ${best ? `the best --source is ${best.id} (its mapping names ${best.matched} of the ${p.columns.length} columns), or ` : ""}leadrules inspect --suggest drafts a mapping`,
    );
  }
  if (p.dropped.title + p.dropped.footer > 0) {
    lines.push(`dropped: ${p.dropped.title} title line(s), ${p.dropped.footer} footer line(s)`);
    for (const d of p.dropped.lines) lines.push(`  line ${d.line} (${d.why}): ${q(d.text)}`);
  }
  if (p.junkRows.count > 0)
    lines.push(
      `junk rows (one filled cell): ${p.junkRows.count} (lines ${p.junkRows.lines.join(", ")}${p.junkRows.count > p.junkRows.lines.length ? ", ..." : ""})`,
    );
  lines.push("", "columns:");
  for (const c of p.columns) lines.push(...columnLines(c));
  lines.push("", "fields:");
  for (const f of p.fields) lines.push(...fieldLines(f));
  lines.push("", `required fields missing: ${p.missingRequired.length > 0 ? p.missingRequired.join(", ") : "none"}`);
  lines.push("", "read report (as simulate would read it):");
  for (const [key, value] of readSummaryLines(p.read)) lines.push(`  ${key}: ${value}`);
  for (const g of p.read.problems.slice(0, 20))
    lines.push(
      `  ${g.column ? `column ${q(g.column)}: ` : ""}${g.value !== undefined ? `${q(g.value)} ` : ""}${g.field && !g.value ? `${g.field} ` : ""}${g.problem}: ${g.count} row(s) (lines ${g.lines.join(", ")}${g.count > g.lines.length ? ", ..." : ""})`,
    );
  if (p.read.problems.length > 20)
    lines.push(`  ... and ${p.read.problems.length - 20} more kinds of problem (--format json lists them all)`);
  return textLines(lines);
}

function columnLines(c: ColumnProfile): string[] {
  const type =
    c.type +
    (c.dateFormat ? ` (${c.dateFormat === "ambiguous" ? `ambiguous: ${c.dateFormats!.join(" or ")}` : c.dateFormat})` : "") +
    (c.numberFormat ? numberWords(c.numberFormat) : "");
  const lines = [
    `  ${q(c.name)}: ${type}, filled ${c.filled}/${c.rows} (${percent(c.fillRate)}), ${c.distinct.more ? `more than ${c.distinct.count}` : c.distinct.count} distinct, feeds ${c.fields.length > 0 ? c.fields.join(", ") : "no field"}`,
  ];
  if (c.nullMarkers.length > 0) lines.push(`    null markers: ${c.nullMarkers.map((m) => `${q(m.value)} ×${m.count}`).join(", ")}`);
  if (c.top.length > 0) lines.push(`    top: ${c.top.map((v) => `${q(v.value)} ×${v.count}`).join(", ")}`);
  return lines;
}

function numberWords(n: NonNullable<ColumnProfile["numberFormat"]>): string {
  const seen = [
    n.thousands !== null ? `thousands ${q(n.thousands)}` : "",
    n.decimal !== null ? `decimal ${q(n.decimal)}` : "",
    n.currency.length > 0 ? `currency ${n.currency.map(q).join(" ")}` : "",
  ].filter(Boolean);
  return seen.length > 0 ? ` (${seen.join(", ")})` : "";
}

function fieldLines(f: FieldProfile): string[] {
  const flags = [f.required ? "required" : "", f.readBy.length > 0 ? `read by ${f.readBy.join(", ")}` : "not read by the policies"]
    .filter(Boolean)
    .join(", ");
  const lines = [
    `  ${f.field} (${f.type}; ${flags}): ${f.columns.length > 0 ? `column ${f.columns.map(q).join(" or ")}` : "not in this export"}`,
  ];
  if (f.unknownValues && f.unknownValues.length > 0)
    lines.push(
      `    values the dictionary does not know: ${f.unknownValues.map((v) => `${q(v.value)} ×${v.count}`).join(", ")}${f.moreUnknownValues ? ", and more" : ""}`,
    );
  return lines;
}
