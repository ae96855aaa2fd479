/**
 * `inspect --format markdown`: the profile as GitHub tables (a pull request
 * comment, a job summary). Every value from the file goes through `md` and
 * `markdownTable`, so a `|`, `<script>` or a line break in a header or value
 * stays text in its cell.
 */
import type { InspectProfile } from "../inspect/inspect-leads.js";
import { markdownCode, markdownTable, md, type Markdown } from "../render/escape/markdown.js";
import { readReportMarkdown } from "./read-report-format.js";

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
const counted = (values: readonly { value: string; count: number }[]) => values.map((v) => `${v.value} (${v.count})`).join(", ");

export function formatInspectMarkdown(p: InspectProfile): string {
  const out: Markdown[] = [md`## Export profile: ${p.file}`, md`Read by ${p.readBy}: ${p.rows} rows, ${p.columns.length} columns.`];
  if (p.fields.find((f) => f.field === p.idField)?.columns.length === 0) {
    const best = p.sources.find((s) => s.matched > 0);
    out.push(
      md`> **No column for the lead id (${p.idField}).** ${best ? md`The best --source is ${markdownCode(best.id)} (${best.matched} of ${p.columns.length} columns); or ` : ""}${markdownCode("leadrules inspect --suggest")} drafts a mapping.`,
    );
  }
  if (p.dropped.title + p.dropped.footer > 0) out.push(md`Dropped ${p.dropped.title} title and ${p.dropped.footer} footer line(s).`);
  if (p.junkRows.count > 0) out.push(md`Junk rows (one filled cell): ${p.junkRows.count}, lines ${p.junkRows.lines.join(", ")}.`);
  out.push(md`### Columns`);
  out.push(
    markdownTable(
      ["Column", "Type", "Format", "Filled", "Distinct", "Top values", "Feeds"],
      p.columns.map((c) => [
        c.name,
        c.type,
        c.dateFormat === "ambiguous"
          ? `ambiguous: ${c.dateFormats!.join(" or ")}`
          : (c.dateFormat ??
            (c.numberFormat
              ? [
                  c.numberFormat.thousands !== null ? `thousands ${JSON.stringify(c.numberFormat.thousands)}` : "",
                  c.numberFormat.decimal !== null ? `decimal ${JSON.stringify(c.numberFormat.decimal)}` : "",
                  ...c.numberFormat.currency,
                ]
                  .filter(Boolean)
                  .join(", ")
              : "")),
        `${c.filled}/${c.rows} (${percent(c.fillRate)})`,
        c.distinct.more ? `more than ${c.distinct.count}` : String(c.distinct.count),
        counted(c.top),
        c.fields.join(", ") || "none",
      ]),
    ),
  );
  out.push(md`### Fields`);
  out.push(
    markdownTable(
      ["Field", "Type", "Required", "Read by", "Column", "Unknown values"],
      p.fields.map((f) => [
        f.field,
        f.type,
        f.required ? "yes" : "",
        f.readBy.join(", "),
        f.columns.length > 0 ? f.columns.join(" or ") : "not in this export",
        counted(f.unknownValues ?? []) + (f.moreUnknownValues ? ", ..." : ""),
      ]),
    ),
  );
  out.push(md`Required fields missing: ${p.missingRequired.length > 0 ? p.missingRequired.join(", ") : "none"}.`);
  out.push(md`### Read report`, ...readReportMarkdown(p.read));
  return out.map((m) => m.source).join("\n\n") + "\n";
}
