/**
 * Day counts of `daysSinceGreaterThan` / `daysSinceLessThanInclusive`, decay
 * and recycling at instants that are not whole days apart (half days, and
 * across daylight-saving changes in America/New_York and Europe/Berlin).
 *
 * docs/policy-language.md: "whole days between the date and the as-of time";
 * docs/evaluation.md: decay takes points "for every whole everyDays". Every
 * datetime is an instant (normalized to UTC), so a day is 24 elapsed hours
 * and a part of a day does not count: 1.5 days is 1, 23 hours is 0.
 * The expected counts below are written by hand, and both evaluators
 * (compiled and json-rules-engine) must give them.
 */
import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { compileCondition, leadrulesOperators, simulateLeads } from "../../src/index.js";
import type { Condition, Lead } from "../../src/index.js";
import { validSet } from "../helpers/policies.js";

async function referenceHolds(c: Condition, facts: Lead, asOf: string): Promise<boolean> {
  const engine = new Engine([{ conditions: { all: [c] } as never, event: { type: "holds" } }], { allowUndefinedFacts: true });
  for (const op of leadrulesOperators(asOf)) engine.addOperator(op.name, op.evaluate);
  const { events } = await engine.run({ ...facts });
  return events.length === 1;
}

/**
 * The day count one evaluator sees: the least n with `daysSinceLessThanInclusive n`
 * (and `daysSinceGreaterThan n - 1` must hold exactly then too).
 */
async function dayCount(activity: string, asOf: string, engine: "compiled" | "reference"): Promise<number> {
  const asOfMs = Date.parse(asOf);
  const holds = async (operator: "daysSinceLessThanInclusive" | "daysSinceGreaterThan", value: number) => {
    const c: Condition = { fact: "lastActivityAt", operator, value };
    const facts = { lastActivityAt: activity } as Lead;
    return engine === "compiled" ? compileCondition(c, asOfMs)(facts) : referenceHolds(c, facts, asOf);
  };
  for (let n = -5; n <= 200; n++) {
    if (await holds("daysSinceLessThanInclusive", n)) {
      expect(await holds("daysSinceGreaterThan", n - 1), `${engine}: ${activity} > ${n - 1}`).toBe(true);
      expect(await holds("daysSinceGreaterThan", n), `${engine}: ${activity} > ${n}`).toBe(false);
      return n;
    }
  }
  throw new Error(`no day count found for ${activity}`);
}

// [as-of, activity, whole days by hand, why]
const handPicked: [string, string, number, string][] = [
  ["2026-06-01T12:00:00.000Z", "2026-06-01T00:00:00.000Z", 0, "half a day"],
  ["2026-06-01T12:00:00.000Z", "2026-05-31T00:00:00.000Z", 1, "1.5 days"],
  ["2026-06-01T12:00:00.000Z", "2026-05-29T00:00:00.000Z", 3, "3.5 days"],
  ["2026-06-01T12:00:00.000Z", "2026-05-31T12:00:00.001Z", 0, "a millisecond short of a day"],
  ["2026-06-01T12:00:00.000Z", "2026-05-31T12:00:00.000Z", 1, "exactly one day"],
  ["2026-06-01T12:00:00.000Z", "2026-05-31", 1, "a plain date is its UTC midnight: 1.5 days"],
  ["2026-06-01T00:00:00.000Z", "2026-06-01T12:00:00.000Z", -1, "activity half a day after the as-of time"],
  // America/New_York springs forward on 2026-03-08: local midnight to local midnight is 23 hours.
  ["2026-03-09T00:00:00-04:00", "2026-03-08T00:00:00-05:00", 0, "New York, across spring-forward: 23 hours"],
  ["2026-03-10T12:00:00-04:00", "2026-03-08T00:00:00-05:00", 2, "New York, across spring-forward: 2 days 11 hours"],
  // America/New_York falls back on 2026-11-01: local noon to local noon is 25 hours.
  ["2026-11-01T12:00:00-05:00", "2026-10-31T12:00:00-04:00", 1, "New York, across fall-back: 25 hours"],
  ["2026-11-02T23:00:00-05:00", "2026-10-31T12:00:00-04:00", 2, "New York, across fall-back: 2 days 12 hours"],
  // Europe/Berlin springs forward on 2026-03-29 and falls back on 2026-10-25.
  ["2026-03-29T12:00:00+02:00", "2026-03-28T12:00:00+01:00", 0, "Berlin, across spring-forward: 23 hours"],
  ["2026-03-30T00:00:00+02:00", "2026-03-28T12:00:00+01:00", 1, "Berlin, across spring-forward: 1 day 11 hours"],
  ["2026-10-26T12:00:00+01:00", "2026-10-24T00:00:00+02:00", 2, "Berlin, across fall-back: 2 days 13 hours"],
  ["2026-10-25T12:00:00+01:00", "2026-10-25T00:00:00+02:00", 0, "Berlin, the 25-hour day: 13 hours"],
];

