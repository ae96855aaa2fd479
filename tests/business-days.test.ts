/**
 * Waits in business days (nurture steps): a business day is a day of the calendar with working hours; a
 * wait ends at the opening of its last day. Expectations worked out by hand from the bundled calendars.
 */
import { describe, expect, it } from "vitest";
import { specOf } from "../src/index.js";
import { createBusinessCalendar } from "../src/simulate/business-hours.js";
import { createBusinessDays } from "../src/simulate/business-days.js";
import { validSet } from "./helpers/policies.js";

const calendars = specOf(validSet(), "Routing")!.calendars;
const days = (id: string) => {
  const calendar = calendars.find((c) => c.id === id)!;
  return createBusinessDays(createBusinessCalendar(calendar), calendar.timeZone);
};
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("business days", () => {
  const americas = days("americas");
  it.each([
    ["0 days, during working hours: now", "2026-06-15T14:00:00Z", 0, "2026-06-15T14:00:00.000Z"],
    ["0 days on a Saturday: Monday's opening", "2026-06-13T14:00:00Z", 0, "2026-06-15T12:00:00.000Z"],
    [
      "1 day from Friday evening, over the observed Independence Day and the weekend",
      "2026-07-02T20:00:00Z",
      1,
      "2026-07-06T12:00:00.000Z",
    ],
    ["1 day from a Friday over the spring-forward weekend: 08:00 EDT", "2026-03-06T15:00:00Z", 1, "2026-03-09T12:00:00.000Z"],
    ["1 day from the last Friday of EST: 08:00 EST is 13:00 UTC", "2026-10-30T15:00:00Z", 1, "2026-11-02T13:00:00.000Z"],
    ["5 days from a Monday: the next Monday", "2026-06-08T14:00:00Z", 5, "2026-06-15T12:00:00.000Z"],
    ["2 days over Thanksgiving and the day after", "2026-11-25T15:00:00Z", 2, "2026-12-01T13:00:00.000Z"],
  ])("%s", (_what, from, n, expected) => {
    expect(iso(americas.addDays(at(from), n))).toBe(expected);
  });

  it("counts a day with a lunch break once (London)", () => {
    // Monday 09:30 London (BST): 1 business day is Tuesday's 09:00, not Monday's 13:30.
    expect(iso(days("emea").addDays(at("2026-06-15T08:30:00Z"), 1))).toBe("2026-06-16T08:00:00.000Z");
  });
});
