/**
 * Routing sets and arrivals for the SQL route tests (tests/sql-route.test.ts in DuckDB,
 * tests/sql-dialects.test.ts in Postgres): calendars across the world's kinds of daylight saving, and
 * arrivals on their intervals' edges and across centuries.
 */
import type { PolicySet } from "../../src/index.js";
import type { Calendar, RoutingSpec } from "../../src/model/policy.js";
import { businessIntervalRows } from "../../src/sql/business-intervals.js";
import { corpusAsOf } from "./policies.js";
import { leadsAt, type Values, variant } from "./varied-policies.js";

const week = (days: string[], hours: string[]) => Object.fromEntries(days.map((d) => [d, hours]));
const weekdays = ["mon", "tue", "wed", "thu", "fri"];

/** Calendars across the world's kinds of daylight saving, with holidays around the turns of the years. */
export const calendars: Calendar[] = [
  {
    id: "americas",
    name: "New York, with the small hours of Sunday (clocks change at 02:00)",
    timeZone: "America/New_York",
    week: { ...week(weekdays, ["08:00-18:00"]), sun: ["00:30-02:30", "02:30-03:30"] },
    holidays: ["2025-12-25", "2026-01-01", "2026-11-26", "2026-12-25", "2027-01-01", "2026-03-09"].map((date) => ({
      date,
      name: "holiday",
    })),
  },
  {
    id: "emea",
    name: "London, split days and Saturday mornings",
    timeZone: "Europe/London",
    week: { ...week(weekdays, ["09:00-12:30", "13:30-17:30"]), sat: ["09:00-12:00"] },
    holidays: ["2025-12-26", "2026-03-29", "2026-12-28", "2026-12-31", "2027-01-01"].map((date) => ({ date, name: "holiday" })),
  },
  {
    id: "apac",
    name: "Lord Howe Island (half-hour daylight saving, southern summer across New Year)",
    timeZone: "Australia/Lord_Howe",
    week: week([...weekdays, "sun"], ["01:00-03:00", "09:00-17:00"]),
    holidays: ["2026-01-01", "2026-04-05", "2026-10-04", "2026-12-25"].map((date) => ({ date, name: "holiday" })),
  },
  {
    id: "santiago",
    name: "Santiago (changes at midnight), all day every day",
    timeZone: "America/Santiago",
    week: week([...weekdays, "sat", "sun"], ["00:00-24:00"]),
    holidays: ["2026-04-04", "2026-09-06"].map((date) => ({ date, name: "holiday" })),
  },
];

/** The bundled routing on the calendars above, SLAs of fractional and many hours (weekends, holidays, years). */
export const worldwide = variant((specs) => {
  const routing = specs.Routing!;
  routing.calendars = structuredClone(calendars);
  const ids = calendars.map((c) => c.id);
  routing.queues.forEach((q, i) => {
    q.calendar = ids[i % ids.length]!;
  });
  const slas = [
    { firstTouchHours: 0.1, escalateAfterHours: 7 / 3, reassignAfterHours: 1_000 },
    { firstTouchHours: 37.25, escalateAfterHours: 200 },
    { firstTouchHours: 1 / 3, reassignAfterHours: 2_500.5 },
    { firstTouchHours: 16 },
  ];
  routing.rules.forEach((r, i) => {
    r.sla = slas[i % slas.length]!;
  });
  // 2.0000002 hours is 7,200,000.72 ms: a deadline that is not a whole millisecond, and ends 0.72 ms into the next interval.
  routing.fallback.sla = { firstTouchHours: 2.0000002, escalateAfterHours: 96, reassignAfterHours: 4_000 };
  // Leads below the MQL threshold now fall through to the fallback.
  routing.rules = routing.rules.filter((r) => r.id !== "route.not-qualified");
});
export const routing = (set: PolicySet) => set.policies.find((p) => p.document.kind === "Routing")!.document.spec as RoutingSpec;

export const iso = (ms: number) => new Date(ms).toISOString();
const hourMs = 3_600_000;

/** Arrivals on every interval's edges (at, just before, just after, 2 hours before its end) near the daylight-saving changes and New Years of 2025-2027. */
export function edgeArrivals(spec: RoutingSpec): string[] {
  const near = [
    "2025-03-09",
    "2025-03-30",
    "2025-04-06",
    "2025-09-07",
    "2025-10-05",
    "2025-10-26",
    "2025-11-02",
    "2025-12-31",
    "2026-03-08",
    "2026-03-29",
    "2026-04-05",
    "2026-09-06",
    "2026-10-04",
    "2026-10-25",
    "2026-11-01",
    "2026-12-31",
  ].map((d) => Date.parse(d));
  return businessIntervalRows(spec, [2026])
    .filter((r) => near.some((d) => Math.abs(r.startMs - d) < 2 * 24 * hourMs))
    .flatMap((r) => [r.startMs, r.endMs, r.startMs - 1, r.endMs - 1, r.endMs + 1, r.endMs - 7_200_000].map(iso));
}

/** Arrivals at random instants (to the millisecond) from 1901 to 2199, and hourly through two weeks of each turn of the year. */
export function spreadArrivals(count: number): string[] {
  let seed = 7;
  const next = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
  const from = Date.UTC(1901, 0, 1);
  const to = Date.UTC(2199, 11, 1);
  const random = Array.from({ length: count }, () => iso(Math.floor(from + next() * (to - from))));
  const newYears = [2025, 2026, 2027].flatMap((y) =>
    Array.from({ length: 14 * 24 }, (_, h) => iso(Date.UTC(y - 1, 11, 25) + h * hourMs + 17 * 60_000)),
  );
  return [...random, ...newYears];
}

export const withArrivals = (arrivals: readonly string[], seed: number): Values[] =>
  leadsAt(corpusAsOf, arrivals.length, seed).map((lead, i) => ({ ...lead, createdAt: arrivals[i] }));
