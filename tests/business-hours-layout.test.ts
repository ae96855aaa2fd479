/**
 * Business calendars lay out a year's working intervals by arithmetic on days far from a change of the zone's
 * offset, and by Luxon near one (src/model/business-hours-layout.ts): the intervals must be the ones Luxon gives for
 * every day, in zones with daylight saving at 02:00, at midnight, by 30 minutes, a skipped day, and none.
 */
import { describe, expect, it } from "vitest";
import { layOutYear } from "../src/model/business-hours-layout.js";
import type { Calendar } from "../src/model/policy.js";

const weeks: Record<string, Calendar["week"]> = {
  office: { mon: ["08:00-18:00"], tue: ["09:00-12:30", "13:30-17:30"], wed: ["08:00-18:00"], thu: ["08:00-18:00"], fri: ["08:00-17:00"] },
  "around the clock": Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, ["00:00-24:00"]])),
  "in the small hours": Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, ["00:30-02:30", "02:30-03:30"]]),
  ),
};
const zones = [
  "America/New_York",
  "Europe/London",
  "Asia/Singapore",
  "Australia/Lord_Howe",
  "America/Havana",
  "America/Santiago",
  "Pacific/Apia",
  "Asia/Kathmandu",
  "America/St_Johns",
  "Africa/Casablanca",
];
const years = [1900, 1947, 1970, 2011, 2013, 2019, 2025, 2026, 2027, 2100, 2200];

describe("a laid-out year is Luxon's, day by day", () => {
  it.each(zones)("%s", (timeZone) => {
    for (const [name, week] of Object.entries(weeks)) {
      const calendar = { id: name, name, timeZone, week, holidays: [{ date: "2026-03-09", name: "a holiday" }] } as unknown as Calendar;
      const holidays = new Set(calendar.holidays.map((h) => h.date));
      for (const year of years) {
        const fast = layOutYear(calendar, holidays, year);
        const luxon = layOutYear(calendar, holidays, year, { luxonDays: true });
        expect(fast, `${timeZone} ${name} ${year}`).toStrictEqual(luxon);
      }
    }
  });
});
