/**
 * `leadrules nurture` output: one row per lead (NDJSON, CSV), the summary (text, Markdown, JSON) and one
 * lead explained (text). Every value from a lead or a policy goes through its context's escaping.
 */
import type { ReadReport } from "../input/read-report.js";
import type { FactLabels } from "../render/condition-words.js";
import { joinMarkdown, markdownCode, markdownTable, md, type Markdown } from "../render/escape/markdown.js";
import { csvRows, type CsvOptions } from "../render/escape/spreadsheet.js";
import { textLines } from "../render/escape/text.js";
import type { NurtureDecision } from "../simulate/nurture.js";
import type { NurtureExplainReport } from "../simulate/nurture-explain.js";
import type { NurtureSummary } from "../simulate/nurture-summary.js";
import { conditionBlock } from "./explain-text.js";
import { readSummaryLine } from "./read-report-format.js";

export const nurtureFormats = ["text", "markdown", "json", "ndjson", "csv"] as const;
export type NurtureFormat = (typeof nurtureFormats)[number];

/** Formats that write one row per lead; the others write the summary. */
export const nurtureRowFormats: readonly NurtureFormat[] = ["ndjson", "csv"];

export const nurtureCsvHeader = [
  "id",
  "status",
  "program",
  "track",
  "next_step",
  "channel",
  "asset",
  "asset_version",
  "due_at",
  "planned_at",
  "because",
  "completes_at",
  "touches_in_window",
  "escalation",
  "passed",
  "entered_at",
] as const;

const because = (d: NurtureDecision) => d.because.map((b) => `${b.by} ${b.id}${b.until ? ` until ${b.until}` : ""}`).join("; ");
const passed = (d: NurtureDecision) => d.passed.map((p) => `${p.program} (${p.why === "exit" ? `exit ${p.exit}` : p.why})`).join("; ");

export function nurtureNdjsonRow(decision: NurtureDecision): string {
  return JSON.stringify(decision) + "\n";
}

export function nurtureCsvRow(d: NurtureDecision, options: CsvOptions = {}): string {
  const n = d.next;
  return csvRows(
    [
      [
        d.id,
        d.status,
        d.program,
        d.track,
        n?.step,
        n?.channel,
        n?.asset,
        n?.assetVersion,
        n?.dueAt,
        n?.plannedAt,
        because(d),
        d.completesAt,
        d.touches,
        d.escalation ? `${d.escalation.id} to ${d.escalation.route}` : null,
        passed(d),
        d.enteredAt,
      ],
    ],
    options,
  );
}

const statusWords: Record<string, string> = {
  scheduled: "next touch scheduled",
  held: "held (quiet period or sales touch)",
  capped: "capped by the contact policy",
  suppressed: "suppressed (no consent for the channel)",
  blocked: "blocked (asset not approved or not for the stage)",
  paused: "paused by a circuit breaker",
  escalated: "escalated to sales",
  completed: "track completed",
  "no-track": "in a program, no track takes them",
  none: "in no program",
};

const reasonWords: Record<NurtureDecision["because"][number]["by"], string> = {
  "quiet-period": "quiet period",
  "sales-touch": "held after a sales touch",
  "contact-cap": "over the contact policy's touch cap",
  consent: "no consent by gate",
  asset: "not sendable then: asset",
  breaker: "paused by breaker",
};

export function formatNurtureText(s: NurtureSummary, read: ReadReport): string {
  const lines = [
    `nurture as of ${s.asOf}: ${s.leads} leads`,
    `read: ${readSummaryLine(read)}`,
    "",
    "status",
    ...Object.entries(s.byStatus)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `  ${String(n).padStart(6)}  ${statusWords[status] ?? status}`),
    "",
    "programs (audience = members + leads a program before it took)",
    ...s.programs.map(
      (p) =>
        `  ${p.program.padEnd(24)} audience ${String(p.audience).padStart(5)}  members ${String(p.members).padStart(5)}  escalated ${p.escalated}  paused ${p.paused}  left by an exit ${p.exited}`,
    ),
    "",
    `collisions avoided by priority:${s.collisions.length === 0 ? " none" : ""}`,
    ...s.collisions.map((c) => `  ${c.leads} in ${c.program} rather than ${c.over}`),
    `leads in no program, by stage:${Object.keys(s.noProgramByStage).length === 0 ? " none" : ""}`,
    ...Object.entries(s.noProgramByStage).map(([stage, n]) => `  ${stage}: ${n}`),
    `next touches that go out, by channel: ${
      Object.entries(s.nextByChannel)
        .map(([c, n]) => `${c} ${n}`)
        .join(", ") || "none"
    }`,
    `marketing touches in the last ${s.windowDays} days (cap ${s.maxTouches}): ${s.touchesInWindow.map((t) => `${t.touches}: ${t.leads}`).join(", ")}`,
  ];
  return textLines(lines);
}

