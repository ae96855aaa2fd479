/**
 * A base-versus-head backtest (`backtestVersions`) as a section of the pull request's impact report
 * (Markdown, through `md` and `markdownTable`) and as text lines (each made one line by `textCell`):
 * AUC, lift per grade and precision and recall per threshold side by side, then the head - base
 * differences with their paired bootstrap 95% intervals.
 */
import type { BacktestComparison, MeasureDifference } from "../backtest/compare.js";
import { Markdown, md, markdownTable } from "../render/escape/markdown.js";
import { textCell } from "../render/escape/text.js";
import { fixed, percent } from "./backtest-report.js";
import { formatTable } from "./summary-text.js";

const isAuc = (d: MeasureDifference) => d.measure === "AUC";
const value = (d: MeasureDifference, v: number | null) => (isAuc(d) ? fixed(v, 3) : percent(v));
const delta = (d: MeasureDifference, v: number | null) => {
  if (v === null) return "-";
  const shown = isAuc(d) ? v.toFixed(3) : `${(Math.round(v * 1000) / 10).toFixed(1)} pts`;
  return v >= 0 ? `+${shown}` : shown;
};
const interval = (d: MeasureDifference) => (d.low === null || d.high === null ? "-" : `${delta(d, d.low)} to ${delta(d, d.high)}`);
/** Whether the interval excludes 0, in words. */
const verdict = (d: MeasureDifference) =>
  d.low === null || d.high === null ? "undefined" : d.low > 0 ? "better" : d.high < 0 ? "worse" : "no clear change";

function comparisonTables(c: BacktestComparison) {
  return {
    auc: {
      header: ["measure", "base", "head", "head - base", "95% interval", "verdict"],
      rows: c.differences.map((d) => [d.measure, value(d, d.base), value(d, d.head), delta(d, d.difference), interval(d), verdict(d)]),
    },
    grades: {
      header: ["grade", "base leads", "base rate", "base lift", "head leads", "head rate", "head lift"],
      rows: c.grades.map((g) => [
        g.grade,
        g.base ? String(g.base.leads) : "-",
        percent(g.base?.rate ?? null),
        fixed(g.base?.lift ?? null, 2),
        g.head ? String(g.head.leads) : "-",
        percent(g.head?.rate ?? null),
        fixed(g.head?.lift ?? null, 2),
      ]),
    },
    thresholds: {
      header: ["threshold", "base reached", "base precision", "base recall", "head reached", "head precision", "head recall"],
      rows: c.thresholds.map((t) => [
        t.threshold,
        t.base ? String(t.base.reached) : "-",
        percent(t.base?.precision ?? null),
        percent(t.base?.recall ?? null),
        t.head ? String(t.head.reached) : "-",
        percent(t.head?.precision ?? null),
        percent(t.head?.recall ?? null),
      ]),
    },
  };
}

function headline(c: BacktestComparison): string {
  const o = c.outcome;
  return `${c.leads} leads with a known outcome (${o.column}: ${o.positives} converted, ${o.negatives} not); base measured ${c.base.leads} (${c.base.excluded.total} excluded), head ${c.head.leads} (${c.head.excluded.total} excluded).`;
}

function method(c: BacktestComparison): string {
  return `Intervals: paired bootstrap, ${c.resamples} resamples of the leads with replacement (seed ${c.seed}), 2.5th to 97.5th percentile of head - base; "no clear change" when the interval contains 0.`;
}

/** The comparison as a Markdown section under `heading` (default `### Backtest`). */
export function formatBacktestComparisonMarkdown(c: BacktestComparison, options: { heading?: string } = {}): Markdown {
  const t = comparisonTables(c);
  const heading = options.heading ?? "### Backtest";
  return md`${new Markdown(heading)} against ${c.outcome.column}

${headline(c)}

${markdownTable(t.auc.header, t.auc.rows)}

${method(c)}

Conversion by grade:

${markdownTable(t.grades.header, t.grades.rows)}

Thresholds as predictors:

${markdownTable(t.thresholds.header, t.thresholds.rows)}
`;
}

/** The comparison as text lines (no trailing newlines), for the text report. */
export function formatBacktestComparisonText(c: BacktestComparison): string[] {
  const t = comparisonTables(c);
  const table = (x: { header: string[]; rows: string[][] }) => formatTable(x.header, x.rows).trimEnd().split("\n");
  return [
    textCell(`backtest against ${c.outcome.column}: ${headline(c)}`),
    ...table(t.auc),
    textCell(method(c)),
    "conversion by grade:",
    ...table(t.grades),
    "thresholds as predictors:",
    ...table(t.thresholds),
  ];
}
