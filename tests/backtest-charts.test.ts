/** The backtest's charts and HTML report: valid standalone SVG, and every value from a policy or a flag escaped. */
import { describe, expect, it } from "vitest";
import {
  bandsChartSvg,
  formatBacktestHtml,
  formatBacktestMarkdown,
  measureBacktest,
  rocChartSvg,
  type BacktestReport,
} from "../src/index.js";
import { xmlText } from "../src/render/escape/xml.js";
import type { ScoringSpec } from "../src/model/policy.js";

const hostile = `"><script>alert(1)</script>&amp;`;

function report(): BacktestReport {
  const scoring = {
    dimensions: [{ id: "fit", description: "Fit.", cap: 100 }],
    rules: [{ id: hostile, dimension: "fit", description: "x", points: 10, when: { fact: "employees", operator: "equal", value: 1 } }],
    grades: { dimension: "fit", bands: [{ grade: "<b>A</b>", min: 10 }] },
    thresholds: [{ id: "mql", description: "x", minimums: { total: 10 } }],
  } as unknown as ScoringSpec;
  const observations = [0, 10, 20, 30].map((total, i) => ({
    row: i + 2,
    id: `L${i}`,
    total,
    grade: total >= 10 ? "<b>A</b>" : null,
    thresholds: total >= 10 ? ["mql"] : [],
    rules: total >= 10 ? [hostile] : [],
    excluded: null,
    converted: i % 2 === 1,
  }));
  return {
    file: `leads<${hostile}>.csv`,
    asOf: "2026-06-01T12:00:00.000Z",
    outcome: { field: hostile, column: hostile, reading: "presence", positives: 2, negatives: 2 },
    ...measureBacktest(scoring, observations),
    // A fired funnel alert whose group value and lead behind it are the payload.
    alerts: [
      {
        id: "source-conversion",
        description: "x",
        threshold: null,
        groupBy: "leadSource",
        minimumRate: 0.5,
        minimumLeads: 1,
        leads: 4,
        successes: 1,
        fired: true,
        groups: [{ value: hostile, leads: 4, successes: 1, rate: 0.25, status: "fired", behind: [hostile] }],
      },
    ],
  };
}

describe("backtest charts and HTML", () => {
  it("xmlText escapes markup and drops characters XML does not allow", () => {
    expect(xmlText(`<a href="x">'&'</a>\u0000\u0007\u001b`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\uFFFD\uFFFD\uFFFD",
    );
  });

  it("writes standalone SVG, the same bytes each time", () => {
    const r = report();
    for (const svg of [rocChartSvg(r), bandsChartSvg(r)]) {
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    }
    expect(rocChartSvg(report())).toBe(rocChartSvg(r));
    expect(rocChartSvg(r)).toContain("AUC 0.750");
  });

  it("escapes every value of the HTML and Markdown reports", () => {
    const html = formatBacktestHtml(report());
    expect(html).toContain("Funnel alerts");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>A</b>");
    expect(html).toContain("&lt;script&gt;");
    // Only leadrules' own elements: the page's, the tables' and the two charts'.
    const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(
      [
        "body",
        "circle",
        "div",
        "h1",
        "h2",
        "head",
        "html",
        "line",
        "meta",
        "p",
        "polyline",
        "rect",
        "style",
        "svg",
        "table",
        "tbody",
        "td",
        "text",
        "th",
        "thead",
        "title",
        "tr",
      ].sort(),
    );
    const markdown = formatBacktestMarkdown(report(), { roc: "a (1).roc.svg", bands: "a [x].bands.svg" });
    expect(markdown).not.toContain("<script>");
    // A value with a line break and markup stays inside its line and its table cell.
    const spoofed = formatBacktestMarkdown({
      ...report(),
      outcome: { ...report().outcome, column: "x\n\n**Change control: pass.** @octocat [a](http://evil.example)" },
    });
    expect(spoofed).not.toMatch(/^\*\*Change/m);
    expect(spoofed).not.toContain("](http://evil");
    expect(spoofed).toContain("@\u200boctocat");
    expect(markdown).toContain("![ROC curve](a%20%281%29.roc.svg) ![Conversion by score band](a%20%5Bx%5D.bands.svg)");
  });
});
