/**
 * Edge cases of each pipeline step, on the bundled policies unless a fixture
 * needs a different rule.
 */
import { describe, expect, it } from "vitest";
import { createBusinessCalendar, specOf } from "../src/index.js";
import { qualifiedLead, simulateRecords } from "./helpers/leads.js";
import { corpusAsOf, validSet } from "./helpers/policies.js";
import { policyFolder } from "./helpers/policy-fixtures.js";

const set = validSet();
const routing = specOf(set, "Routing")!;
const calendar = (id: string) => createBusinessCalendar(routing.calendars.find((c) => c.id === id)!);
const add = (id: string, start: string, hours: number) => new Date(calendar(id).addHours(Date.parse(start), hours)).toISOString();

describe("business-hours SLA arithmetic", () => {
  it("carries the remainder across a weekend (Friday 16:00 New York + 4h = Monday 11:00)", () => {
    expect(add("americas", "2026-05-29T20:00:00Z", 4)).toBe("2026-06-01T15:00:00.000Z");
  });
  it("skips a holiday (Memorial Day Monday)", () => {
    expect(add("americas", "2026-05-22T20:30:00Z", 4)).toBe("2026-05-26T15:30:00.000Z");
  });
  it("follows a daylight-saving change in New York (EST Friday -> EDT Monday)", () => {
    expect(add("americas", "2026-03-06T21:00:00Z", 4)).toBe("2026-03-09T15:00:00.000Z");
  });
  it("follows a daylight-saving change in London (GMT Friday -> BST Monday)", () => {
    expect(add("emea", "2026-03-27T15:00:00Z", 4)).toBe("2026-03-30T11:00:00.000Z");
  });
  it("skips the lunch break of a split day", () => {
    expect(add("emea", "2026-06-01T10:00:00Z", 4)).toBe("2026-06-01T15:00:00.000Z");
  });
  it("starts the clock at the next opening for a night arrival", () => {
    expect(add("apac", "2026-06-01T14:00:00Z", 1)).toBe("2026-06-02T02:00:00.000Z");
    expect(calendar("apac").isOpen(Date.parse("2026-06-01T14:00:00Z"))).toBe(false);
  });
  it("lands exactly at closing time when the hours fit the day", () => {
    expect(add("americas", "2026-06-01T12:00:00Z", 10)).toBe("2026-06-01T22:00:00.000Z");
  });
  it("gives deadlines per rule in the simulation, escalation and reassignment included", async () => {
    const [row] = await simulateRecords(set, [qualifiedLead()], corpusAsOf);
    expect(row!.route).toMatchObject({
      rule: "route.enterprise-demo.americas",
      queue: "enterprise-ae",
      sla: {
        firstTouchDue: "2026-06-01T15:00:00.000Z",
        escalateAt: "2026-06-01T19:00:00.000Z",
        reassignAt: "2026-06-03T15:00:00.000Z",
        arrivedOutsideHours: false,
      },
    });
  });
});

describe("queue assignment", () => {
  it("round-robins until capacity, then overflows in input order", async () => {
    const leads = Array.from({ length: 9 }, (_, i) => qualifiedLead({ leadId: `00QCAP${i}` }));
    const rows = await simulateRecords(set, leads, corpusAsOf);
    expect(rows.map((r) => `${r.route!.assignedQueue}/${r.route!.owner}`)).toEqual([
      ...Array.from({ length: 4 }, () => ["enterprise-ae/jamal.wright", "enterprise-ae/sofia.alvarez"]).flat(),
      "sdr-americas/ava.johnson",
    ]);
  });
  it("spreads a weighted queue by weight, interleaved (smooth weighted round robin)", async () => {
    const leads = Array.from({ length: 6 }, (_, i) => qualifiedLead({ leadId: `00QW${i}`, namedAccount: true }));
    const rows = await simulateRecords(set, leads, corpusAsOf);
    expect(rows.map((r) => r.route!.owner)).toEqual(["maya.chen", "omar.haddad", "maya.chen", "lena.fischer", "omar.haddad", "maya.chen"]);
  });
});

describe("scoring", () => {
  const engaged = (lastActivityAt: string) =>
    qualifiedLead({ lastActivityAt, trialStarted: false, pricingPageVisits: 0, lifecycleStage: "lead" });
  it.each([
    ["29 days: no decay", "2026-05-03T12:00:00Z", 40],
    ["30 days: -10", "2026-05-02T12:00:00Z", 30],
    ["59 days: still -10", "2026-04-03T12:00:00Z", 30],
    ["60 days: -20", "2026-04-02T12:00:00Z", 20],
    ["5 years: floored at 0", "2021-06-01T12:00:00Z", 0],
  ])("decays engagement by inactivity at whole 30-day steps (%s)", async (_, lastActivityAt, engagement) => {
    const [row] = await simulateRecords(set, [engaged(lastActivityAt)], corpusAsOf);
    expect(row!.score!.dimensions.engagement).toBe(engagement);
  });
  it("caps fit at 60 and reaches MQL at 100 with fit >= 30", async () => {
    const [row] = await simulateRecords(set, [qualifiedLead({ seniority: "c-level", namedAccount: true })], corpusAsOf);
    expect(row!.score).toMatchObject({ dimensions: { fit: 60, engagement: 95 }, total: 155, grade: "A", thresholds: ["mql"] });
  });
  it("resets engagement on unsubscribe", async () => {
    const [row] = await simulateRecords(set, [qualifiedLead({ unsubscribed: true })], corpusAsOf);
    expect(row!.score!.dimensions.engagement).toBe(0);
    expect(row!.score!.reset).toEqual(["engagement"]);
  });
  it("does not score excluded sources", async () => {
    const [row] = await simulateRecords(set, [qualifiedLead({ leadSource: "employee" })], corpusAsOf);
    expect(row!.score).toMatchObject({ total: 0, thresholds: [], excluded: "exclude.employee" });
  });
});

