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
 *
 * A send log's findings (area `nurture`) are listed one by one with their lead, program, step, send time and
 * reason: text lines, a markdown table, csv rows (the columns program, step and sent_at, empty for the other
 * areas), json as `sends` of each finding.
 */
import { readReportMarkdown, readSummaryLines } from "./read-report-format.js";
import { findingsByArea, sendLine } from "../audit/audit-problems.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { AreaSummary, AuditAlert, AuditReport, CheckStatus } from "../audit/audit-leads.js";
import type { AlertGroup } from "../simulate/funnel-alerts.js";
import { csvRows, type CsvOptions } from "../render/escape/spreadsheet.js";
import { md, markdownTable } from "../render/escape/markdown.js";
import { textLines } from "../render/escape/text.js";

import type { AuditFormat } from "./format-names.js";

export { auditFormats, type AuditFormat } from "./format-names.js";

const examples = 10;
const rate = (n: number, of: number) => (of === 0 ? "0%" : `${Math.round((n / of) * 1000) / 10}%`);
const ids = (leads: string[]) =>
  leads.slice(0, examples).join(", ") + (leads.length > examples ? ` (+${leads.length - examples} more)` : "");
const skippedChecks = (r: AuditReport) => r.checks.filter((c) => c.status === "skipped");
/**
 * The skipped checks as listed: each with its reason, but an area whose input was not given (no `--sends`)
 * once, as `nurture: every check — NOT CHECKED (no send log given (--sends))`.
 */
const notCheckedLines = (r: AuditReport) => {
  const lines: string[] = [];
  const areas = new Set<string>();
  for (const c of skippedChecks(r)) {
    if (c.input !== "--sends") lines.push(notChecked(c));
    else if (!areas.has(c.area)) {
      areas.add(c.area);
      lines.push(`${c.area}: every check — NOT CHECKED (${c.reason})`);
    }
  }
  return lines;
};
const notChecked = (c: CheckStatus) => `${c.area}: ${c.check} — NOT CHECKED (${c.reason})`;
/** An area's findings as a headline shows them: a count only when every check of the area ran. */
const areaCount = (a: AreaSummary) =>
  a.status === "not-checked"
    ? "NOT CHECKED"
    : a.status === "incomplete"
      ? `INCOMPLETE (${a.findings} in ${a.ran} of ${a.ran + a.skipped} checks)`
      : String(a.findings);
/** An alert's group as reports name it: `leadSource=webinar`, `leadSource=(empty)`, or `all leads`. */
const groupName = (a: AuditAlert & { status: "checked" }, g: AlertGroup) =>
  a.groupBy ? `${a.groupBy}=${g.value ?? "(empty)"}` : "all leads";
const groupStatus = (a: AuditAlert & { status: "checked" }, g: AlertGroup) =>
  g.status === "fired" ? "FIRED" : g.status === "passed" ? "ok" : `too few leads to judge (under ${a.minimumLeads})`;
/** What an alert counts, in one line: `leads over mql all together; fires below 60% where at least 10 leads count`. */
const alertTerms = (a: AuditAlert & { status: "checked" }) =>
  `${a.threshold ? `leads over ${a.threshold}` : "counted leads"} ${a.groupBy ? `per ${a.groupBy}` : "all together"}` +
  `; fires below ${rate(a.minimumRate, 1)} where at least ${a.minimumLeads} leads count`;
const alertHeadline = (a: AuditAlert) => {
  if (a.status === "not-checked") return `${a.id}: NOT CHECKED (${a.reason})`;
  const fired = a.groups.filter((g) => g.status === "fired").length;
  const judged = a.groups.filter((g) => g.status !== "too-few").length;
  const groups = `judged group${judged === 1 ? "" : "s"}`;
  const verdict =
    fired > 0
      ? `FIRED in ${fired} of ${judged} ${groups}`
      : judged > 0
        ? `ok in ${judged} ${groups}`
        : "NOT JUDGED (too few leads in every group)";
  return `${a.id}: ${verdict} (${alertTerms(a)})`;
};
const slaSkipped = (r: AuditReport) => r.checks.find((c) => c.area === "sla" && c.status === "skipped");

