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
import type { QueueImpact, QueueSide } from "../diff/queue-impact.js";
import { formatBacktestComparisonMarkdown, formatBacktestComparisonText } from "./backtest-comparison.js";
import { comparedFields, undatedWeek } from "../diff/behaviour-diff.js";
import type { NurtureImpact } from "../diff/nurture-impact.js";
import { textLines } from "../render/escape/text.js";
import { joinMarkdown, Markdown, markdownCode, markdownCodeBlock, markdownTable as table, md } from "../render/escape/markdown.js";

import type { DiffFormat } from "./format-names.js";

export { diffFormats, type DiffFormat } from "./format-names.js";

/** Marker the workflow uses to find and update its one PR comment. */
export const reportMarker = "<!-- leadrules-impact-report -->";

const fieldNames: Record<(typeof comparedFields)[number], string> = {
  score: "score",
  grade: "grade",
  thresholds: "thresholds reached",
  stage: "lifecycle stage",
  queue: "queue",
  owner: "owner",
  sla: "SLA deadlines",
  content: "content access",
  retentionAction: "retention action",
  retentionDate: "retention date",
};

const maxPatchLines = 400;
/** Rules listed in the "changed leads per responsible rule" table. */
const moversShown = 15;
const short = (commit: string | null) => (commit ? commit.slice(0, 7) : "");

function details(summary: Markdown, body: Markdown | string): Markdown {
  return md`<details>\n<summary>${summary}</summary>\n\n${body instanceof Markdown ? body : new Markdown(body)}\n\n</details>`;
}

/** GitHub refuses a comment over 65,536 characters; the report stays under this, with room for the workflow's own lines. */
export const markdownLimit = 60_000;

export interface DiffFormatOptions {
  /** The `--changes` file written beside the report, which the report points to for every changed lead. */
  changesFile?: string;
  /** The most characters the markdown report may have (default `markdownLimit`). */
  maxChars?: number;
}

/** A part of the markdown report, and what it shrinks to when the report is too long (undefined: it stays whole). */
interface Block {
  text: string;
  shrunk?: string;
  /** Summarised only when every other section already is (the semantic changes: what the council reads first). */
  last?: boolean;
}

const block = (parts: readonly (string | Markdown)[], shrunk?: readonly (string | Markdown)[]): Block => ({
  text: parts.join("\n"),
  ...(shrunk ? { shrunk: shrunk.join("\n") } : {}),
});

