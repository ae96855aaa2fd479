/**
 * simulate's summary (SimulationSummary) on ten hand-made leads, every count
 * worked out by hand from docs/evaluation.md and the bundled policies, so
 * that a miscount (pending dispositions counted as overdue, a retention due
 * date on the wrong side of the 30-day window, a lead counted in the queue of
 * its rule instead of the queue that took it...) fails.
 *
 * As-of 2026-06-01T12:00:00Z (Monday 08:00 in New York). Baseline lead: US/NY,
 * web-form, stage `lead` entered 2026-05-20, created Mon 2026-05-18 10:00 EDT,
 * last activity 2026-05-30: fit 5 (country) + engagement 5 (recent activity),
 * grade D, no MQL, route.not-qualified -> nurture (owner nurture-program),
 * retention ret.row due 730 days after the last activity (not within 30 days).
 */
import { describe, expect, it } from "vitest";
import { simulateLeads } from "../../src/index.js";
import { corpusAsOf, validSet } from "../helpers/policies.js";

const base = {
  email: "",
  lastName: "Doe",
  company: "Acme",
  country: "US",
  stateCode: "NY",
  leadSource: "web-form",
  createdAt: "2026-05-18T14:00:00Z",
  lastActivityAt: "2026-05-30T12:00:00Z",
  lifecycleStage: "lead",
  stageEnteredAt: "2026-05-20T12:00:00Z",
};

// [id, changes from the baseline, why]
const leads: [string, Record<string, unknown>][] = [
  ["S01", {}], // the baseline
  // recycled 24 h ago, no code: the 48-hour deadline has not passed -> pending (not overdue)
  ["S02", { lifecycleStage: "recycled", stageEnteredAt: "2026-05-31T12:00:00Z" }],
  // recycled 72 h ago, no code -> overdue
  ["S03", { lifecycleStage: "recycled", stageEnteredAt: "2026-05-29T12:00:00Z" }],
  // recycled, no-need logged 24 h after entering -> logged
  [
    "S04",
    {
      lifecycleStage: "recycled",
      stageEnteredAt: "2026-05-25T12:00:00Z",
      dispositionCode: "no-need",
      dispositionAt: "2026-05-26T12:00:00Z",
    },
  ],
  // named account, created Saturday: fit 15, grade C, route.named-account -> strategic-ae, first weighted member maya.chen, arrived outside hours
  ["S05", { namedAccount: true, createdAt: "2026-05-30T14:00:00Z" }],
  // DE, unsubscribed, opted out 2026-04-01: stage sal; ret.eu-uk.opted-out delete due 2026-05-01 -> retention overdue
  [
    "S06",
    {
      country: "DE",
      stateCode: null,
      unsubscribed: true,
      consentStatus: "granted",
      optOutAt: "2026-04-01T00:00:00Z",
      lifecycleStage: "sal",
    },
  ],
  // fit 45 (vp 15, data 10, 1,000+ employees 15, US 5) grade A; engagement 95 (demo 40, trial 30, pricing x3 20, recent 5):
  // total 140, MQL; lead -> mql (no owner yet, so not sal); enterprise demo in the Americas -> enterprise-ae, jamal.wright
  ["S07", { seniority: "vp", jobFunction: "data", employees: 5000, demoRequested: true, trialStarted: true, pricingPageVisits: 3 }],
  // California opt-out 2026-05-01: ret.california.opted-out, delete 45 days later = 2026-06-15, within 30 days of the as-of time
  ["S08", { stateCode: "CA", unsubscribed: true, optOutAt: "2026-05-01T00:00:00Z" }],
  // recycled, no-need logged 49 h after entering -> logged-late
  [
    "S09",
    {
      lifecycleStage: "recycled",
      stageEnteredAt: "2026-05-25T12:00:00Z",
      dispositionCode: "no-need",
      dispositionAt: "2026-05-27T13:00:00Z",
    },
  ],
  // disqualified with no-budget (a recycled-only code) -> invalid-code; route.closed -> nurture
  [
    "S10",
    {
      lifecycleStage: "disqualified",
      stageEnteredAt: "2026-05-30T12:00:00Z",
      dispositionCode: "no-budget",
      dispositionAt: "2026-05-30T13:00:00Z",
    },
  ],
];

const inputs = leads.map(([id, changes], i) => ({
  record: { row: i + 1, values: { ...base, leadId: id, email: `${id.toLowerCase()}@example.com`, ...changes } },
}));

describe("simulate's summary of a hand-made lead set", async () => {
  const { rows, summary } = await simulateLeads(validSet(), inputs, { asOf: corpusAsOf });
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));

  it("decides each lead as worked out by hand", () => {
    expect(Object.fromEntries(rows.map((r) => [r.id, r.lifecycle!.disposition.status]))).toEqual({
      S01: "not-required",
      S02: "pending",
      S03: "overdue",
      S04: "logged",
      S05: "not-required",
      S06: "not-required",
      S07: "not-required",
      S08: "not-required",
      S09: "logged-late",
      S10: "invalid-code",
    });
    expect(byId.S05!.route).toMatchObject({
      rule: "route.named-account",
      assignedQueue: "strategic-ae",
      owner: "maya.chen",
      sla: { arrivedOutsideHours: true },
    });
    expect(byId.S07!.score).toMatchObject({ dimensions: { fit: 45, engagement: 95 }, total: 140, grade: "A", thresholds: ["mql"] });
    expect(byId.S07!.lifecycle).toMatchObject({ before: "lead", after: "mql", path: ["lead-to-mql"] });
    expect(byId.S07!.route).toMatchObject({
      rule: "route.enterprise-demo.americas",
      assignedQueue: "enterprise-ae",
      owner: "jamal.wright",
    });
    expect(byId.S06!.retention).toEqual({ rule: "ret.eu-uk.opted-out", action: "delete", dueDate: "2026-05-01" });
    expect(byId.S08!.retention).toEqual({ rule: "ret.california.opted-out", action: "delete", dueDate: "2026-06-15" });
  });

  it("counts them as worked out by hand", () => {
    const { read, ...counts } = summary;
    expect(read).toMatchObject({ rows: 10, decided: 10, rejected: 0, flagged: 0 });
    expect({ ...counts }).toEqual({
      leads: 10,
      byStage: { disqualified: 1, lead: 3, mql: 1, recycled: 4, sal: 1 },
      byGrade: { A: 1, C: 1, D: 8 },
      byQueue: { "enterprise-ae": 1, nurture: 8, "strategic-ae": 1 },
      byRoutingRule: { "route.closed": 1, "route.enterprise-demo.americas": 1, "route.named-account": 1, "route.not-qualified": 7 },
      thresholds: { mql: 1 },
      stageChanges: 1,
      oscillations: 0,
      unassigned: 0,
      arrivedOutsideHours: 1,
      dispositionsOverdue: 1, // S03 only: S02 is pending
      retentionOverdue: { delete: 1 }, // S06
      retentionDueWithin30Days: { delete: 1 }, // S08
    });
  });
});
