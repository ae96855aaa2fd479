/**
 * Issue #13 part 5: `audit` says what it could not check. An export without
 * the columns a check reads (production's score, its first-touch time...) skips
 * that check, lists it with the missing fields, never shows it as zero
 * findings, and exits 1 unless the user accepts it with --allow-unchecked.
 *
 * Fixtures (tests/fixtures/audit/): five records of the sample production
 * export (policies/samples/production-export.csv, Salesforce report labels),
 * `complete.csv` with every column and `without-production.csv` without Lead
 * Owner, Lead Score, Lead Grade, Queue, Assigned Date and First Touch.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { stringify as stringifyCsv } from "csv-stringify/sync";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applicableChecks } from "../src/audit/audit-checks.js";
import { auditLeads, type AuditReport } from "../src/audit/audit-leads.js";
import { planPolicies } from "../src/compile/plan.js";
import { readLeadRecords } from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { validSet } from "./helpers/policies.js";
import { bundledPolicies, makeTempDir, policyFolder, repoRoot } from "./helpers/policy-fixtures.js";

const fixtures = path.join(repoRoot, "tests/fixtures/audit");
const complete = path.join(fixtures, "complete.csv");
const withoutProduction = path.join(fixtures, "without-production.csv");
const committedExport = path.join(repoRoot, "policies/samples/production-export.csv");
const asOf = "2026-06-01T12:00:00Z";
// The owner is an input the policies read, and a production column: exports without production columns lack it.
const audit = (file: string, ...more: string[]) =>
  runCli(["audit", "--leads", file, "--source", "sfdc-report", "--as-of", asOf, "--allow-missing", "ownerId", ...more]);
const set = validSet();

/** `complete.csv` without some columns. */
function completeWithout(...columns: string[]): string {
  const rows = parseCsv(readFileSync(complete, "utf8")) as string[][];
  const drop = new Set(columns.map((c) => rows[0]!.indexOf(c)));
  expect(drop.has(-1)).toBe(false);
  const file = path.join(makeTempDir(), "export.csv");
  writeFileSync(file, stringifyCsv(rows.map((r) => r.filter((_, i) => !drop.has(i)))));
  return file;
}

/** Checks skipped for the export's columns; those of the send log (no --sends, area nurture) apart. */
const skipped = (r: AuditReport) =>
  r.checks.filter((c) => c.status === "skipped" && c.input === undefined).map((c) => `${c.area}/${c.check}`);

