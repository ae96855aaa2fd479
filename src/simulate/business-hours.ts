/**
 * Business-hours arithmetic in a calendar's own time zone: working intervals
 * per weekday, holidays, and daylight-saving changes (Luxon builds each
 * interval from local wall-clock time). Working intervals are laid out once
 * per calendar year as a sorted list of epoch-millisecond ranges; after that
 * every question is a binary search and a walk over whole intervals, never
 * minute by minute and without time-zone conversions in the hot path.
 */
import { DateTime } from "luxon";
import { weekdays, type Calendar } from "../model/policy.js";

const hourMs = 3_600_000;
/** A deadline more than ten years of business time away is a policy error, not a date. */
const maxYears = 10;

export interface BusinessCalendar {
  id: string;
  /** Adds business hours to an instant (ms); returns the instant the time is used up. */
  addHours(startMs: number, hours: number): number;
  /** Whether the instant falls inside a working interval. */
  isOpen(ms: number): boolean;
  /** Business hours between two instants (0 when `toMs` is not after `fromMs`). */
  hoursBetween(fromMs: number, toMs: number): number;
}

export function createBusinessCalendar(calendar: Calendar): BusinessCalendar {
  const holidays = new Set(calendar.holidays.map((h) => h.date));
  const zone = calendar.timeZone;
  // Sorted working intervals of the loaded years, which are always contiguous: [firstYear, lastYear].
  let starts: number[] = [];
  let ends: number[] = [];
  let firstYear = 0;
  let lastYear = -1;
  let loadedFrom = Infinity;
  let loadedTo = -Infinity;

  const yearStart = (year: number) => DateTime.fromObject({ year, month: 1, day: 1 }, { zone }).toMillis();
  const intervalsOfYear = (year: number): [number[], number[]] => {
    const s: number[] = [];
    const e: number[] = [];
    for (let day = DateTime.fromObject({ year, month: 1, day: 1 }, { zone }); day.year === year; day = day.plus({ days: 1 })) {
      if (holidays.has(day.toISODate()!)) continue;
      for (const interval of calendar.week[weekdays[day.weekday - 1]!] ?? []) {
        const [from, to] = interval.split("-") as [string, string];
        const start = atLocal(day, from);
        const end = atLocal(day, to);
        if (end > start) (s.push(start), e.push(end));
      }
    }
    return [s, e];
  };
  const append = (year: number) => {
    const [s, e] = intervalsOfYear(year);
    starts = starts.concat(s);
    ends = ends.concat(e);
    lastYear = year;
    loadedTo = yearStart(year + 1);
  };
  const prepend = (year: number) => {
    const [s, e] = intervalsOfYear(year);
    starts = s.concat(starts);
    ends = e.concat(ends);
    firstYear = year;
    loadedFrom = yearStart(year);
  };
  /** Loads the years up to the one holding `ms`; numeric checks only when it is already loaded. */
  const prepare = (ms: number) => {
    if (lastYear < firstYear) {
      const year = DateTime.fromMillis(ms, { zone }).year;
      firstYear = year;
      loadedFrom = yearStart(year);
      append(year);
    }
    while (ms < loadedFrom) prepend(firstYear - 1);
    while (ms >= loadedTo) append(lastYear + 1);
  };
  /** Index of the first interval that ends after `ms`. */
  const firstEndingAfter = (ms: number) => {
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid]! <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  return {
    id: calendar.id,
    addHours(startMs, hours) {
      prepare(startMs);
      const limitYear = lastYear + maxYears;
      let remaining = hours * hourMs;
      for (let i = firstEndingAfter(startMs); ; i++) {
        while (i >= starts.length) {
          if (lastYear >= limitYear) throw new Error(`calendar ${calendar.id} has no working hours within ${maxYears} years of ${new Date(startMs).toISOString()}`);
          append(lastYear + 1);
        }
        const from = Math.max(starts[i]!, startMs);
        const available = ends[i]! - from;
        if (remaining <= available) return from + remaining;
        remaining -= available;
      }
    },
    isOpen(ms) {
      prepare(ms);
      const i = firstEndingAfter(ms);
      return i < starts.length && starts[i]! <= ms;
    },
    hoursBetween(fromMs, toMs) {
      if (toMs <= fromMs) return 0;
      prepare(fromMs);
      prepare(toMs);
      let total = 0;
      for (let i = firstEndingAfter(fromMs); i < starts.length && starts[i]! < toMs; i++) total += Math.min(ends[i]!, toMs) - Math.max(starts[i]!, fromMs);
      return total / hourMs;
    },
  };
}

/** The instant of a wall-clock time ("HH:MM", "24:00" allowed) on a local date. */
function atLocal(day: DateTime, time: string): number {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  if (hour === 24) return day.plus({ days: 1 }).startOf("day").toMillis();
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}