/** "+18.0%", "-3.2%", "new" (from 0), "" (no change). */
function percentChange(base: number, head: number): string {
  if (base === head) return "";
  if (base === 0) return "new";
  const pct = ((head - base) / base) * 100;
  return `${pct > 0 ? "+" : ""}${pct.toFixed(1)}%`;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** Rows of a volume table (a value, base, head, change, %), for the values whose count differs. */
function volumeRows(kind: string, base: Record<string, number>, head: Record<string, number>, all = false): string[][] {
  const values = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  return values
    .map((v) => [v, base[v] ?? 0, head[v] ?? 0] as const)
    .filter(([, b, h]) => all || b !== h)
    .map(([v, b, h]) => [kind, v, String(b), String(h), signed(h - b), percentChange(b, h)]);
}

const percent = (share: number | null) => (share === null ? "n/a" : `${Math.round(share * 100)}%`);
/** A rate with two decimals under 10 a day (a sample of a year runs at a lead or two a day), one above. */
const rate = (n: number | null) => (n === null ? "n/a" : n < 10 ? n.toFixed(2) : n.toFixed(1));

/**
 * A side's leads a business day: "n/a" where the version has no such queue, "no rate" where the window holds
 * no business hours (every lead arrived on a weekend, or at one instant), never a made-up 0.
 */
function sideRate(side: QueueSide | null): string {
  if (!side) return "n/a";
  return side.estimate.leadsPerBusinessDay === null
    ? "no rate (no business hours in the arrival window)"
    : rate(side.estimate.leadsPerBusinessDay);
}

/** "3 x 30 = 90", "2 members, capacity not stated". */
function capacityText(side: QueueSide): string {
  if (side.capacityPerBusinessDay === null) return `${side.members} member${side.members === 1 ? "" : "s"}, capacity not stated`;
  return `${side.members} member${side.members === 1 ? "" : "s"}, ${side.capacityPerBusinessDay} a day`;
}

/** One queue's load in words, e.g. "sdr-emea: +40.0 leads a business day (12.0 -> 52.0) ...". */
function queueLine(q: QueueImpact): string {
  const [b, h] = [q.base, q.head];
  const [before, after] = [b?.estimate.leadsPerBusinessDay, h?.estimate.leadsPerBusinessDay];
  // The change of the rates as shown, so it adds up to what the reader sees.
  const change =
    before === null || after === null
      ? ""
      : `${Number(rate(after ?? 0)) >= Number(rate(before ?? 0)) ? "+" : "-"}${rate(Math.abs(Number(rate(after ?? 0)) - Number(rate(before ?? 0))))} `;
  const parts = [
    `${q.queue}: ${change}leads a business day (${sideRate(b)} -> ${sideRate(h)})`,
    h ? capacityText(h) : "not in the head version",
    `utilisation ${percent(b?.estimate.utilisation ?? null)} -> ${percent(h?.estimate.utilisation ?? null)}`,
    `predicted first touch within SLA ${attainment(b)} -> ${attainment(h)}`,
  ];
  return parts.join("; ") + (q.warning ? ` (warning: ${q.warning})` : "");
}

/** The predicted attainment, or why there is none. */
function attainment(side: QueueSide | null): string {
  if (!side) return "n/a";
  if (side.estimate.leads === 0) return "no leads";
  if (side.estimate.overloaded) return "none (overloaded)";
  if (side.capacityPerBusinessDay === null) return "not estimated (capacity not stated)";
  return percent(side.estimate.predictedAttainment);
}

function queueLoadBlock(r: DiffReport): Block[] {
  const load = r.queueLoad;
  if (!load || load.queues.length === 0) return [];
  const warnings = load.queues.filter((q) => q.warning);
  return [
    block([
      md`**Queue load** (leads arriving ${load.window.first.slice(0, 10)} to ${load.window.last.slice(0, 10)}, per business day of each queue's calendar; docs/queue-load.md):`,
      "",
      table(
        ["queue", "leads a business day", "capacity a day (head)", "utilisation", "first touch within SLA (predicted)", ""],
        load.queues.map((q) => [
          q.queue,
          `${sideRate(q.base)} -> ${sideRate(q.head)}`,
          q.head ? capacityText(q.head) : "not in the head version",
          `${percent(q.base?.estimate.utilisation ?? null)} -> ${percent(q.head?.estimate.utilisation ?? null)}`,
          `${attainment(q.base)} -> ${attainment(q.head)}`,
          q.warning ? new Markdown(`**warning: ${q.warning}**`) : "",
        ]),
      ),
      "",
      ...(warnings.length > 0 ? [...warnings.map((q) => md`> **Warning:** ${queueLine(q)}.`), ""] : []),
    ]),
  ];
}

/** Leads over each threshold (always: the MQL count is what the council asks first), per grade and per stage when they move. */
function impactRows({ base, head }: DiffReport["behaviour"]["volumes"]): string[][] {
  return [
    ...volumeRows("threshold", base.thresholds, head.thresholds, true),
    ...volumeRows("grade", base.byGrade, head.byGrade),
    ...volumeRows("stage", base.byStage, head.byStage),
    ...volumeRows("routing", { "no owner": base.unassigned }, { "no owner": head.unassigned }),
  ];
}

/** The council's view: leads over each threshold, per grade and per stage, before -> after; by week; the queues' load. */
function impactBlocks(r: DiffReport): Block[] {
  const { base, head } = r.behaviour.volumes;
  const rows = impactRows(r.behaviour.volumes);
  const blocks: Block[] = [block(["### Impact", ""])];
  if (rows.length > 0) blocks.push(block([table(["", "value", "base", "head", "change", "%"], rows), ""]));
  blocks.push(...queueLoadBlock(r));
  const thresholds = [...new Set([...Object.keys(base.thresholds), ...Object.keys(head.thresholds)])].sort();
  const weeks = [...new Set([...Object.keys(base.weeks), ...Object.keys(head.weeks)])].sort();
  const moved = weeks.filter((w) => thresholds.some((t) => (base.weeks[w]?.thresholds[t] ?? 0) !== (head.weeks[w]?.thresholds[t] ?? 0)));
  if (thresholds.length > 0 && moved.length > 0) {
    const weekRows = moved.map((w) => [
      w === undatedWeek ? "no arrival date" : w,
      String(head.weeks[w]?.leads ?? base.weeks[w]?.leads ?? 0),
      ...thresholds.map((t) => {
        const [b, h] = [base.weeks[w]?.thresholds[t] ?? 0, head.weeks[w]?.thresholds[t] ?? 0];
        return b === h ? String(h) : `${b} -> ${h}`;
      }),
    ]);
    blocks.push(
      block(
        [
          details(
            md`Leads over each threshold by week of arrival (${moved.length} week${moved.length === 1 ? "" : "s"} change)`,
            table(["week of", "leads", ...thresholds], weekRows),
          ),
          "",
        ],
        [
          md`Leads over each threshold change in ${moved.length} weeks of arrival (left out to keep this report short; see --format json).`,
          "",
        ],
      ),
    );
  }
  return blocks;
}

/** The next touches per lead before -> after: leads by status of their nurture decision, and planned next touches by channel, where they change. */
function nurtureRows(n: NurtureImpact): string[][] {
  return [...volumeRows("status", n.base.byStatus, n.head.byStatus), ...volumeRows("next touch", n.base.byChannel, n.head.byChannel)];
}

/** Leads that stay in their program but whose next touch changes: another step, or the same one earlier or later. */
const nextTouchLine = ({ nextTouch: t }: NurtureImpact) =>
  t.otherStep + t.earlier + t.later === 0
    ? "In the same program, no lead's next touch changes step or time."
    : `In the same program, ${t.otherStep} leads get another next step; on the same step, the next touch is planned earlier for ${t.earlier} and later for ${t.later}.`;

const nurtureHeadline = (n: NurtureImpact, asOf: string) =>
  `${n.changedLeads} of ${n.leads} leads change nurture program, status or next touch (step, channel or time; both versions as of ${asOf}, without a send log: each lead's next touch is its track's first step).`;

/** Audience moves between programs and the next touches per lead, before -> after (only when some lead's nurture changes). */
function nurtureBlock(n: NurtureImpact, asOf: string): Block {
  const parts: (string | Markdown)[] = ["### Nurture", "", nurtureHeadline(n, asOf), ""];
  const from = Object.keys(n.programMoves);
  if (from.length === 0) parts.push("No lead changes program.", "");
  else {
    const to = [...new Set(Object.values(n.programMoves).flatMap((row) => Object.keys(row)))].sort();
    parts.push(
      "**Audience moves between programs** (base program -> head program; leads whose program changes, (none): in no program):",
      "",
      table(
        [new Markdown("base \\ head"), ...to],
        from.map((f) => [f, ...to.map((t) => String(n.programMoves[f]![t] ?? ""))]),
      ),
      "",
    );
  }
  parts.push(nextTouchLine(n), "");
  const rows = nurtureRows(n);
  if (rows.length === 0) parts.push("Next touches per lead: no change by status or channel.", "");
  else
    parts.push(
      "**Next touches per lead** (leads by the status of their nurture decision; leads with a next step by its channel, whatever its status):",
      "",
      table(["", "value", "base", "head", "change", "%"], rows),
      "",
    );
  const moved = Object.values(n.programMoves).reduce((sum, row) => sum + Object.values(row).reduce((a, b) => a + b, 0), 0);
  return block(parts, [
    "### Nurture",
    "",
    nurtureHeadline(n, asOf),
    "",
    `${moved} leads change program (the tables are left out to keep this report short; see --format json).`,
    "",
  ]);
}

export function formatDiffMarkdown(r: DiffReport, options: DiffFormatOptions = {}): string {
  const b = r.behaviour;
  const artifact = options.changesFile ? md`the changes file ${markdownCode(options.changesFile)}` : md`--changes FILE or --format json`;
  const blocks: Block[] = [];
  const head: (string | Markdown)[] = [reportMarker, "## leadrules impact report", ""];
  head.push(
    md`Base ${markdownCode(r.base.ref)} (${short(r.base.commit)}) -> head ${markdownCode(r.head.ref)}${r.head.commit ? md` (${short(r.head.commit)})` : ""}, ${b.leads} leads from ${markdownCode(r.leads.file)}, as of ${r.asOf}.`,
    "",
  );
  for (const line of readReportMarkdown(r.leads.read)) head.push(line, "");
  if (r.leads.leftOut > 0) head.push(`> **Warning: ${leftOutText(r)}.**`, "");
  head.push(
    r.violations.length === 0
      ? "**Change control: pass.**"
      : `**Change control: ${r.violations.length} problem${r.violations.length === 1 ? "" : "s"}.**`,
    "",
  );
  const changed = r.policies.filter((p) => p.items.length > 0 || p.baseVersion !== p.headVersion);
  head.push(
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
  if (changed.length === 0) head.push("No policy changed.", "");
  for (const v of r.violations) head.push(md`- **${v.file}**: ${v.message}`);
  if (r.violations.length) head.push("");
  blocks.push(block(head));

  if (b.changedLeads > 0) blocks.push(...impactBlocks(r));
  if (r.nurture) blocks.push(nurtureBlock(r.nurture, r.asOf));
  if (r.backtest)
    blocks.push(
      block([
        formatBacktestComparisonMarkdown(r.backtest.comparison, { heading: "### Backtest" }),
        "",
        md`History: ${markdownCode(r.backtest.file)}, both versions scored as of ${r.asOf}.`,
        "",
      ]),
    );

  const behaviour: (string | Markdown)[] = ["### Behaviour", ""];
  if (b.changedLeads === 0) behaviour.push(`No lead changes outcome (${b.leads} leads simulated).`, "");
  else {
    behaviour.push(`${b.changedLeads} of ${b.leads} leads change outcome.`, "");
    behaviour.push(
      table(
        ["what changes", "leads"],
        comparedFields
          .filter((f) => b.changes[f] > 0)
          .map((f) => [
            fieldNames[f],
            f === "owner" && b.ownerByRotation > 0
              ? `${b.changes[f]} (${b.ownerByRotation} only by round-robin order: same rule and queue, another place in the rotation)`
              : String(b.changes[f]),
          ]),
      ),
      "",
    );
  }
  blocks.push(block(behaviour));
  if (Object.keys(b.stageMatrix).length > 0) {
    const to = [...new Set(Object.values(b.stageMatrix).flatMap((row) => Object.keys(row)))].sort();
    blocks.push(
      block(
        [
          details(
            md`Stage transitions (base stage -> head stage)`,
            table(
              [new Markdown("base \\ head"), ...to],
              Object.entries(b.stageMatrix).map(([from, row]) => [from, ...to.map((t) => String(row[t] ?? ""))]),
            ),
          ),
          "",
        ],
        [
          `Stage transitions: ${b.changes.stage} leads change stage (the matrix is left out to keep this report short; see --format json).`,
          "",
        ],
      ),
    );
  }
  if (Object.keys(b.queueMoves).length > 0) {
    blocks.push(
      block(
        [
          details(
            md`Queue moves`,
            table(
              ["base -> head", "leads"],
              Object.entries(b.queueMoves).map(([k, v]) => [k, String(v)]),
            ),
          ),
          "",
        ],
        [`Queue moves: ${b.changes.queue} leads change queue (left out to keep this report short; see --format json).`, ""],
      ),
    );
  }
  if (b.movers.length > 0) {
    const shown = b.movers.slice(0, moversShown);
    blocks.push(
      block(
        [
          details(
            md`Changed leads per responsible rule (${shown.length} of ${b.movers.length} rules, most first${shown.length < b.movers.length ? "; every rule: --format json" : ""})`,
            table(
              ["rule", "changed leads (base)", "changed leads (head)"],
              shown.map((m) => [m.rule, String(m.base), String(m.head)]),
            ),
          ),
          "",
        ],
        [`Changed leads per responsible rule: ${b.movers.length} rules (left out to keep this report short; see --format json).`, ""],
      ),
    );
  }
  if (b.top.length > 0) {
    const more = b.changedLeads - b.top.length;
    const pointer = more > 0 ? md`\n\n... and ${more} more changed leads: every one is in ${artifact}.` : "";
    blocks.push(
      block(
        [
          details(
            md`Changed leads (${b.top.length} of ${b.changedLeads}, largest first)`,
            md`${table(
              ["lead", "before", "after", "rules (base)", "rules (head)"],
              b.top.map((l) => [l.id, l.before, l.after, l.baseRules.join(", "), l.headRules.join(", ")]),
            )}${pointer}`,
          ),
          "",
        ],
        [md`${b.changedLeads} changed leads: left out to keep this report short; every one is in ${artifact}.`, ""],
      ),
    );
  }
  blocks.push(
    block(
      [
        details(
          md`Score distribution (total points)`,
          table(
            ["points", "base", "head"],
            b.histogram.map((h) => [h.bin, String(h.base), String(h.head)]),
          ),
        ),
        "",
      ],
      [],
    ),
  );
  if (b.nearThreshold.length > 0) {
    blocks.push(
      block(
        [
          details(
            md`Leads within 5 points of a threshold (head)`,
            table(
              ["threshold", "total", "leads", "examples"],
              b.nearThreshold.map((n) => [n.threshold, String(n.minimum), String(n.leads), n.examples.join(", ")]),
            ),
          ),
          "",
        ],
        [],
      ),
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
    const items = semantic.reduce((n, p) => n + p.items.length, 0);
    blocks.push({
      ...block(
        [details(md`Semantic changes`, lines.join("\n").trimEnd()), ""],
        [
          `Semantic changes: ${items} item${items === 1 ? "" : "s"} in ${semantic.length} polic${semantic.length === 1 ? "y" : "ies"}, left out to keep this report short (see --format json).`,
          "",
        ],
      ),
      last: true,
    });
  }
  if (r.textDiffs.length > 0) {
    const all = r.textDiffs.flatMap((d) => d.patch.split("\n"));
    const shown = all.slice(0, maxPatchLines);
    const omitted = all.length - shown.length;
    blocks.push(
      block(
        [
          details(
            md`Policy text diff (${r.textDiffs.length} file${r.textDiffs.length === 1 ? "" : "s"})`,
            md`${markdownCodeBlock("diff", shown.join("\n"))}${omitted > 0 ? md`\n\n... ${omitted} more lines.` : ""}`,
          ),
          "",
        ],
        [
          `Policy text diff: ${all.length} lines in ${r.textDiffs.length} file${r.textDiffs.length === 1 ? "" : "s"}, left out to keep this report short (see the pull request's files).`,
          "",
        ],
      ),
    );
  }
  return fitMarkdown(blocks, options.maxChars ?? markdownLimit, artifact);
}

/**
 * The blocks joined; over `maxChars`, the shrinkable blocks are shrunk, largest first, until the report fits, and
 * a note under the title says so. What is left out is always a section's detail, never the change control.
 */
function fitMarkdown(blocks: Block[], maxChars: number, artifact: Markdown): string {
  const join = (parts: readonly Block[]) =>
    parts
      .map((p) => p.text)
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n";
  let text = join(blocks);
  if (text.length <= maxChars) return text;
  const note = md`> **This report was shortened to stay under ${maxChars.toLocaleString("en-US")} characters** (GitHub refuses a comment over 65,536): the longest sections are summarised. Every changed lead is in ${artifact}.\n`;
  const fitted = [...blocks];
  // The title block is first: the note goes after its first lines (marker and heading).
  const [first, ...rest] = fitted[0]!.text.split("\n\n");
  fitted[0] = { text: [first, note.toString(), ...rest].join("\n\n") };
  const order = fitted
    .map((p, i) => ({ i, last: p.last === true, saved: p.shrunk === undefined ? 0 : p.text.length - p.shrunk.length }))
    .filter((x) => x.saved > 0)
    .sort((x, y) => Number(x.last) - Number(y.last) || y.saved - x.saved || x.i - y.i);
  for (const { i } of order) {
    fitted[i] = { text: fitted[i]!.shrunk! };
    text = join(fitted);
    if (text.length <= maxChars) return text;
  }
  // Only the title, change control and counts are left, and still too long: cut at a line, and say so.
  const cut = "\n\n... (cut here: the report is too long even with every section summarised)\n";
  return text.slice(0, text.lastIndexOf("\n", maxChars - cut.length)) + cut;
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
  if (b.changedLeads > 0) {
    const rows = impactRows(b.volumes);
    if (rows.length > 0) lines.push("", "impact (base -> head):");
    for (const [kind, value, before, after, change, pct] of rows)
      lines.push(
        `  ${kind} ${value}: ${before} -> ${after}${change === "+0" || change === "0" ? "" : ` (${change}${pct ? `, ${pct}` : ""})`}`,
      );
    for (const q of r.queueLoad?.queues ?? []) lines.push(`  queue ${queueLine(q)}`);
  }
  if (r.nurture) {
    const n = r.nurture;
    lines.push("", `nurture (base -> head): ${nurtureHeadline(n, r.asOf)}`, `  ${nextTouchLine(n)}`);
    for (const [from, row] of Object.entries(n.programMoves))
      for (const [to, leads] of Object.entries(row)) lines.push(`  program ${from} -> ${to}: ${leads}`);
    for (const [kind, value, before, after, change, pct] of nurtureRows(n))
      lines.push(`  ${kind} ${value}: ${before} -> ${after} (${change}${pct ? `, ${pct}` : ""})`);
  }
  if (r.backtest)
    lines.push("", `backtest on ${r.backtest.file}:`, ...formatBacktestComparisonText(r.backtest.comparison).map((l) => `  ${l}`));
  lines.push(
    "",
    `${b.changedLeads} of ${b.leads} leads change outcome` +
      (b.changedLeads
        ? `: ${comparedFields
            .filter((f) => b.changes[f])
            .map(
              (f) =>
                `${fieldNames[f]} ${b.changes[f]}${f === "owner" && b.ownerByRotation > 0 ? ` (${b.ownerByRotation} only by round-robin order)` : ""}`,
            )
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

export const diffFormatters: Record<DiffFormat, (r: DiffReport, options?: DiffFormatOptions) => string> = {
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
