/**
 * The read report in words: what every command's summary starts with (what
 * was read, what was rejected or flagged, which fields are missing), and the
 * aggregated problems for stderr, one line per kind of problem, most frequent
 * first. Values from the file are shown as JSON strings in one line each.
 */
import type { ReadReport, ProblemGroup } from "../input/read-report.js";
import { md, type Markdown } from "../render/escape/markdown.js";
import { textCell } from "../render/escape/text.js";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line: `leads.csv by --source sfdc-report: 20 rows, 19 leads decided, 1 rejected, 1 with a bad value; 4 footer lines dropped`. */
export function readSummaryLine(r: ReadReport): string {
  const parts = [
    `${plural(r.rows, "row")}`,
    `${plural(r.decided, "lead")} decided`,
    `${r.rejected} rejected`,
    `${r.flagged} with a bad or missing value read as empty`,
  ];
  const dropped = [
    r.dropped.title ? plural(r.dropped.title, "title line") : "",
    r.dropped.footer ? plural(r.dropped.footer, "footer line") : "",
  ].filter(Boolean);
  return `${r.file} (read by ${r.readBy}): ${parts.join(", ")}${dropped.length > 0 ? `; ${dropped.join(" and ")} dropped` : ""}`;
}

/** The lines a summary starts with: what was read, fields missing or empty, and whether the input is good enough. */
export function readSummaryLines(r: ReadReport): [string, string][] {
  const lines: [string, string][] = [["read", readSummaryLine(r)]];
  if (r.join) lines.push(["joined", joinLine(r.join)]);
  const allowed = r.missing.filter((m) => m.allowed);
  const blocking = r.missing.filter((m) => !m.allowed);
  if (blocking.length > 0) lines.push(["missing", blocking.map(describeMissing).join("; ")]);
  if (allowed.length > 0)
    lines.push(["decided as empty", `${allowed.map(describeMissing).join("; ")} (--allow-missing, or absent in the mapping)`]);
  if (r.empty.length > 0)
    lines.push(["empty", `${r.empty.join(", ")}: empty in every row although the policies read ${r.empty.length === 1 ? "it" : "them"}`]);
  const read =
    r.rejected + r.flagged === 0
      ? "complete"
      : `${plural(r.rejected + r.flagged, "bad row")}, within --max-bad-rows ${r.allowance.maxBadRows}`;
  const assumed = allowed.length > 0 ? `; ${plural(allowed.length, "field")} decided as empty` : "";
  lines.push(["input", r.failures.length === 0 ? `${read}${assumed}` : `FAILED: ${r.failures.join("; ")}`]);
  return lines;
}

function joinLine(j: NonNullable<ReadReport["join"]>): string {
  const ignored = [
    j.repeated ? `${plural(j.repeated, "row")} repeating a key (the first kept)` : "",
    j.keyless ? `${plural(j.keyless, "row")} without a key` : "",
    j.shadowed.length
      ? `columns also in the leads file, whose values were kept: ${j.shadowed.map((c) => JSON.stringify(c)).join(", ")}`
      : "",
  ].filter(Boolean);
  return `${j.file} on ${JSON.stringify(j.on)}: ${plural(j.rows, "row")}, ${plural(j.matched, "lead")} matched, ${j.unmatched} of its rows matched no lead${ignored.length ? `; ${ignored.join("; ")}` : ""}`;
}

function describeMissing(m: ReadReport["missing"][number]): string {
  const from = m.columns.length > 0 ? `column ${m.columns.map((c) => JSON.stringify(c)).join(" or ")} not in the file` : "no column mapped";
  const why = m.required ? "required" : m.steps.length > 0 ? `read by ${m.steps.join(", ")}` : "named in the mapping";
  return `${m.field} (${from}; ${why})`;
}

/** One problem group in words: `column "Industry": "Widgets" is not a value of the Industry picklist: 3 rows (lines 7, 9, 12)`. */
export function describeGroup(g: ProblemGroup): string {
  const where = g.column ? `column ${JSON.stringify(g.column)}: ` : "";
  const value = g.value !== undefined ? `${JSON.stringify(g.value)} ` : g.various ? "other values: each " : "";
  const lines = `${plural(g.count, "row")} (line${g.lines.length === 1 ? "" : "s"} ${g.lines.join(", ")}${g.count > g.lines.length ? ", ..." : ""})`;
  return `${where}${value}${g.problem}: ${lines}`;
}

/** The problems for stderr: the most frequent `top` kinds, one line each, then where the rest are. */
export function formatReadProblems(r: ReadReport, top = 20, rejectsFile?: string): string {
  if (r.problems.length === 0) return "";
  const out = [
    `${r.file}: ${plural(
      r.problems.reduce((n, g) => n + g.count, 0),
      "problem",
    )} of ${plural(r.problems.length, "kind")} in ${plural(r.rejected + r.flagged, "row")}${r.problems.length > top ? ` (the ${top} most frequent below)` : ""}:`,
  ];
  for (const g of r.problems.slice(0, top))
    out.push(
      `  ${g.code === "input/unreadable" ? "unreadable" : g.rejected ? "rejected" : "flagged"}: ${describeGroup(g)}`,
      `    hint: ${g.hint}`,
    );
  out.push(
    rejectsFile
      ? `  every bad row, with its line and reasons: ${rejectsFile}`
      : "  --rejects FILE writes every bad row with its line and reasons (CSV)",
  );
  return out.map((line) => `${textCell(line)}\n`).join("");
}

/** Why the input failed, for stderr (the exit code is 2). */
export function formatReadFailure(r: ReadReport): string {
  return `error: ${r.file}: the input is not good enough to trust the results: ${r.failures.join("; ")}\n`;
}

/** The read report for a pull request: a line, and a warning block when something is missing or was left out. */
export function readReportMarkdown(r: ReadReport): Markdown[] {
  const out: Markdown[] = [md`Leads: ${readSummaryLine(r)}.`];
  if (r.join) out.push(md`Joined ${joinLine(r.join)}.`);
  if (r.failures.length > 0) out.push(md`> **Input FAILED: ${r.failures.join("; ")}.** The figures below cover only what could be read.`);
  const allowed = r.missing.filter((x) => x.allowed);
  if (allowed.length > 0)
    out.push(md`> **Decided as if empty** (--allow-missing, or absent in the mapping): ${allowed.map(describeMissing).join("; ")}.`);
  for (const g of r.problems.slice(0, 5)) out.push(md`> ${describeGroup(g)}`);
  return out;
}
