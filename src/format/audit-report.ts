/**
 * Audit report formats. Markdown reads as an audit finding: headline numbers
 * first, then each finding with its rule, its count, its rate and example
 * lead ids. Lead ids, subjects and descriptions are escaped by the `md` tag
 * and `markdownTable` (render/escape/markdown.ts); CSV cells by `csvRows`;
 * text lines by `textLines` (render/escape/text.ts).
 *
 * A check the export could not feed (report.checks, status "skipped") is
 * never shown as zero findings: its area reads NOT CHECKED or INCOMPLETE in
 * every format, and each skipped check is listed with the reason the audit gave.
 */
import { readReportMarkdown, readSummaryLines } from "./read-report-format.js";
import { auditCategories, type AreaSummary, type AuditReport, type CheckStatus } from "../audit/audit-leads.js";
import { csvRows, type CsvOptions } from "../render/escape/spreadsheet.js";
import { md, markdownTable } from "../render/escape/markdown.js";
import { textCell, textLines } from "../render/escape/text.js";

export const auditFormats = ["text", "markdown", "json", "csv"] as const;
export type AuditFormat = (typeof auditFormats)[number];

const examples = 10;
const rate = (n: number, of: number) => (of === 0 ? "0%" : `${Math.round((n / of) * 1000) / 10}%`);
const ids = (leads: string[]) => leads.slice(0, examples).join(", ") + (leads.length > examples ? ` (+${leads.length - examples} more)` : "");
const countBy = (r: AuditReport) => Object.fromEntries(auditCategories.map((c) => [c, r.findings.filter((f) => f.category === c).reduce((n, f) => n + f.leads.length, 0)]));
const skippedChecks = (r: AuditReport) => r.checks.filter((c) => c.status === "skipped");
const notChecked = (c: CheckStatus) => `${c.area}: ${c.check} — NOT CHECKED (${c.reason})`;
/** An area's findings as a headline shows them: a count only when every check of the area ran. */
const areaCount = (a: AreaSummary) => (a.status === "not-checked" ? "NOT CHECKED" : a.status === "incomplete" ? `INCOMPLETE (${a.findings} in ${a.ran} of ${a.ran + a.skipped} checks)` : String(a.findings));
const slaSkipped = (r: AuditReport) => r.checks.find((c) => c.area === "sla" && c.status === "skipped");

export function formatAuditMarkdown(r: AuditReport): string {
  const counts = countBy(r);
  const out = [
    md`# Lead-management audit as of ${r.asOf}`,
    "",
    md`${r.leads} records audited against the approved policies${r.unreadable ? md` (${r.unreadable} rejected)` : ""}.`,
    "",
    ...readReportMarkdown(r.read).flatMap((line) => [line, ""]),
    "",
    markdownTable(["area", "findings", "rate"], r.summary.areas.map((a) => [a.area, areaCount(a), a.status === "checked" || a.status === "not-applicable" ? rate(counts[a.area]!, r.leads) : "-"])),
    "",
  ];
  const skipped = skippedChecks(r);
  if (skipped.length > 0) {
    out.push("## Checks not run", "", md`${skipped.length} of ${r.checks.length} checks could not run on this export; their areas are not reported as clean.`, "");
    for (const c of skipped) out.push(md`- ${notChecked(c)}`);
    out.push("");
  }
  out.push("## Findings", "");
  if (r.findings.length === 0) out.push(skipped.length > 0 ? "No findings in the checks that ran." : "No findings.", "");
  for (const f of r.findings) {
    out.push(md`### ${f.category}: ${f.check} (${f.subject})`, "", md`${f.description}. ${f.leads.length} record${f.leads.length === 1 ? "" : "s"} (${rate(f.leads.length, r.leads)}): ${ids(f.leads)}.`, "");
  }
  out.push("## First-touch SLA by queue and rule", "");
  const sla = slaSkipped(r);
  if (sla) out.push(md`NOT CHECKED (${sla.reason}).`);
  else out.push(markdownTable(["queue", "rule", "leads", "touched", "within SLA", "median h", "p90 h", "open breaches"], r.sla.map((s) => [s.queue, s.rule, s.leads, s.touched, rate(s.withinSla, s.touched), s.medianHours ?? "-", s.p90Hours ?? "-", s.openBreaches])));
  return out.join("\n") + "\n";
}

