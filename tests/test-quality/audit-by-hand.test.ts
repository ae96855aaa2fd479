/**
 * The audit on a fixture written by hand (tests/fixtures/audit-by-hand/README.md
 * says what each lead seeds and why). The expected findings are written here
 * from the docs' semantics, not produced by running the audit, so the test is
 * not circular like the production export's (whose deviations are verified by
 * the audit itself). Boundary leads (touched exactly on the deadline, a
 * disposition exactly at 48 h, exactly 5 days in a stage) must find nothing.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditLeads } from "../../src/audit/audit-leads.js";
import { readLeadRecords } from "../../src/index.js";
import { corpusAsOf, validSet } from "../helpers/policies.js";
import { repoRoot } from "../helpers/policy-fixtures.js";

const file = path.join(repoRoot, "tests/fixtures/audit-by-hand/leads.csv");

// category/check/subject/lead, by hand (see the README's table).
const expected = [
  "aging/stage-too-long/mql/H24",
  "disposition/invalid/disqualified/H15",
  "disposition/late/recycled/H16",
  "disposition/missing/recycled/H13",
  "drift/grade/grade/H12",
  "drift/queue/route.not-qualified/H08",
  "drift/score/eng.webinar/H11",
  "drift/stage/subscriber-to-lead/H10",
  "hygiene/duplicate/email/H21",
  "hygiene/invalid-value/seniority/H23",
  "hygiene/opted-out-in-nurture/lead/H19",
  "hygiene/required-missing/lastName/H22",
  "retention/delete/ret.eu-uk.opted-out/H18",
  "sla/breach-open/route.named-account/H06",
  "sla/breach-open/route.named-account/H07",
  "sla/escalation-due/route.named-account/H06",
  "sla/first-touch-late/route.named-account/H02",
  "sla/first-touch-late/route.named-account/H04",
];

describe("audit on a hand-made export", async () => {
  const { report } = await auditLeads(validSet(), readLeadRecords(file), { asOf: corpusAsOf });

  it("reads all 25 records and runs every check", () => {
    expect(report.leads).toBe(25);
    // All but the send log's (no send log given: area nurture, tests/nurture-audit.test.ts).
    expect(report.checks.filter((c) => c.status === "skipped" && c.input !== "--sends")).toEqual([]);
  });

  it("finds exactly the seeded deviations", () => {
    const found = report.findings.flatMap((f) => f.leads.map((lead) => `${f.category}/${f.check}/${f.subject}/${lead}`)).sort();
    expect(found).toEqual(expected);
  });

  it("counts the first-touch SLA of the named-account rule in business hours", () => {
    // H02 3 h, H03 2 h, H04 2.5 h, H05 1 h 59 min; H06 and H07 untouched and past due.
    expect(report.sla.find((s) => s.rule === "route.named-account")).toEqual({
      queue: "strategic-ae",
      rule: "route.named-account",
      leads: 6,
      touched: 4,
      withinSla: 2,
      medianHours: 2,
      p90Hours: 3,
      openBreaches: 2,
    });
  });

  it("counts findings per area", () => {
    const counts = Object.fromEntries(report.summary.areas.map((a) => [a.area, a.findings]));
    // The bundled funnel alerts judge no group of 25 leads (too few), so they find nothing.
    expect(counts).toEqual({ drift: 4, sla: 5, disposition: 3, retention: 1, hygiene: 4, aging: 1, alerts: 0, nurture: null });
  });
});
