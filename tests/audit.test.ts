/**
 * `leadrules audit` on the production-export variant of the sample corpus:
 * a Salesforce report (foreign column labels, Yes/No, picklist labels,
 * "Select" placeholders) whose records comply with the policies except for
 * seeded deviations of every kind. The audit must find each one and no others.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditLeads } from "../src/audit/audit-leads.js";
import { generateLeads, readLeadRecords, specOf } from "../src/index.js";
import { makeProductionExport } from "../src/sample/production-export.js";
import { runCli } from "./helpers/cli.js";
import { corpusAsOf, validSet } from "./helpers/policies.js";
import { repoRoot } from "./helpers/policy-fixtures.js";

const exportFile = path.join(repoRoot, "policies/samples/production-export.csv");
const set = validSet();

describe("audit", () => {
  it("the committed production export is `sample --count 300 --seed 42 --production --source sfdc-report`", async () => {
    const run = await runCli(["sample", "--count", "300", "--seed", "42", "--production", "--source", "sfdc-report"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(exportFile, "utf8"));
  });

  it("finds every seeded deviation, of every kind, and nothing else", async () => {
    const leads = generateLeads(specOf(set, "DataDictionary")!, { count: 300, seed: 42, asOf: corpusAsOf });
    const { deviations } = await makeProductionExport(set, leads, corpusAsOf);
    const kinds = new Set(deviations.map((d) => d.category));
    expect([...kinds].sort()).toEqual(["aging", "disposition", "drift", "hygiene", "retention", "sla"]);
    expect(deviations.map((d) => `${d.category}/${d.check}`).sort()).toEqual([
      "aging/stage-too-long",
      "disposition/invalid",
      "disposition/late",
      "disposition/missing",
      "drift/grade",
      "drift/queue",
      "drift/score",
      "drift/stage",
      "hygiene/duplicate",
      "hygiene/invalid-value",
      "hygiene/opted-out-in-nurture",
      "hygiene/required-missing",
      "retention/delete",
      "sla/breach-open",
      "sla/escalation-due",
      "sla/first-touch-late",
    ]);
    const { report, diagnostics } = await auditLeads(set, readLeadRecords(exportFile), { asOf: corpusAsOf, source: "sfdc-report" });
    expect(diagnostics).toEqual([]);
    // Funnel alerts judge rates over the whole export, not single records: tests/funnel-alerts.test.ts covers them.
    const found = report.findings
      .filter((f) => f.category !== "alerts")
      .flatMap((f) => f.leads.map((lead) => `${f.category}/${f.check}/${lead}`))
      .sort();
    expect(found).toEqual(deviations.map((d) => `${d.category}/${d.check}/${d.lead}`));
  });

  it("attributes drift to the rule responsible where it can tell", async () => {
    const { report } = await auditLeads(set, readLeadRecords(exportFile), { asOf: corpusAsOf, source: "sfdc-report" });
    const score = report.findings.find((f) => f.check === "score")!;
    expect(score.description).toMatch(/^production score differs from the policy \(rule [\w.-]+ \([+-]\d+\) not applied in production\)$/);
    expect(report.findings.find((f) => f.check === "stage")!.subject).toMatch(/^[a-z-]+$/);
  });

  it("reports SLA compliance per queue and rule with median and p90 in business hours", async () => {
    const { report } = await auditLeads(set, readLeadRecords(exportFile), { asOf: corpusAsOf, source: "sfdc-report" });
    const named = report.sla.find((s) => s.rule === "route.named-account")!;
    expect(named.openBreaches).toBe(1);
    expect(named.medianHours).toBe(2);
    expect(report.sla.every((s) => s.withinSla <= s.touched && s.touched <= s.leads)).toBe(true);
  });

  it("writes a markdown report that reads as an audit finding: headline numbers first", async () => {
    const run = await runCli([
      "audit",
      "--leads",
      exportFile,
      "--source",
      "sfdc-report",
      "--as-of",
      "2026-06-01T12:00:00Z",
      "--format",
      "markdown",
      "--max-bad-rows",
      "2",
    ]);
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text.startsWith("# Lead-management audit as of 2026-06-01T12:00:00.000Z\n\n231 records audited")).toBe(true);
    expect(text.indexOf("| area | findings | rate |")).toBeLessThan(text.indexOf("## Findings"));
    expect(text).toContain("| drift | 4 | 1.7% |");
    expect(text).toMatch(
      /### retention: delete \(ret\.[a-z.-]+\)\n\npast its retention date under ret\.[a-z.-]+: delete owed\. 1 record \(0\.4%\): 00Q\w+\./,
    );
  });

  it("--fail-on exits 1 above a limit, 0 within it, 2 for a bad limit", async () => {
    // The export's two seeded bad values (hygiene findings) are bad rows the input contract must be told to allow.
    const args = [
      "audit",
      "--leads",
      exportFile,
      "--source",
      "sfdc-report",
      "--as-of",
      "2026-06-01T12:00:00Z",
      "--format",
      "csv",
      "--max-bad-rows",
      "2",
    ];
    const over = await runCli([...args, "--fail-on", "drift=0"]);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain("error: audit limit exceeded: drift: 4 findings, limit 0");
    expect((await runCli([...args, "--fail-on", "any=10%,sla=3"])).code).toBe(0);
    const bad = await runCli([...args, "--fail-on", "speed=1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"speed=1": expected AREA=COUNT or AREA=PERCENT%');
  });
});