export function formatAuditText(r: AuditReport): string {
  const lines = [...readSummaryLines(r.read).map(([k, v]) => `${k}: ${v}`), `audit as of ${r.asOf}: ${r.leads} records; ${r.summary.areas.map((a) => `${a.area} ${areaCount(a)}`).join(", ")}`];
  for (const f of r.findings) lines.push(`  ${f.category}/${f.check} [${f.subject}] ${f.leads.length}: ${f.description}; ${ids(f.leads)}`);
  const skipped = skippedChecks(r);
  if (skipped.length > 0) lines.push(`checks not run (${skipped.length} of ${r.checks.length}; their areas are not reported as clean):`, ...skipped.map((c) => `  ${notChecked(c)}`));
  const sla = slaSkipped(r);
  lines.push(sla ? `first-touch SLA: NOT CHECKED (${sla.reason})` : "first-touch SLA:");
  for (const s of r.sla) lines.push(`  ${s.queue} / ${s.rule}: ${s.withinSla}/${s.touched} within SLA, median ${s.medianHours ?? "-"} h, p90 ${s.p90Hours ?? "-"} h, ${s.openBreaches} open breaches`);
  return textLines(lines);
}

export function formatAuditCsv(r: AuditReport, options: CsvOptions = {}): string {
  return csvRows([["category", "check", "subject", "lead", "description"], ...r.findings.flatMap((f) => f.leads.map((lead) => [f.category, f.check, f.subject, lead, f.description]))], options);
}

export interface AuditFormatOptions {
  /** CSV cells exactly as they are (`--raw-csv`). */
  rawCsv?: boolean;
}

export const auditFormatters: Record<AuditFormat, (r: AuditReport, options?: AuditFormatOptions) => string> = {
  text: formatAuditText,
  markdown: formatAuditMarkdown,
  json: (r) => JSON.stringify(r, null, 2) + "\n",
  csv: (r, options) => formatAuditCsv(r, { raw: options?.rawCsv ?? false }),
};

/** Parses `--fail-on drift=0,sla=5%,any=10`: a count or a percentage of records per area. */
export function parseFailOn(spec: string): Record<string, { limit: number; percent: boolean }> {
  const result: Record<string, { limit: number; percent: boolean }> = {};
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const match = /^([a-z]+)=(\d+(?:\.\d+)?)(%?)$/.exec(part);
    if (!match || (match[1] !== "any" && !(auditCategories as readonly string[]).includes(match[1]!))) {
      throw new Error(`"${part}": expected AREA=COUNT or AREA=PERCENT%, AREA one of any, ${auditCategories.join(", ")}`);
    }
    result[match[1]!] = { limit: Number(match[2]), percent: match[3] === "%" };
  }
  return result;
}

/** Parses `--allow-unchecked drift,sla` (repeatable): areas whose skipped checks do not fail the audit; `all` for every area. */
export function parseAllowUnchecked(spec: string): string[] {
  const areas = spec.split(",").map((p) => p.trim()).filter(Boolean);
  for (const area of areas) {
    if (area !== "all" && !(auditCategories as readonly string[]).includes(area)) throw new Error(`"${area}": expected an area: all, ${auditCategories.join(", ")}`);
  }
  if (areas.length === 0) throw new Error("expected one or more areas, e.g. drift,sla");
  return areas;
}

/** Skipped checks split by whether `--allow-unchecked` accepts them: the blocking ones fail the audit. */
export function uncheckedAreas(r: AuditReport, allowed: readonly string[]): { blocking: CheckStatus[]; allowed: CheckStatus[] } {
  const ok = (c: CheckStatus) => allowed.includes("all") || allowed.includes(c.area);
  const skipped = skippedChecks(r);
  return { blocking: skipped.filter((c) => !ok(c)), allowed: skipped.filter(ok) };
}

/** One line per skipped check, for stderr: column names come from the policies, so the line is escaped. */
export function describeUnchecked(c: CheckStatus): string {
  return textCell(`${c.area}/${c.check}: ${c.reason}`);
}

/** Areas whose findings exceed the limits. */
export function exceededLimits(r: AuditReport, limits: ReturnType<typeof parseFailOn>): string[] {
  const counts: Record<string, number> = { ...countBy(r) };
  counts.any = Object.values(countBy(r)).reduce((a, b) => a + b, 0);
  return Object.entries(limits)
    .filter(([area, { limit, percent }]) => (percent ? (counts[area]! / Math.max(1, r.leads)) * 100 : counts[area]!) > limit)
    .map(([area, { limit, percent }]) => `${area}: ${counts[area]} findings, limit ${limit}${percent ? "%" : ""}`);
}
