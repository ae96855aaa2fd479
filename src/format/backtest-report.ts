/**
 * The backtest report formats. One list of sections (facts, then tables) is written four ways: text
 * (`formatTable`, every cell on one line), Markdown (`md` and `markdownTable` escape every value), HTML (a
 * standalone page, every value through `xmlText`, the charts inline) and JSON (the report as data).
 * Numbers are rounded here, never in the report: rates and shares as percentages with one decimal, lift
 * with two, AUC and information value with three.
 */
import type { BacktestReport } from "../backtest/backtest-leads.js";
import { uselessBelow } from "../backtest/information-value.js";
import { bandsChartSvg, rocChartSvg } from "../render/backtest-charts.js";
import { xmlText } from "../render/escape/xml.js";
import { Markdown, md, markdownTable } from "../render/escape/markdown.js";
import { textCell } from "../render/escape/text.js";
import type { BacktestFormat } from "./format-names.js";
import { formatTable } from "./summary-text.js";

export { backtestFormats, type BacktestFormat } from "./format-names.js";

export const percent = (value: number | null): string => (value === null ? "-" : `${(Math.round(value * 1000) / 10).toFixed(1)}%`);
export const fixed = (value: number | null, digits: number): string => (value === null ? "-" : value.toFixed(digits));
const signed = (value: number, digits: number) => (value >= 0 ? "+" : "") + value.toFixed(digits);

export const bandsMethod =
  "Bands are deciles of the total score cut without splitting a score: leads are taken from the highest score down, all leads of a score at once, and a band closes once the leads taken reach the next tenth of all leads; ties can make a band larger and leave fewer than ten bands.";
export const calibrationMethod = (r: BacktestReport): string =>
  `Predicted: a logistic fit of the outcome on the total score, p = 1 / (1 + exp(-(${r.calibration.intercept.toFixed(4)} + ${r.calibration.slope.toFixed(4)} * (score - ${r.calibration.mean.toFixed(2)}) / ${r.calibration.sd.toFixed(2)}))), by Newton's method (${r.calibration.steps} steps from 0), averaged over each band's leads.`;
export const ivMethod = `Information value of "the rule fires" with every cell smoothed by +0.5; below ${uselessBelow} a rule adds points but no signal; "against its points" where converters are rarer when a rule adds points (or commoner when it takes them off).`;

/** The headline, as label and value. */
export function backtestFacts(r: BacktestReport): [string, string][] {
  const excluded = Object.entries(r.excluded.byExclusion).map(([e, n]) => `${e} ${n}`);
  return [
    ["history", r.file],
    ["scored as of", r.asOf],
    [
      "outcome",
      `${r.outcome.column}${r.outcome.column !== r.outcome.field ? ` (field ${r.outcome.field})` : ""}, read as ${r.outcome.reading === "presence" ? "presence (non-empty = converted)" : "yes/no"}`,
    ],
    ["leads measured", String(r.leads)],
    ["excluded", `${r.excluded.total}${excluded.length > 0 ? ` (${excluded.join(", ")}), left out of every measure` : ""}`],
    ["positives", `${r.positives} (base rate ${percent(r.baseRate)})`],
    ["ROC AUC", aucText(r)],
  ];
}

export function aucText(r: { auc: number | null; aucUndefined?: string }): string {
  return r.auc === null ? `undefined (${r.aucUndefined ?? "no leads"}): the history cannot rank converters above others` : r.auc.toFixed(3);
}

interface Section {
  title: string;
  note?: string;
  header: string[];
  rows: string[][];
}

export function backtestSections(r: BacktestReport): Section[] {
  return [
    {
      title: "Conversion by grade",
      header: ["grade", "leads", "converted", "rate", "lift"],
      rows: r.grades.map((g) => [g.grade, String(g.leads), String(g.positives), percent(g.rate), fixed(g.lift, 2)]),
    },
    {
      title: "Conversion by score band",
      note: bandsMethod,
      header: ["band", "score", "leads", "converted", "rate", "lift"],
      rows: r.bands.map((b) => [String(b.band), range(b), String(b.leads), String(b.positives), percent(b.rate), fixed(b.lift, 2)]),
    },
    {
      title: "Thresholds as predictors",
      note: "Precision: the share of leads that reached the threshold and converted. Recall: the share of converters that reached it.",
      header: ["threshold", "reached", "converted", "precision", "recall"],
      rows: r.thresholds.map((t) => [t.threshold, String(t.reached), String(t.truePositives), percent(t.precision), percent(t.recall)]),
    },
    {
      title: "Calibration",
      note: calibrationMethod(r),
      header: ["band", "score", "leads", "predicted", "observed", "observed - predicted"],
      rows: r.bands.map((b) => [
        String(b.band),
        range(b),
        String(b.leads),
        percent(b.predicted),
        percent(b.rate),
        b.rate === null || b.predicted === null ? "-" : `${signed(Math.round((b.rate - b.predicted) * 1000) / 10, 1)} pts`,
      ]),
    },
    {
      title: "Scoring rules",
      note: ivMethod,
      header: ["rule", "points", "coverage", "rate when fires", "rate when not", "IV", "signal"],
      rows: r.rules.map((rule) => [
        rule.rule,
        String(rule.points),
        percent(rule.coverage),
        percent(rule.rateWhenFires),
        percent(rule.rateWhenNot),
        rule.iv.toFixed(3),
        rule.noSignal ? "adds points, no signal" : rule.againstPoints ? "signal against its points" : "",
      ]),
    },
    ...(r.alerts.length > 0 ? [alertsSection(r)] : []),
  ];
}