describe("audit: checks an export cannot feed are skipped and said so", () => {
  it("one table says which dictionary fields each check reads", () => {
    const needs = Object.fromEntries(applicableChecks(planPolicies(set)).map((c) => [`${c.area}/${c.check}`, c.needs]));
    expect(needs["drift/score"]).toEqual(["crmScore"]);
    expect(needs["drift/grade"]).toEqual(["crmGrade"]);
    expect(needs["drift/stage"]).toEqual(["lifecycleStage"]);
    expect(needs["drift/queue"]).toEqual(["crmQueue"]);
    // The SLA clock starts at routing's arrival fact; a breach needs a first-touch column to be one.
    for (const check of ["first-touch-late", "breach-open", "escalation-due"])
      expect(needs[`sla/${check}`]).toEqual(["createdAt", "firstTouchAt"]);
    expect(needs["disposition/late"]).toEqual(["lifecycleStage", "dispositionCode", "dispositionAt", "stageEnteredAt"]);
    expect(needs["retention/delete"]).toEqual(
      expect.arrayContaining(["legalHold", "lifecycleStage", "country", "consentStatus", "optOutAt", "createdAt", "lastActivityAt"]),
    );
    expect(needs["hygiene/invalid-value"]).toEqual([]);
    expect(needs["hygiene/duplicate"]).toEqual(["email"]);
    expect(needs["aging/stage-too-long"]).toEqual(["lifecycleStage", "stageEnteredAt"]);
    // Each funnel alert of the scoring model is a check of the area `alerts`: its conditions' fields and its groupBy.
    expect(needs["alerts/source-conversion"]).toEqual(["leadSource", "convertedOpportunityId"]);
    expect(needs["alerts/mql-acceptance"]).toEqual(["lifecycleStage"]);
    // A send log's checks (area nurture, `audit --sends`) read the lead's current state where they need it.
    expect(needs["nurture/consent"]).toEqual(["country", "consentStatus", "leadId", "unsubscribed"]);
    expect(needs["nurture/sales-hold"]).toEqual(["firstTouchAt"]);
    expect(needs["nurture/contact-cap"]).toEqual([]);
    expect(Object.keys(needs)).toHaveLength(30);
  });

  it("an export without production columns exits 1 and lists the skipped checks; no skipped area reads as zero", async () => {
    const run = await audit(withoutProduction);
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    // What was read comes first; then the audit's headline.
    expect(lines[0]).toMatch(/^read: .*without-production\.csv \(read by --source sfdc-report\): 5 rows, 5 leads decided/);
    expect(lines.find((l) => l.startsWith("audit as of"))).toBe(
      "audit as of 2026-06-01T12:00:00.000Z: 5 records; drift INCOMPLETE (0 in 1 of 4 checks), sla NOT CHECKED, disposition 0, retention 0, hygiene 0, aging 0, alerts 0, nurture NOT CHECKED",
    );
    expect(run.stdout).toContain('  drift: score — NOT CHECKED (the export has no "Lead Score" column (field crmScore))\n');
    for (const check of ["drift: grade", "drift: queue", "sla: first-touch-late", "sla: breach-open", "sla: escalation-due"])
      expect(run.stdout).toContain(`  ${check} — NOT CHECKED (`);
    expect(run.stdout).toContain('first-touch SLA: NOT CHECKED (the export has no "First Touch" column (field firstTouchAt))');
    expect(run.stdout).not.toMatch(/\b(drift|sla) 0\b|\b0 findings|open breaches/);
    expect(run.stderr).toContain('error: audit check not run: drift/score: the export has no "Lead Score" column (field crmScore)\n');
    expect(run.stderr).toContain("pass --allow-unchecked drift,sla");
  });

  it("every format shows a skipped check as not checked: markdown, json, csv", async () => {
    const markdown = await audit(withoutProduction, "--format", "markdown");
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain(
      "| drift | INCOMPLETE (0 in 1 of 4 checks) | - |\n| sla | NOT CHECKED | - |\n| disposition | 0 | 0% |",
    );
    expect(markdown.stdout).toContain(
      "## Checks not run\n\n16 of 30 checks could not run on this export; their areas are not reported as clean.\n\n- drift: score — NOT CHECKED",
    );
    expect(markdown.stdout).toContain("## Findings\n\nNo findings in the checks that ran.\n");
    expect(markdown.stdout).toMatch(/## First-touch SLA by queue and rule\n\nNOT CHECKED \(the export has no "First Touch" column/);
    expect(markdown.stdout).not.toMatch(/\| (drift|sla) \| 0 \||open breaches/);

    const json = await audit(withoutProduction, "--format", "json");
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as AuditReport;
    // New fields come after the existing ones: `alerts` (funnel alerts, tests/funnel-alerts.test.ts) last.
    expect(Object.keys(report)).toEqual(["asOf", "read", "leads", "unreadable", "findings", "sla", "checks", "summary", "alerts"]);
    expect(report.checks.find((c) => c.check === "score")).toEqual({
      area: "drift",
      check: "score",
      status: "skipped",
      missing: ["crmScore"],
      columns: ["Lead Score"],
      reason: 'the export has no "Lead Score" column (field crmScore)',
    });
    expect(report.checks.find((c) => c.check === "stage")).toEqual({ area: "drift", check: "stage", status: "ran" });
    expect(skipped(report)).toEqual([
      "drift/score",
      "drift/grade",
      "drift/queue",
      "sla/first-touch-late",
      "sla/breach-open",
      "sla/escalation-due",
    ]);
    expect(report.sla).toEqual([]);
    // The CSV's header says which columns are there.
    expect(report.summary).toMatchObject({ ran: 14, skipped: 16, missingFrom: "columns" });
    // Without --sends the send log's area is not checked, never 0 findings, and listed once.
    expect(report.summary.areas.at(-1)).toEqual({ area: "nurture", status: "not-checked", findings: null, ran: 0, skipped: 10 });
    expect(markdown.stdout).toContain("| nurture | NOT CHECKED | - |");
    expect(markdown.stdout).toContain("- nurture: every check — NOT CHECKED (no send log given (--sends))\n");
    expect(report.summary.areas.slice(0, 3)).toEqual([
      { area: "drift", status: "incomplete", findings: 0, ran: 1, skipped: 3 },
      { area: "sla", status: "not-checked", findings: null, ran: 0, skipped: 3 },
      { area: "disposition", status: "checked", findings: 0, ran: 3, skipped: 0 },
    ]);

    // CSV keeps one row per finding and lead; the skipped checks are on stderr and in the exit code.
    const csv = await audit(withoutProduction, "--format", "csv");
    expect(csv.code).toBe(1);
    expect(csv.stderr).toContain("error: audit check not run: sla/breach-open:");
  });

  it("--allow-unchecked drift,sla with the matching --fail-on passes; an area not allowed still fails; a bad area is exit 2", async () => {
    expect((await audit(withoutProduction, "--fail-on", "drift=0,sla=0", "--allow-unchecked", "drift,sla")).code).toBe(0);
    const repeated = await audit(withoutProduction, "--allow-unchecked", "drift", "--allow-unchecked", "sla");
    expect(repeated.code).toBe(0);
    expect(repeated.stderr).toContain("note: audit check not run (allowed by --allow-unchecked): sla/first-touch-late:");
    expect(repeated.stdout).toContain("sla NOT CHECKED");
    expect((await audit(withoutProduction, "--allow-unchecked", "all")).code).toBe(0);
    const onlyDrift = await audit(withoutProduction, "--fail-on", "drift=0", "--allow-unchecked", "drift");
    expect(onlyDrift.code).toBe(1);
    expect(onlyDrift.stderr).not.toContain("error: audit check not run: drift/");
    expect(onlyDrift.stderr).toContain("error: audit check not run: sla/first-touch-late:");
    const bad = await audit(withoutProduction, "--allow-unchecked", "drift,speed");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"speed": expected an area: all, drift, sla, disposition, retention, hygiene, aging');
  });

  it("an export with every column behaves as before: every check runs, counts as before, exit 0", async () => {
    const run = await audit(complete);
    expect(run.code).toBe(0);
    // No send log: its area is a note, not a failure (it fails only under --fail-on nurture=...).
    expect(run.stderr).toBe("note: audit area nurture not checked: no send log given (--sends)\n");
    expect(run.stdout.split("\n").find((l) => l.startsWith("audit as of"))).toBe(
      "audit as of 2026-06-01T12:00:00.000Z: 5 records; drift 1, sla 1, disposition 0, retention 0, hygiene 0, aging 0, alerts 0, nurture NOT CHECKED",
    );
    // Only the send log's area (no --sends) is not checked.
    expect(run.stdout.replace("nurture NOT CHECKED", "").replace("nurture: every check — NOT CHECKED", "")).not.toContain("NOT CHECKED");
    expect(run.stdout).toContain("  nurture / route.not-qualified: 3/4 within SLA, median 72 h, p90 92 h, 0 open breaches");

    const { report } = await auditLeads(set, readLeadRecords(committedExport), { asOf, source: "sfdc-report" });
    expect(skipped(report)).toEqual([]);
    expect(report.summary.areas.every((a) => a.status === "checked" || a.area === "nurture")).toBe(true);
    const ran = new Set(report.checks.map((c) => `${c.area}/${c.check}`));
    expect(report.findings.every((f) => ran.has(`${f.category}/${f.check}`))).toBe(true);
    const markdown = await audit(committedExport, "--format", "markdown");
    // The only checks not run are the send log's, listed once.
    expect(markdown.stdout).toContain(
      "## Checks not run\n\n10 of 30 checks could not run on this export; their areas are not reported as clean.\n\n- nurture: every check — NOT CHECKED (no send log given (--sends))\n\n## Findings",
    );
    expect(markdown.stdout).toContain("| drift | 4 | 1.7% |");
  });

  it("production score but no first-touch column: SLA skipped, drift ran (from the data, and from a `missing` set)", async () => {
    const run = await audit(completeWithout("First Touch"), "--format", "json");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as AuditReport;
    expect(skipped(report)).toEqual(["sla/first-touch-late", "sla/breach-open", "sla/escalation-due"]);
    expect(report.findings.map((f) => `${f.category}/${f.check}/${f.leads.join(",")}`)).toEqual(["drift/score/00Q100000A"]);
    expect(report.sla).toEqual([]);
    expect((await audit(completeWithout("First Touch"), "--allow-unchecked", "sla", "--fail-on", "drift=1")).code).toBe(0);

    // The integrator's way: the fields missing from the header, given to the library.
    const given = await auditLeads(set, readLeadRecords(complete), { asOf, source: "sfdc-report", missing: new Set(["firstTouchAt"]) });
    expect(skipped(given.report)).toEqual(["sla/first-touch-late", "sla/breach-open", "sla/escalation-due"]);
    expect(given.report.checks.find((c) => c.check === "breach-open")!.reason).toBe(
      'the export has no "First Touch" column (field firstTouchAt)',
    );
    expect(given.report.summary.missingFrom).toBe("columns");
    expect(given.report.findings.map((f) => `${f.category}/${f.check}`)).toEqual(["drift/score"]);
    const named = await auditLeads(set, readLeadRecords(complete), {
      asOf,
      source: "sfdc-report",
      missing: new Set(["crmScore", "firstTouchAt"]),
      columnFor: (field) => `col_${field}`,
    });
    expect(named.report.checks.find((c) => c.check === "score")).toMatchObject({
      missing: ["crmScore"],
      columns: ["col_crmScore"],
      reason: 'the export has no "col_crmScore" column (field crmScore)',
    });
    const unnamed = await auditLeads(set, readLeadRecords(complete), {
      asOf,
      source: "sfdc-report",
      missing: new Set(["createdAt", "firstTouchAt"]),
      columnFor: () => undefined,
    });
    expect(unnamed.report.checks.find((c) => c.check === "breach-open")!.reason).toBe(
      "the export has no createdAt column and no firstTouchAt column",
    );
  });

  it("without `missing`, a field is missing when no record carries its column: an empty column is present, one lead without a first touch is a breach", async () => {
    const rows = parseCsv(readFileSync(complete, "utf8")) as string[][];
    const at = rows[0]!.indexOf("First Touch");
    const file = path.join(makeTempDir(), "export.csv");
    writeFileSync(file, stringifyCsv(rows.map((r, n) => r.map((c, i) => (n > 0 && i === at ? "" : c)))));
    const { report } = await auditLeads(set, readLeadRecords(file), { asOf, source: "sfdc-report" });
    expect(skipped(report)).toEqual([]);
    expect(report.findings.filter((f) => f.category === "sla").map((f) => f.check)).toContain("breach-open");
    // The same record from an in-memory caller: the key is there, its value empty.
    const one = await auditLeads(
      set,
      [{ record: { row: 1, values: { leadId: "00QX", createdAt: "2026-05-01T12:00:00Z", firstTouchAt: null } } }],
      { asOf },
    );
    expect(one.report.checks.find((c) => c.check === "breach-open")!.status).toBe("ran");
  });

  it("a check whose field the policies never name is skipped: no production.score in the dictionary", async () => {
    const policies = policyFolder([{ file: "data-dictionary.yaml", replace: "    score: crmScore\n", with: "" }], bundledPolicies);
    const { report } = await auditLeads(validSet(policies), readLeadRecords(complete), { asOf, source: "sfdc-report" });
    expect(report.checks.find((c) => c.check === "score")).toEqual({
      area: "drift",
      check: "score",
      status: "skipped",
      missing: ["production.score"],
      reason: "the data dictionary's production block names no score field",
    });
    expect(report.findings.filter((f) => f.category === "drift")).toEqual([]);
  });
});
