/**
 * Business days of a calendar: a day with at least one working interval (not a holiday, not a day off).
 * A nurture step waits a number of them and goes out when the calendar next opens.
 */
import { DateTime } from "luxon";
import type { BusinessCalendar } from "./business-hours.js";

const dayMs = 86_400_000;
/** How far ahead an opening is looked for; a calendar open less than once a quarter is a policy error. */
const lookAheadMs = 120 * dayMs;

export interface BusinessDays {
  /** The first working instant at or after `ms`. */
  nextOpen(ms: number): number;
  /**
   * The opening of the business day `days` business days after the local day of `fromMs` (the same day's
   * next opening, or the next day's, for 0).
   */
  addDays(fromMs: number, days: number): number;
}

export function createBusinessDays(calendar: BusinessCalendar, timeZone: string): BusinessDays {
  const localDay = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone }).toISODate();
  const openingAfter = (ms: number): [number, number] => {
    for (let from = ms; ; from += lookAheadMs) {
      const found = calendar.openIntervals(from, from + lookAheadMs)[0];
      if (found) return found;
      if (from - ms > 10 * 366 * dayMs) throw new Error(`calendar ${calendar.id} has no working hours within ten years`);
    }
  };
  const nextOpen = (ms: number) => openingAfter(ms)[0];
  return {
    nextOpen,
    addDays(fromMs, days) {
      let at = nextOpen(fromMs);
      let day = localDay(fromMs);
      for (let counted = 0; counted < days; ) {
        // Past the rest of this local day, to the next working interval on a later day.
        let [start] = openingAfter(at);
        while (localDay(start) === day) [start] = openingAfter(calendar.openIntervals(start, start + lookAheadMs)[0]![1]);
        at = start;
        day = localDay(start);
        counted++;
      }
      return at;
    },
  };
}