export function formatAuditMarkdown(r: AuditReport): string {
  const counts = findingsByArea(r);
  const out = [
    md`# Lead-management audit as of ${r.asOf}`,
    "",
    md`${r.leads} records audited against the approved policies${r.unreadable ? md` (${r.unreadable} rejected)` : ""}.`,
    "",
    ...readReportMarkdown(r.read).flatMap((line) => [line, ""]),
    "",
    markdownTable(
      ["area", "findings", "rate"],
      r.summary.areas.map((a) => [
        a.area,
        areaCount(a),
        a.status === "checked" || a.status === "not-applicable" ? rate(counts[a.area]!, r.leads) : "-",
      ]),
    ),
    "",
  ];
  const skipped = skippedChecks(r);
  if (skipped.length > 0) {
    out.push(
      "## Checks not run",
      "",
      md`${skipped.length} of ${r.checks.length} checks could not run on this export; their areas are not reported as clean.`,
      "",
    );
    for (const line of notCheckedLines(r)) out.push(md`- ${line}`);
    out.push("");
  }
  out.push("## Findings", "");
  if (r.findings.length === 0) out.push(skipped.length > 0 ? "No findings in the checks that ran." : "No findings.", "");
  for (const f of r.findings) {
    if (f.sends) {
      // A send log's deviations: each one with its lead, program, step, send time and reason.
      out.push(
        md`### ${f.category}: ${f.check} (${f.subject})`,
        "",
        md`${f.description}. ${f.sends.length} finding${f.sends.length === 1 ? "" : "s"}.`,
        "",
        markdownTable(
          ["lead", "program", "step", "sent at", "reason"],
          f.sends.map((s) => [s.lead ?? "-", s.program, s.step ?? "-", s.sentAt ?? "-", s.reason]),
        ),
        "",
      );
      continue;
    }
    out.push(
      md`### ${f.category}: ${f.check} (${f.subject})`,
      "",
      md`${f.description}. ${f.leads.length} record${f.leads.length === 1 ? "" : "s"} (${rate(f.leads.length, r.leads)}): ${ids(f.leads)}.`,
      "",
    );
  }
  out.push("## First-touch SLA by queue and rule", "");
  const sla = slaSkipped(r);
  if (sla) out.push(md`NOT CHECKED (${sla.reason}).`);
  else
    out.push(
      markdownTable(
        ["queue", "rule", "leads", "touched", "within SLA", "median h", "p90 h", "open breaches"],
        r.sla.map((s) => [
          s.queue,
          s.rule,
          s.leads,
          s.touched,
          rate(s.withinSla, s.touched),
          s.medianHours ?? "-",
          s.p90Hours ?? "-",
          s.openBreaches,
        ]),
      ),
    );
  if (r.alerts.length > 0) {
    out.push("", "## Funnel alerts", "");
    for (const a of r.alerts) {
      out.push(md`- ${alertHeadline(a)}`);
    }
    const rows = r.alerts.flatMap((a) =>
      a.status === "checked"
        ? a.groups.map((g) => [
            a.id,
            groupName(a, g),
            g.leads,
            g.successes,
            g.rate === null ? "-" : rate(g.successes, g.leads),
            groupStatus(a, g),
          ])
        : [],
    );
    if (rows.length > 0) out.push("", markdownTable(["alert", "group", "leads", "successes", "rate", "status"], rows));
  }
  return out.join("\n") + "\n";
}

export function formatAuditText(r: AuditReport): string {
  const lines = [
    ...readSummaryLines(r.read).map(([k, v]) => `${k}: ${v}`),
    `audit as of ${r.asOf}: ${r.leads} records; ${r.summary.areas.map((a) => `${a.area} ${areaCount(a)}`).join(", ")}`,
  ];
  for (const f of r.findings) {
    if (!f.sends) {
      lines.push(`  ${f.category}/${f.check} [${f.subject}] ${f.leads.length}: ${f.description}; ${ids(f.leads)}`);
      continue;
    }
    lines.push(`  ${f.category}/${f.check} [${f.subject}] ${f.sends.length}: ${f.description}`);
    for (const s of f.sends) lines.push(`    ${sendLine(s)}`);
  }
  const skipped = skippedChecks(r);
  if (skipped.length > 0)
    lines.push(
      `checks not run (${skipped.length} of ${r.checks.length}; their areas are not reported as clean):`,
      ...notCheckedLines(r).map((line) => `  ${line}`),
    );
  const sla = slaSkipped(r);
  lines.push(sla ? `first-touch SLA: NOT CHECKED (${sla.reason})` : "first-touch SLA:");
  for (const s of r.sla)
    lines.push(
      `  ${s.queue} / ${s.rule}: ${s.withinSla}/${s.touched} within SLA, median ${s.medianHours ?? "-"} h, p90 ${s.p90Hours ?? "-"} h, ${s.openBreaches} open breaches`,
    );
  if (r.alerts.length > 0) lines.push("funnel alerts:");
  for (const a of r.alerts) {
    lines.push(`  ${alertHeadline(a)}`);
    if (a.status === "checked")
      for (const g of a.groups)
        lines.push(
          `    ${groupName(a, g)}: ${g.successes}/${g.leads}${g.rate === null ? "" : ` = ${rate(g.successes, g.leads)}`} ${groupStatus(a, g)}${g.behind ? `; behind: ${ids(g.behind)}` : ""}`,
        );
  }
  return textLines(lines);
}

export function formatAuditCsv(r: AuditReport, options: CsvOptions = {}): string {
  return csvRows(
    [
      ["category", "check", "subject", "lead", "description", "program", "step", "sent_at"],
      ...r.findings.flatMap((f) =>
        f.sends
          ? f.sends.map((s) => [f.category, f.check, f.subject, s.lead ?? "", s.reason, s.program, s.step ?? "", s.sentAt ?? ""])
          : f.leads.map((lead) => [f.category, f.check, f.subject, lead, f.description, "", "", ""]),
      ),
    ],
    options,
  );
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

/** The aggregated hint after the checks not run that fail the audit (their areas in `subject`). */
export function formatUncheckedHint(problems: readonly Diagnostic[]): string {
  const blocking = problems.filter((d) => d.code === "audit/not-checked" && d.severity === "error");
  if (blocking.length === 0) return "";
  const areas = [...new Set(blocking.map((d) => d.subject))].join(",");
  return `hint: these checks read fields the export does not have, so the audit cannot vouch for ${areas}; add the columns (or name the fields in the policies), or pass --allow-unchecked ${areas} to accept an audit without them\n`;
}