/** How many leads behind a fired group the text, Markdown and HTML list (the JSON lists them all). */
const behindShown = 10;

/** The funnel alerts judged on the history: one row per alert and group. */
function alertsSection(r: BacktestReport): Section {
  return {
    title: "Funnel alerts",
    note: "The scoring model's alerts (spec.alerts) judged on the history: a group fires below its minimum rate where at least its minimum of leads count; a smaller group is too few to judge, never a pass.",
    header: ["alert", "group", "leads", "successes", "rate", "status", "leads behind"],
    rows: r.alerts.flatMap((a) =>
      a.groups.map((g) => [
        a.id,
        a.groupBy ? `${a.groupBy}=${g.value ?? "(empty)"}` : "all leads",
        String(g.leads),
        String(g.successes),
        percent(g.rate),
        g.status === "fired"
          ? `FIRED (below ${percent(a.minimumRate)})`
          : g.status === "passed"
            ? "ok"
            : `too few leads (under ${a.minimumLeads})`,
        g.behind
          ? `${g.behind.slice(0, behindShown).join(" ")}${g.behind.length > behindShown ? ` (+${g.behind.length - behindShown} more)` : ""}`
          : "",
      ]),
    ),
  };
}

const range = (b: { minScore: number; maxScore: number }) =>
  b.minScore === b.maxScore ? String(b.minScore) : `${b.minScore} to ${b.maxScore}`;

export function formatBacktestText(r: BacktestReport): string {
  const facts = backtestFacts(r);
  const width = Math.max(...facts.map(([label]) => label.length)) + 2;
  const out = [`backtest of the scoring model`, ...facts.map(([label, value]) => textCell(`${`${label}:`.padEnd(width)}${value}`)), ""];
  for (const section of backtestSections(r)) {
    out.push(`== ${section.title}`);
    if (section.note) out.push(textCell(section.note));
    out.push(formatTable(section.header, section.rows));
  }
  return out.join("\n");
}

/** Where the Markdown report's charts are, relative to it (`--out report.md` writes them beside it). */
export interface ChartLinks {
  roc: string;
  bands: string;
}

export function formatBacktestMarkdown(r: BacktestReport, charts?: ChartLinks): string {
  const out: (string | Markdown)[] = [md`# Backtest of the scoring model against ${r.outcome.column}`, ""];
  out.push(markdownTable(["", ""], backtestFacts(r)), "");
  out.push("## Charts", "");
  if (charts) out.push(md`![ROC curve](${linkTarget(charts.roc)}) ![Conversion by score band](${linkTarget(charts.bands)})`, "");
  else
    out.push(
      "The charts (ROC curve, conversion by band) are written beside the report with `--out FILE.md`, or inline with `--format html`.",
      "",
    );
  for (const section of backtestSections(r)) {
    out.push(md`## ${section.title}`, "");
    if (section.note) out.push(md`${section.note}`, "");
    out.push(markdownTable(section.header, section.rows), "");
  }
  return out.map(String).join("\n");
}

/** A chart's file name as a link target: percent-encoded, so nothing in it can end the link or the image. */
function linkTarget(file: string): Markdown {
  return new Markdown(encodeURI(file).replace(/[()[\]<>'"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
}

export function formatBacktestHtml(r: BacktestReport): string {
  const title = `Backtest of the scoring model against ${r.outcome.column}`;
  const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
    [
      "<table>",
      `<thead><tr>${header.map((h) => `<th>${xmlText(h)}</th>`).join("")}</tr></thead>`,
      "<tbody>",
      ...rows.map((row) => `<tr>${row.map((c) => `<td>${xmlText(c)}</td>`).join("")}</tr>`),
      "</tbody>",
      "</table>",
    ].join("\n");
  const body = [
    `<h1>${xmlText(title)}</h1>`,
    table(["", ""], backtestFacts(r)),
    "<h2>Charts</h2>",
    `<div class="charts">`,
    rocChartSvg(r),
    bandsChartSvg(r),
    "</div>",
    ...backtestSections(r).flatMap((s) => [
      `<h2>${xmlText(s.title)}</h2>`,
      ...(s.note ? [`<p>${xmlText(s.note)}</p>`] : []),
      table(s.header, s.rows),
    ]),
  ];
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${xmlText(title)}</title>`,
    "<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}.charts svg{margin:0 1em 1em 0}</style>",
    "</head>",
    "<body>",
    ...body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

export function formatBacktestJson(r: BacktestReport): string {
  return JSON.stringify(r, null, 2) + "\n";
}

export const backtestFormatters: Record<BacktestFormat, (r: BacktestReport, charts?: ChartLinks) => string> = {
  text: formatBacktestText,
  markdown: formatBacktestMarkdown,
  json: formatBacktestJson,
  html: formatBacktestHtml,
};
