/**
 * The impact report of `diff`: markdown for a PR comment (headline table
 * first, details in collapsible sections, bounded length with counts of what
 * was left out), plain text for terminals, JSON for tools. In the markdown
 * every value from a policy, a file name, a ref or a lead is escaped by the
 * `md` tag and `markdownTable` (render/escape/markdown.ts): it cannot fake a
 * line, a link, a mention or the end of a section.
 */
import type { ReadReport } from "../input/read-report.js";
import { readReportMarkdown, readSummaryLines } from "./read-report-format.js";
import type { DiffReport } from "../diff/diff-report.js";
import { comparedFields } from "../diff/behaviour-diff.js";
import { textLines } from "../render/escape/text.js";
import { joinMarkdown, Markdown, markdownCode, markdownCodeBlock, markdownTable as table, md } from "../render/escape/markdown.js";

import type { DiffFormat } from "./format-names.js";

export { diffFormats, type DiffFormat } from "./format-names.js";

/** Marker the workflow uses to find and update its one PR comment. */
export const reportMarker = "<!-- leadrules-impact-report -->";

const fieldNames: Record<(typeof comparedFields)[number], string> = {
  score: "score",
  grade: "grade",
  stage: "lifecycle stage",
  queue: "queue",
  owner: "owner",
  sla: "SLA deadlines",
  content: "content access",
  retentionAction: "retention action",
  retentionDate: "retention date",
};

const maxPatchLines = 400;
const short = (commit: string | null) => (commit ? commit.slice(0, 7) : "");

function details(summary: Markdown, body: Markdown | string): Markdown {
  return md`<details>\n<summary>${summary}</summary>\n\n${body instanceof Markdown ? body : new Markdown(body)}\n\n</details>`;
}

export function formatDiffMarkdown(r: DiffReport): string {
  const b = r.behaviour;
  const out: (string | Markdown)[] = [reportMarker, "## leadrules impact report", ""];
  out.push(
    md`Base ${markdownCode(r.base.ref)} (${short(r.base.commit)}) -> head ${markdownCode(r.head.ref)}${r.head.commit ? md` (${short(r.head.commit)})` : ""}, ${b.leads} leads from ${markdownCode(r.leads.file)}, as of ${r.asOf}.`,
    "",
  );
  for (const line of readReportMarkdown(r.leads.read)) out.push(line, "");
  if (r.leads.leftOut > 0) out.push(`> **Warning: ${leftOutText(r)}.**`, "");
  out.push(
    r.violations.length === 0
      ? "**Change control: pass.**"
      : `**Change control: ${r.violations.length} problem${r.violations.length === 1 ? "" : "s"}.**`,
    "",
  );
  const changed = r.policies.filter((p) => p.items.length > 0 || p.baseVersion !== p.headVersion);
  out.push(
    table(
      ["policy", "version", "changes", "needs", "check"],
      changed.map((p) => [
        md`${p.policy} (${p.kind})`,
        p.baseVersion === p.headVersion ? String(p.headVersion) : `${p.baseVersion ?? "new"} -> ${p.headVersion ?? "removed"}`,
        summarizeItems(p.items),
        p.requiredBump,
        r.violations.some((v) => v.file === p.file) ? new Markdown("**fail**") : "pass",
      ]),
    ),
    "",
  );
  if (changed.length === 0) out.push("No policy changed.", "");
  for (const v of r.violations) out.push(md`- **${v.file}**: ${v.message}`);
  if (r.violations.length) out.push("");

  out.push("### Behaviour", "");
  if (b.changedLeads === 0) out.push(`No lead changes outcome (${b.leads} leads simulated).`, "");
  else {
    out.push(`${b.changedLeads} of ${b.leads} leads change outcome.`, "");
    out.push(
      table(
        ["what changes", "leads"],
        comparedFields.filter((f) => b.changes[f] > 0).map((f) => [fieldNames[f], String(b.changes[f])]),
      ),
      "",
    );
  }
  if (Object.keys(b.stageMatrix).length > 0) {
    const to = [...new Set(Object.values(b.stageMatrix).flatMap((row) => Object.keys(row)))].sort();
    out.push(
      details(
        md`Stage transitions (base stage -> head stage)`,
        table(
          [new Markdown("base \\ head"), ...to],
          Object.entries(b.stageMatrix).map(([from, row]) => [from, ...to.map((t) => String(row[t] ?? ""))]),
        ),
      ),
      "",
    );
  }
  if (Object.keys(b.queueMoves).length > 0) {
    out.push(
      details(
        md`Queue moves`,
        table(
          ["base -> head", "leads"],
          Object.entries(b.queueMoves).map(([k, v]) => [k, String(v)]),
        ),
      ),
      "",
    );
  }
  if (b.top.length > 0) {
    const more = b.changedLeads - b.top.length;
    out.push(
      details(
        md`Changed leads (${b.top.length} of ${b.changedLeads}, largest first)`,
        md`${table(
          ["lead", "before", "after", "rules (base)", "rules (head)"],
          b.top.map((l) => [l.id, l.before, l.after, l.baseRules.join(", "), l.headRules.join(", ")]),
        )}${more > 0 ? md`\n\n... and ${more} more changed leads (see --format json).` : ""}`,
      ),
      "",
    );
  }
  out.push(
    details(
      md`Score distribution (total points)`,
      table(
        ["points", "base", "head"],
        b.histogram.map((h) => [h.bin, String(h.base), String(h.head)]),
      ),
    ),
    "",
  );
  if (b.nearThreshold.length > 0) {
    out.push(
      details(
        md`Leads within 5 points of a threshold (head)`,
        table(
          ["threshold", "total", "leads", "examples"],
          b.nearThreshold.map((n) => [n.threshold, String(n.minimum), String(n.leads), n.examples.join(", ")]),
        ),
      ),
      "",
    );
  }
  const semantic = r.policies.filter((p) => p.items.length > 0);
  if (semantic.length > 0) {
    const lines = semantic.flatMap((p) => [
      md`**${p.policy}** (${markdownCode(p.file)})`,
      "",
      ...p.items.map((i) => md`- ${i.change} ${i.item}${i.details.length ? md`: ${joinMarkdown(i.details, "; ")}` : ""}`),
      "",
    ]);
    out.push(details(md`Semantic changes`, lines.join("\n").trimEnd()), "");
  }
  if (r.textDiffs.length > 0) {
    const all = r.textDiffs.flatMap((d) => d.patch.split("\n"));
    const shown = all.slice(0, maxPatchLines);
    const omitted = all.length - shown.length;
    out.push(
      details(
        md`Policy text diff (${r.textDiffs.length} file${r.textDiffs.length === 1 ? "" : "s"})`,
        md`${markdownCodeBlock("diff", shown.join("\n"))}${omitted > 0 ? md`\n\n... ${omitted} more lines.` : ""}`,
      ),
      "",
    );
  }
  return (
    out
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n"
  );
}