export function formatNurtureMarkdown(s: NurtureSummary, read: ReadReport): string {
  const parts: Markdown[] = [
    md`## Nurture as of ${s.asOf}`,
    md`${s.leads} leads (${readSummaryLine(read)}).`,
    markdownTable(
      ["status", "leads"],
      Object.entries(s.byStatus)
        .filter(([, n]) => n > 0)
        .map(([status, n]) => [statusWords[status] ?? status, n]),
    ),
    md`### Programs`,
    markdownTable(
      ["program", "audience", "members", "escalated", "paused", "left by an exit"],
      s.programs.map((p) => [markdownCode(p.program), p.audience, p.members, p.escalated, p.paused, p.exited]),
    ),
    md`### Collisions avoided by priority`,
    s.collisions.length === 0
      ? md`None.`
      : markdownTable(
          ["in", "rather than", "leads"],
          s.collisions.map((c) => [markdownCode(c.program), markdownCode(c.over), c.leads]),
        ),
    md`### Leads in no program, by stage`,
    Object.keys(s.noProgramByStage).length === 0
      ? md`None.`
      : markdownTable(
          ["stage", "leads"],
          Object.entries(s.noProgramByStage).map(([stage, n]) => [markdownCode(stage), n]),
        ),
    md`### Next touches that go out, by channel`,
    Object.keys(s.nextByChannel).length === 0
      ? md`None.`
      : markdownTable(
          ["channel", "leads"],
          Object.entries(s.nextByChannel).map(([channel, n]) => [channel, n]),
        ),
    md`### Marketing touches per lead in the last ${s.windowDays} days (cap ${s.maxTouches})`,
    markdownTable(
      ["touches", "leads"],
      s.touchesInWindow.map((t) => [t.touches, t.leads]),
    ),
  ];
  return joinMarkdown(parts, "\n\n").source + "\n";
}

export function formatNurtureExplain(report: NurtureExplainReport, labels: FactLabels): string {
  const d = report.decision;
  const lines: string[] = [`Lead ${report.lead} as of ${report.asOf}: ${statusWords[d.status] ?? d.status}`];
  if (d.program) lines.push(`  program ${d.program}${d.track ? `, track ${d.track}` : ""}${d.enteredAt ? `, entered ${d.enteredAt}` : ""}`);
  if (d.escalation)
    lines.push(`  escalated by ${d.escalation.id} to routing rule ${d.escalation.route} (queue ${d.escalation.queue ?? "unknown"})`);
  if (d.next) {
    const n = d.next;
    lines.push(
      `  next: ${n.step} by ${n.channel}${n.asset ? `, asset ${n.asset} v${n.assetVersion}` : ""}, due ${n.dueAt}, planned ${n.plannedAt}`,
    );
    if (n.branch) lines.push(`  reached by branch ${n.branch}`);
  }
  for (const b of d.because)
    lines.push(
      `  ${reasonWords[b.by]}${b.by === "contact-cap" || b.by === "sales-touch" ? "" : ` ${b.id}`}${b.until ? `: moved to ${b.until}` : ""}`,
    );
  if (d.completesAt) lines.push(`  the track completes about ${d.completesAt}`);
  lines.push(`  marketing touches in the contact window: ${d.touches}`);
  for (const p of d.passed)
    lines.push(
      `  not in ${p.program}: ${p.why === "exit" ? `exit ${p.exit} holds` : p.why === "priority" ? "a program before it by priority took the lead" : "an open opportunity, and the program is not downstream"}`,
    );
  if (report.openOpportunity) lines.push("", "Open opportunity", ...conditionBlock(report.openOpportunity, "open opportunity", labels));
  lines.push("", "Programs, as the policy lists them");
  for (const p of report.programs) {
    lines.push(`  ${p.program}${p.priority !== null ? ` (priority ${p.priority})` : ""}${p.downstream ? ", downstream" : ""}`);
    lines.push(...conditionBlock(p.entry, "entry", labels, "    "));
    for (const e of p.exits) lines.push(...conditionBlock(e, `exit ${e.id}`, labels, "    "));
    for (const e of p.escalations) lines.push(...conditionBlock(e, `escalation ${e.id} -> ${e.route}`, labels, "    "));
    for (const t of p.tracks) lines.push(...conditionBlock(t, `track ${t.id}`, labels, "    "));
    for (const b of p.branches) lines.push(...conditionBlock(b, `branch ${b.id}`, labels, "    "));
  }
  lines.push("", "Consent gates");
  for (const g of report.consent) {
    lines.push(`  ${g.gate} (${g.basis}; ${g.channels.join(", ")})`);
    lines.push(...conditionBlock(g.region, "applies", labels, "    "));
    if (g.region.result) lines.push(...conditionBlock(g.requires, "consent", labels, "    "));
  }
  return textLines(lines);
}
