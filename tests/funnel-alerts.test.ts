/**
 * Funnel alerts (issue 14, part 4): ScoringModel `spec.alerts` evaluated by
 * `audit` on an export. The fixture (tests/fixtures/funnel-alerts/, see its
 * README) is written by hand with seeded conversion rates per lead source: the
 * expected rates, fired groups and leads behind them were worked out there, not
 * by running the code. Invalid alerts are tests/cases/validate/*alert*.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditLeads, type AuditAlert } from "../src/audit/audit-leads.js";
import { createFunnelAlerts, readLeadRecords, specOf, type LeadOutcome } from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { corpusAsOf, validSet } from "./helpers/policies.js";
import { makeTempDir, policyFolder, repoRoot } from "./helpers/policy-fixtures.js";

const fixture = path.join(repoRoot, "tests/fixtures/funnel-alerts");
const policies = path.join(fixture, "policies");
const leadsFile = path.join(fixture, "leads.csv");
const asOf = "2026-06-01T12:00:00Z";
const set = validSet(policies);
const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(2, "0")}`);

type Checked = AuditAlert & { status: "checked" };
const checked = (alerts: AuditAlert[], id: string) => alerts.find((a) => a.id === id) as Checked;
const groups = (a: Checked) => a.groups.map((g) => [g.value, g.leads, g.successes, g.status]);

describe("funnel alerts on a hand-seeded export", async () => {
  const { report } = await auditLeads(set, readLeadRecords(leadsFile), { asOf });

  it("rates every group in value order, the empty value last, and fires exactly the seeded groups", () => {
    expect(groups(checked(report.alerts, "source-conversion"))).toEqual([
      ["event", 10, 0, "too-few"],
      ["partner", 30, 2, "fired"],
      ["web", 40, 8, "passed"],
      [null, 5, 1, "too-few"],
    ]);
    expect(groups(checked(report.alerts, "small-company-conversion"))).toEqual([
      ["event", 10, 0, "too-few"],
      ["partner", 30, 2, "passed"],
      ["web", 30, 0, "fired"],
      [null, 5, 1, "too-few"],
    ]);
    expect(checked(report.alerts, "source-conversion").groups[1]!.rate).toBeCloseTo(2 / 30);
    expect(report.alerts.map((a) => [a.id, a.status, a.status === "checked" && a.fired])).toEqual([
      ["source-conversion", "checked", true],
      ["mql-conversion", "checked", false],
      ["small-company-conversion", "checked", true],
      ["close-rate", "not-checked", false],
    ]);
  });

  it("counts only the leads over the alert's threshold", () => {
    expect(groups(checked(report.alerts, "mql-conversion"))).toEqual([[null, 10, 8, "passed"]]);
  });

  it("reports a fired group as a finding with the counted leads that did not succeed, in input order", () => {
    const alerts = report.findings.filter((f) => f.category === "alerts");
    expect(alerts.map((f) => [f.check, f.subject, f.leads])).toEqual([
      ["small-company-conversion", "leadSource=web", range("W", 11, 40)],
      ["source-conversion", "leadSource=partner", range("P", 3, 30)],
    ]);
    expect(alerts[1]!.description).toBe("Sources that stopped converting. (rate 6.7%, 2 of 30 leads, below the minimum 10%)");
    expect(checked(report.alerts, "source-conversion").groups[1]!.behind).toEqual(range("P", 3, 30));
    // Too-few and passed groups carry no leads: they are not findings.
    expect(checked(report.alerts, "source-conversion").groups.filter((g) => g.behind).length).toBe(1);
  });

  it("does not check an alert whose success field the export lacks, and never shows it as passing", () => {
    expect(report.alerts.find((a) => a.id === "close-rate")).toEqual({
      id: "close-rate",
      description: "Converted leads whose opportunity was lost.",
      status: "not-checked",
      reason: "the export has no closedWon column",
    });
    expect(report.checks.find((c) => c.check === "close-rate")).toMatchObject({
      area: "alerts",
      status: "skipped",
      missing: ["closedWon"],
    });
    expect(report.summary.areas.find((a) => a.area === "alerts")).toEqual({
      area: "alerts",
      status: "incomplete",
      findings: 58,
      ran: 3,
      skipped: 1,
    });
  });

  it("fails the audit for the unchecked alert unless --allow-unchecked alerts; --fail-on alerts=0 fails on a fired one", async () => {
    const audit = (...more: string[]) =>
      runCli(["audit", "--policies", policies, "--leads", leadsFile, "--as-of", asOf, "--format", "text", ...more]);
    const strict = await audit();
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("error: audit check not run: alerts/close-rate: the export has no closedWon column");
    expect(strict.stdout).toContain("  close-rate: NOT CHECKED (the export has no closedWon column)\n");
    expect(strict.stdout).toContain("alerts INCOMPLETE (58 in 3 of 4 checks)");

    const allowed = await audit("--allow-unchecked", "alerts");
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain(
      "  source-conversion: FIRED in 1 of 2 judged groups (counted leads per leadSource; fires below 10% where at least 30 leads count)\n" +
        "    leadSource=event: 0/10 = 0% too few leads to judge (under 30)\n" +
        "    leadSource=partner: 2/30 = 6.7% FIRED; behind: P03, P04, P05, P06, P07, P08, P09, P10, P11, P12 (+18 more)\n" +
        "    leadSource=web: 8/40 = 20% ok\n" +
        "    leadSource=(empty): 1/5 = 20% too few leads to judge (under 30)\n",
    );

    const limited = await audit("--allow-unchecked", "alerts", "--fail-on", "alerts=0");
    expect(limited.code).toBe(1);
    expect(limited.stderr).toContain("audit limit exceeded: alerts: 58 findings, limit 0");
  });

  it("writes every lead behind a fired group in JSON and CSV, and a capped list with the rates in markdown", async () => {
    const run = (format: string) =>
      runCli(["audit", "--policies", policies, "--leads", leadsFile, "--as-of", asOf, "--allow-unchecked", "alerts", "--format", format]);
    const json = JSON.parse((await run("json")).stdout);
    expect(json.alerts[0].groups[1].behind).toEqual(range("P", 3, 30));
    const csv = (await run("csv")).stdout.split("\n");
    expect(csv.filter((l) => l.startsWith("alerts,source-conversion,leadSource=partner,")).length).toBe(28);
    const markdown = (await run("markdown")).stdout;
    expect(markdown).toContain("| source-conversion | leadSource=partner | 30 | 2 | 6.7% | FIRED |");
    expect(markdown).toContain("- close-rate: NOT CHECKED (the export has no closedWon column)\n");
    expect(markdown).toContain("P03, P04, P05, P06, P07, P08, P09, P10, P11, P12 (+18 more).");
  });
});

describe("the accumulator, fed directly", () => {
  const scoring = specOf(set, "ScoringModel")!;
  const outcome = (id: string, thresholds: string[]): LeadOutcome => ({
    id,
    score: { dimensions: {}, total: 0, grade: null, thresholds, excluded: null, rules: [], decay: {}, reset: [] },
    lifecycle: null,
    route: null,
    content: null,
    retention: null,
  });

  it("is empty before any lead and reports the alert without groupBy as one too-few group", () => {
    const result = createFunnelAlerts(scoring, Date.parse(corpusAsOf)).result();
    expect(result.map((a) => [a.id, a.groups.map((g) => [g.value, g.leads, g.rate, g.status])])).toEqual([
      ["source-conversion", []],
      ["mql-conversion", [[null, 0, null, "too-few"]]],
      ["small-company-conversion", []],
      ["close-rate", [[null, 0, null, "too-few"]]],
    ]);
  });

  it("reads the threshold from the outcome, not from the record", () => {
    const alerts = createFunnelAlerts(scoring, Date.parse(corpusAsOf));
    for (const id of range("M", 1, 5)) alerts.add({ leadId: id, employees: 5000, convertedOpportunityId: null }, outcome(id, ["mql"]));
    alerts.add({ leadId: "X", employees: 5000, convertedOpportunityId: "OPP" }, outcome("X", []));
    const mql = alerts.result().find((a) => a.id === "mql-conversion")!;
    expect(mql.groups).toEqual([{ value: null, leads: 5, successes: 0, rate: 0, status: "fired", behind: range("M", 1, 5) }]);
  });

  it("reads derived facts (threshold.*, score.*) from the outcome when the record does not carry them", () => {
    const notMql = {
      ...scoring,
      alerts: [
        {
          id: "below-mql-grade-a",
          description: "Grade A leads not yet MQL.",
          population: { all: [{ fact: "threshold.mql", operator: "equal" as const, value: false }] },
          success: { fact: "score.grade", operator: "equal" as const, value: "A" },
          minimumRate: 0.5,
          minimumLeads: 1,
        },
      ],
    };
    const alerts = createFunnelAlerts(notMql, Date.parse(corpusAsOf));
    const graded = (id: string, grade: string, thresholds: string[]) => {
      const o = outcome(id, thresholds);
      o.score!.grade = grade;
      return o;
    };
    alerts.add({ leadId: "A1" }, graded("A1", "A", []));
    alerts.add({ leadId: "B1" }, graded("B1", "B", []));
    alerts.add({ leadId: "B2" }, graded("B2", "B", []));
    alerts.add({ leadId: "M1" }, graded("M1", "A", ["mql"]));
    expect(alerts.result()[0]!.groups).toEqual([
      { value: null, leads: 3, successes: 1, rate: 1 / 3, status: "fired", behind: ["B1", "B2"] },
    ]);
  });
});

describe("the bundled company", () => {
  it("fires the source-conversion alert for content syndication on the production export, and not MQL acceptance", async () => {
    const bundled = validSet();
    const file = path.join(repoRoot, "policies/samples/production-export.csv");
    const { report } = await auditLeads(bundled, readLeadRecords(file), { asOf: corpusAsOf, source: "sfdc-report" });
    expect(report.alerts.map((a) => [a.id, a.status, a.status === "checked" && a.fired])).toEqual([
      ["source-conversion", "checked", true],
      ["mql-acceptance", "checked", false],
    ]);
    const fired = checked(report.alerts, "source-conversion").groups.filter((g) => g.status === "fired");
    expect(fired.map((g) => [g.value, g.leads, g.successes])).toEqual([["content-syndication", 37, 4]]);
    expect(fired[0]!.behind).toHaveLength(33);
  });
});

describe("values from the export in the alert reports are escaped for where they land", () => {
  it("a group value that is HTML, a formula or a terminal escape stays text in markdown, csv and text", async () => {
    const dir = policyFolder(
      [
        {
          file: "scoring.yaml",
          replace: "      groupBy: leadSource\n      minimumRate: 0.1",
          with: "      groupBy: crmGrade\n      minimumRate: 0.1",
        },
      ],
      policies,
    );
    const hostile = ["<img src=x onerror=alert(1)>", '=HYPERLINK("http://x")', "a\u001b[31mb"];
    const rows = ["leadId,leadSource,employees,convertedOpportunityId,crmScore,crmGrade"];
    for (const [g, value] of hostile.entries())
      for (let i = 0; i < 30; i++) rows.push(`X${g}-${i},web,50,,0,"${value.replaceAll('"', '""')}"`);
    const file = path.join(makeTempDir(), "hostile.csv");
    writeFileSync(file, rows.join("\n") + "\n");
    const run = (format: string) =>
      runCli(["audit", "--policies", dir, "--leads", file, "--as-of", asOf, "--allow-unchecked", "all", "--format", format]);
    const markdown = (await run("markdown")).stdout;
    expect(markdown).toContain("| source-conversion | crmGrade=&lt;img src=x onerror=alert(1)> | 30 | 0 | 0% | FIRED |");
    expect(markdown).not.toContain("<img");
    const csv = (await run("csv")).stdout;
    // The group is the subject `crmGrade=<value>`: no cell starts with what a spreadsheet would run.
    expect(csv).toContain('crmGrade==HYPERLINK(""http://x"")');
    expect(csv).not.toMatch(/(^|,)"?[=+@]/m);
    const text = (await run("text")).stdout;
    expect(text).not.toContain("\u001b");
  });
});