function summarizeItems(items: DiffReport["policies"][number]["items"]): string {
  const count = (c: string) => items.filter((i) => i.change === c).length;
  const parts = [
    ["added", count("added")],
    ["changed", count("changed")],
    ["removed", count("removed")],
  ]
    .filter(([, n]) => n)
    .map(([c, n]) => `${n} ${c}`);
  return parts.join(", ") || "metadata only";
}

export function formatDiffText(r: DiffReport): string {
  const b = r.behaviour;
  const lines = [
    `base ${r.base.ref} (${short(r.base.commit)}) -> head ${r.head.ref}${r.head.commit ? ` (${short(r.head.commit)})` : ""}; ${b.leads} leads; as of ${r.asOf}`,
    "",
  ];
  for (const [k, v] of readSummaryLines(r.leads.read)) lines.push(`${k}: ${v}`);
  lines.push("");
  if (r.leads.leftOut > 0) lines.push(`warning: ${leftOutText(r)}`, "");
  for (const p of r.policies.filter((x) => x.items.length > 0)) {
    lines.push(`${p.file}: ${p.baseVersion} -> ${p.headVersion} (needs ${p.requiredBump})`);
    for (const i of p.items) lines.push(`  ${i.change} ${i.item}${i.details.length ? `: ${i.details.join("; ")}` : ""}`);
  }
  lines.push(
    "",
    `${b.changedLeads} of ${b.leads} leads change outcome` +
      (b.changedLeads
        ? `: ${comparedFields
            .filter((f) => b.changes[f])
            .map((f) => `${fieldNames[f]} ${b.changes[f]}`)
            .join(", ")}`
        : ""),
  );
  for (const l of b.top) lines.push(`  ${l.id}: ${l.before} -> ${l.after}  [${l.baseRules.join(", ")}] -> [${l.headRules.join(", ")}]`);
  lines.push("", r.violations.length === 0 ? "change control: pass" : "change control: FAIL");
  for (const v of r.violations) lines.push(`  ${v.file}: ${v.message}`);
  // One line per entry: a lead id or a file name cannot add a line ("change control: pass").
  return textLines(lines);
}

/** Numbers only: the problems themselves are listed on stderr. */
function leftOutText(r: DiffReport): string {
  const { leftOut } = r.leads;
  return `${leftOut} row${leftOut === 1 ? "" : "s"} of the leads file left out of the comparison (rejected, or decided by only one version); the behaviour below covers only the ${r.behaviour.leads} leads both versions decided`;
}

export function formatDiffJson(r: DiffReport): string {
  return JSON.stringify(r, null, 2) + "\n";
}

export const diffFormatters: Record<DiffFormat, (r: DiffReport) => string> = {
  markdown: formatDiffMarkdown,
  text: formatDiffText,
  json: formatDiffJson,
};

/** Failures only the base version's reading of the leads has, for stderr (the head's reading decides the exit code). */
export function formatBaseReadWarnings(base: string, reads: { base: ReadReport; head: ReadReport }): string {
  return reads.base.failures
    .filter((f) => !reads.head.failures.includes(f))
    .map((f) => `warning: the base version ${base} reads the leads file differently: ${f}\n`)
    .join("");
}