describe("whole days since a date (hand-computed, floor semantics)", () => {
  for (const [asOf, activity, days, why] of handPicked) {
    it(`${why}: ${activity} -> ${asOf} is ${days}`, async () => {
      expect(await dayCount(activity, asOf, "compiled")).toBe(days);
      expect(await dayCount(activity, asOf, "reference")).toBe(days);
    });
  }
});

describe("whole days at half-day and DST-offset instants: both evaluators agree and count whole elapsed days", () => {
  const zones = [
    // [base instant near a DST change, the offsets on either side, in hours]
    ["2026-03-08T07:00:00.000Z", -5, -4], // New York, spring forward
    ["2026-11-01T06:00:00.000Z", -4, -5], // New York, fall back
    ["2026-03-29T01:00:00.000Z", 1, 2], // Berlin, spring forward
    ["2026-10-25T01:00:00.000Z", 2, 1], // Berlin, fall back
  ] as const;
  const withOffset = (ms: number, hours: number) => {
    const local = new Date(ms + hours * 3_600_000).toISOString().slice(0, 19);
    const sign = hours < 0 ? "-" : "+";
    return `${local}${sign}${String(Math.abs(hours)).padStart(2, "0")}:00`;
  };
  it("for random pairs of instants half-days and DST hours apart", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...zones),
        fc.integer({ min: -6, max: 6 }), // activity: half days from the DST change
        fc.integer({ min: 0, max: 40 }), // as-of: half days after the activity
        fc.integer({ min: -1, max: 1 }), // plus an hour either way
        async ([base, before, after], activityHalves, gapHalves, hour) => {
          const activityMs = Date.parse(base) + activityHalves * 43_200_000;
          const asOfMs = activityMs + gapHalves * 43_200_000 + hour * 3_600_000;
          const activity = withOffset(activityMs, activityMs < Date.parse(base) ? before : after);
          const asOf = withOffset(asOfMs, asOfMs < Date.parse(base) ? before : after);
          const expected = Math.floor((gapHalves * 12 + hour) / 24); // whole 24-hour days in the hours between
          expect(await dayCount(activity, asOf, "compiled")).toBe(expected);
          expect(await dayCount(activity, asOf, "reference")).toBe(expected);
        },
      ),
      { numRuns: 150, seed: 18 },
    );
  }, 60_000);
});

describe("decay and recycling count whole days, in both engines", () => {
  const set = validSet();
  const asOf = "2026-06-01T12:00:00.000Z";
  const lead = (id: string, lastActivityAt: string, extra: Record<string, unknown> = {}) => ({
    leadId: id,
    email: `${id}@example.com`,
    createdAt: "2026-01-05T15:00:00.000Z",
    lastActivityAt,
    webinarsAttended: 3, // engagement 20 before decay
    ...extra,
  });
  const leads = [
    // 29.5 days: no whole 30-day period, no decay (rounding would take 10).
    lead("decay-29.5", "2026-05-03T00:00:00.000Z"),
    // 59.5 days: one whole period, 10 points (rounding would take 20).
    lead("decay-59.5", "2026-04-03T00:00:00.000Z"),
    // 7.5 days is 7 whole days, "in the last 7 days": eng.recent-activity (rounding would make it 8); exactly 8 is not.
    lead("recent-7.5", "2026-05-25T00:00:00.000Z"),
    lead("recent-8", "2026-05-24T12:00:00.000Z"),
    // An MQL quiet for 90.5 days is not recycled (more than 90 whole days needed); 91 days is.
    lead("mql-90.5", "2026-03-03T00:00:00.000Z", { lifecycleStage: "mql", stageEnteredAt: "2026-02-01T00:00:00.000Z" }),
    lead("mql-91", "2026-03-02T12:00:00.000Z", { lifecycleStage: "mql", stageEnteredAt: "2026-02-01T00:00:00.000Z" }),
  ];
  const inputs = leads.map((values, i) => ({ record: { row: i + 1, values } }));

  for (const engine of ["compiled", "reference"] as const) {
    it(`with --engine ${engine}`, async () => {
      const { rows } = await simulateLeads(set, inputs, { asOf, engine });
      const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
      expect(byId["decay-29.5"]!.score!.decay.engagement ?? 0).toBe(0);
      expect(byId["decay-29.5"]!.score!.dimensions.engagement).toBe(20);
      expect(byId["decay-59.5"]!.score!.decay.engagement).toBe(10);
      expect(byId["decay-59.5"]!.score!.dimensions.engagement).toBe(10);
      expect(byId["recent-7.5"]!.score!.rules.map((r) => r.id)).toContain("eng.recent-activity");
      expect(byId["recent-8"]!.score!.rules.map((r) => r.id)).not.toContain("eng.recent-activity");
      expect(byId["mql-90.5"]!.lifecycle!.path).not.toContain("recycle");
      expect(byId["mql-91"]!.lifecycle!.path).toContain("recycle");
    });
  }
});