describe("lifecycle", () => {
  it("applies transitions until none applies", async () => {
    const [row] = await simulateRecords(set, [qualifiedLead({ lifecycleStage: "subscriber", ownerId: "ava.johnson" })], corpusAsOf);
    expect(row!.lifecycle).toMatchObject({
      before: "subscriber",
      after: "sql",
      path: ["subscriber-to-lead", "lead-to-mql", "mql-to-sal", "sal-to-sql"],
      oscillation: null,
    });
  });
  it("recycles an MQL inactive for more than 90 days and sets a 48-hour disposition deadline", async () => {
    const [row] = await simulateRecords(
      set,
      [qualifiedLead({ lifecycleStage: "mql", lastActivityAt: "2026-02-01T00:00:00Z" })],
      corpusAsOf,
    );
    expect(row!.lifecycle).toMatchObject({
      after: "recycled",
      path: ["recycle"],
      disposition: { required: true, status: "pending", dueAt: "2026-06-03T12:00:00.000Z" },
    });
  });
  it("reports an overdue disposition", async () => {
    const [row] = await simulateRecords(
      set,
      [qualifiedLead({ lifecycleStage: "recycled", stageEnteredAt: "2026-05-25T00:00:00Z", lastActivityAt: "2026-03-01T00:00:00Z" })],
      corpusAsOf,
    );
    expect(row!.lifecycle!.disposition).toEqual({ required: true, code: null, dueAt: "2026-05-27T00:00:00.000Z", status: "overdue" });
  });
  it("cuts an oscillating cycle short and reports it", async () => {
    const dir = policyFolder([
      {
        file: "lifecycle.yaml",
        replace: "  transitions:\n",
        with: "  transitions:\n    - { id: mql-to-lead, description: Back., from: [mql], to: lead, when: { fact: score.fit, operator: greaterThanInclusive, value: 0 } }\n",
      },
    ]);
    const fixture = validSet(dir, ["logic/oscillation"]);
    const [row] = await simulateRecords(
      fixture,
      [{ leadId: "L1", lifecycleStage: "lead", employees: 5000, lastActivityAt: "2026-05-31T00:00:00Z", country: "US" }],
      corpusAsOf,
    );
    expect(row!.lifecycle).toMatchObject({
      before: "lead",
      after: "lead",
      path: ["lead-to-mql", "mql-to-lead"],
      oscillation: ["lead", "mql", "lead"],
    });
  });
});

describe("content eligibility", () => {
  const eligibleAt = async (asOf: string, overrides: Record<string, unknown> = {}) =>
    (await simulateRecords(set, [qualifiedLead(overrides)], asOf))[0]!.content!.eligible;
  it("gives a qualified SQL the approved late-stage assets", async () => {
    expect(await eligibleAt(corpusAsOf)).toEqual(["analyst-report", "customer-story-acme", "pricing-sheet-2026", "battlecard-legacy-bi"]);
  });
  it("never offers an asset whose approval expired, is for another version, or is missing", async () => {
    const eligible = await eligibleAt(corpusAsOf);
    expect(eligible).not.toContain("roi-calculator"); // approved 2026-02-20, 90-day review: expired 2026-05-21
    expect(eligible).not.toContain("security-overview"); // legal approved version 4, current is 5
    expect(eligible).not.toContain("q4-discount-offer"); // finance never approved
  });
  it("drops the price list once its approval expires", async () => {
    expect(await eligibleAt("2026-06-30T12:00:00Z")).not.toContain("pricing-sheet-2026");
  });
  it("closes the pricing gate to a lead below MQL", async () => {
    expect(await eligibleAt(corpusAsOf, { demoRequested: false, trialStarted: false, pricingPageVisits: 0 })).not.toContain(
      "pricing-sheet-2026",
    );
  });
});

describe("retention", () => {
  const retentionOf = async (overrides: Record<string, unknown>) =>
    (await simulateRecords(set, [qualifiedLead(overrides)], corpusAsOf))[0]!.retention;
  it("erases EU opt-outs 30 days after opting out", async () => {
    expect(
      await retentionOf({ country: "DE", stateCode: null, unsubscribed: true, optOutAt: "2026-05-01T00:00:00Z", lifecycleStage: "lead" }),
    ).toEqual({ rule: "ret.eu-uk.opted-out", action: "delete", dueDate: "2026-05-31" });
  });
  it("keeps EU leads without consent 180 days from creation", async () => {
    expect(
      await retentionOf({
        country: "FR",
        stateCode: null,
        consentStatus: "not-asked",
        lifecycleStage: "lead",
        createdAt: "2026-01-01T00:00:00Z",
      }),
    ).toEqual({ rule: "ret.eu-uk.no-consent", action: "delete", dueDate: "2026-06-30" });
  });
  it("deletes California opt-outs within 45 days", async () => {
    expect(await retentionOf({ stateCode: "CA", unsubscribed: true, optOutAt: "2026-05-01T00:00:00Z", lifecycleStage: "lead" })).toEqual({
      rule: "ret.california.opted-out",
      action: "delete",
      dueDate: "2026-06-15",
    });
  });
  it("keeps everyone else 24 months from the last engagement", async () => {
    expect(await retentionOf({ country: "AU", stateCode: null, lifecycleStage: "lead" })).toEqual({
      rule: "ret.row",
      action: "anonymize",
      dueDate: "2028-05-29",
    });
  });
  it("never schedules deletion under legal hold", async () => {
    expect(await retentionOf({ legalHold: true })).toEqual({ rule: "legal-hold", action: "hold", dueDate: null });
  });
});
