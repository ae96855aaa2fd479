/**
 * `leadrules approvals` in each output format: per changed path the owners it needs, who approved for
 * each and who is missing. Every login, team and path comes from the pull request's files, so each is
 * escaped for its context by construction: text lines by `textLines`, Markdown by `md` and
 * `markdownTable`, annotations by `annotationData` and `annotationProperty`.
 */
import type { ApprovalsReport, OwnerApproval, PathApproval } from "../diff/approvals.js";
import type { ApprovalsFormat } from "./format-names.js";
import { annotationData, annotationProperty } from "../render/escape/ci-log.js";
import { joinMarkdown, markdownCode, markdownTable, md } from "../render/escape/markdown.js";
import { textLines } from "../render/escape/text.js";

/** Marks the job summary (and a comment, should one be posted) as this report. */
export const approvalsMarker = "<!-- leadrules-approvals-report -->";

const ruleWords: Record<PathApproval["rule"], string> = {
  every: "every owning team of the policy",
  any: "one owner of its CODEOWNERS line",
};

function needs(p: PathApproval): string {
  if (p.owners.length === 0) return "an owner, and it has none (run leadrules owners --check)";
  return p.rule === "every" || p.owners.length === 1
    ? p.owners.map((o) => o.owner).join(" and ")
    : p.owners.map((o) => o.owner).join(" or ");
}

function ownerWords(o: OwnerApproval): string {
  if (o.approvedBy.length > 0) return `${o.owner} approved by ${o.approvedBy.join(", ")}`;
  return `${o.owner} missing${o.unresolvable ? ` (${o.unresolvable})` : ""}`;
}

const missingOwners = (p: PathApproval) => p.owners.filter((o) => o.approvedBy.length === 0);

function headline(report: ApprovalsReport): string {
  const lacking = report.paths.filter((p) => !p.approved).length;
  if (report.paths.length === 0) return "approvals: pass (the pull request changes no path)";
  return report.approved
    ? `approvals: pass (${report.paths.length} changed path${report.paths.length === 1 ? "" : "s"} approved)`
    : `approvals: FAIL (${lacking} of ${report.paths.length} changed paths lack approvals)`;
}

function notCountedLines(report: ApprovalsReport): string[] {
  return report.notCounted.map((n) => `not counted: ${n.login}'s approval (${n.reason})`);
}

export function formatApprovalsText(report: ApprovalsReport): string {
  const lines = [headline(report)];
  for (const p of report.paths) {
    const verdict = p.approved ? "ok" : "MISSING";
    lines.push(
      `${verdict} ${p.path}: needs ${ruleWords[p.rule]}: ${p.owners.length === 0 ? "no owner" : p.owners.map(ownerWords).join("; ")}`,
    );
  }
  return textLines([...lines, ...notCountedLines(report)]);
}

export function formatApprovalsJson(report: ApprovalsReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}

export function formatApprovalsMarkdown(report: ApprovalsReport): string {
  const rows = report.paths.map((p) => [
    markdownCode(p.path),
    ruleWords[p.rule],
    joinMarkdown(
      p.owners.filter((o) => o.approvedBy.length > 0).map((o) => md`${o.owner} (${o.approvedBy.join(", ")})`),
      "<br>",
    ),
    p.owners.length === 0
      ? "no owner"
      : joinMarkdown(
          missingOwners(p).map((o) => md`${o.owner}${o.unresolvable ? ` (${o.unresolvable})` : ""}`),
          "<br>",
        ),
    p.approved ? "pass" : md`**missing**`,
  ]);
  const parts = [
    approvalsMarker,
    "## leadrules approvals",
    "",
    md`${headline(report)}. A policy needs an approval from a member of every team in its metadata.owners; any other path one owner of its CODEOWNERS line.`
      .source,
  ];
  if (rows.length > 0) parts.push("", markdownTable(["path", "needs", "approved", "missing", "check"], rows).source);
  const notCounted = notCountedLines(report);
  if (notCounted.length > 0) parts.push("", ...notCounted.map((line) => md`- ${line}`.source));
  return parts.join("\n") + "\n";
}

/** An error annotation on each path that lacks approvals (GitHub shows it on the file), a notice when all pass. */
export function formatApprovalsGithub(report: ApprovalsReport): string {
  const lacking = report.paths.filter((p) => !p.approved);
  if (lacking.length === 0) return `::notice title=approvals::${annotationData(headline(report))}\n`;
  return lacking
    .map((p) => {
      const missing = missingOwners(p).map((o) => o.owner);
      const message = `needs ${ruleWords[p.rule]} (${needs(p)}); missing: ${missing.join(", ") || "an owner"}`;
      return `::error file=${annotationProperty(p.path)},title=${annotationProperty("approvals")}::${annotationData(message)}\n`;
    })
    .join("");
}

export const approvalsFormatters: Record<ApprovalsFormat, (report: ApprovalsReport) => string> = {
  text: formatApprovalsText,
  json: formatApprovalsJson,
  markdown: formatApprovalsMarkdown,
  github: formatApprovalsGithub,
};
