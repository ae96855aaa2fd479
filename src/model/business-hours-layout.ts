/**
 * A business calendar's working intervals for one local calendar year, as sorted epoch-millisecond ranges:
 * each weekday's intervals of the calendar's week, placed in its time zone (daylight-saving gaps and
 * repeats as Luxon places them), holidays left out. The one layout both engines use: the JavaScript
 * calendar (simulate/business-hours.ts) searches it, and the SQL compiler (sql/business-intervals.ts)
 * hands the same intervals to the database as a relation.
 */
import { DateTime, IANAZone } from "luxon";
import { weekdays, type Calendar } from "./policy.js";

const hourMs = 3_600_000;

/**
 * Each interval of a day (`HH:MM-HH:MM` texts) that starts before the one before it ends, with that one: the
 * layout below assumes a day's intervals in order and apart, which validation checks with this.
 */
export function unorderedIntervals(intervals: readonly string[]): { before: string; interval: string; at: number }[] {
  // "HH:MM" texts compare as times.
  return intervals
    .map((interval, at) => ({ before: intervals[at - 1], interval, at }))
    .filter(
      (x): x is { before: string; interval: string; at: number } =>
        x.before !== undefined && x.interval.split("-")[0]! < x.before.split("-")[1]!,
    );
}

/**
 * A local year's working intervals. Luxon places every wall-clock time exactly (daylight-saving gaps and
 * repeats), but at a few Intl calls each; a year of a calendar took 40-100 ms. Most days lie far from any
 * change of the zone's offset, and there a wall-clock time is simply the UTC time of the same reading minus
 * the offset: the offset is read weekly around the year, and every six hours across a change (about 100
 * reads), and only days within a day of a change are placed by Luxon (`luxonDays` turns the shortcut off, for the test that they agree).
 */
export function layOutYear(
  calendar: Calendar,
  holidays: ReadonlySet<string>,
  year: number,
  options: { luxonDays?: boolean } = {},
): { starts: number[]; ends: number[] } {
  const zone = calendar.timeZone;
  const starts: number[] = [];
  const ends: number[] = [];
  const add = (start: number, end: number) => {
    if (end > start) {
      starts.push(start);
      ends.push(end);
    }
  };
  if (options.luxonDays) {
    // Every day by Luxon, walking the local calendar.
    for (let day = DateTime.fromObject({ year, month: 1, day: 1 }, { zone }); day.year === year; day = day.plus({ days: 1 })) {
      if (holidays.has(day.toISODate()!)) continue;
      for (const interval of calendar.week[weekdays[day.weekday - 1]!] ?? []) {
        const [from, to] = interval.split("-") as [string, string];
        add(atLocal(day, from), atLocal(day, to));
      }
    }
    return { starts, ends };
  }
  const steady = steadyOffsets(zone, year);
  const dayMs = 24 * hourMs;
  const yearMs = Date.UTC(year, 0, 1);
  // Luxon's walk over the local calendar, taken only as far as the days it places: a day it lands on is the
  // one the walk day by day would land on (over steady days a jump of several days lands where single steps do).
  let walk = { ordinal: 0, day: DateTime.fromObject({ year, month: 1, day: 1 }, { zone }) };
  const ordinalOf = (day: DateTime) => Math.round((Date.UTC(day.year, day.month - 1, day.day) - yearMs) / dayMs);
  const walkTo = (ordinal: number): DateTime => {
    if (walk.ordinal < ordinal - 1) walk = { ordinal: ordinal - 1, day: walk.day.plus({ days: ordinal - 1 - walk.ordinal }) };
    if (walk.ordinal < ordinal) {
      const day = walk.day.plus({ days: 1 });
      // A date the zone skips (Samoa, 2011-12-30) is stepped over: the walk lands on the next one.
      walk = { ordinal: ordinalOf(day), day };
    }
    return walk.day;
  };
  for (let ordinal = 0; ; ordinal++) {
    const dateMs = yearMs + ordinal * dayMs;
    if (new Date(dateMs).getUTCFullYear() !== year) break;
    const offset = steady(dateMs);
    if (offset === undefined) {
      // Near a change of offset: placed by Luxon, as every day used to be.
      const day = walkTo(ordinal);
      if (day.year !== year) break;
      ordinal = walk.ordinal;
      if (holidays.has(day.toISODate()!)) continue;
      for (const interval of calendar.week[weekdays[day.weekday - 1]!] ?? []) {
        const [from, to] = interval.split("-") as [string, string];
        add(atLocal(day, from), atLocal(day, to));
      }
      continue;
    }
    const date = new Date(dateMs);
    const isoDate = `${String(year).padStart(4, "0")}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-${String(date.getUTCDate()).padStart(2, "0")}`;
    if (holidays.has(isoDate)) continue;
    for (const interval of calendar.week[weekdays[(date.getUTCDay() + 6) % 7]!] ?? []) {
      const [from, to] = interval.split("-") as [string, string];
      add(wallClock(dateMs, from) - offset * 60_000, wallClock(dateMs, to) - offset * 60_000);
    }
  }
  return { starts, ends };
}

/** The UTC instant that reads a wall-clock time ("HH:MM", "24:00" allowed) on the UTC day starting at `dayMs`. */
function wallClock(dayMs: number, time: string): number {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  return dayMs + hour * hourMs + minute * 60_000;
}

/**
 * For a local day (given as the UTC midnight of its date), the zone's offset in minutes when it holds from a
 * day before to two days after (every local reading of the day is then that offset away from UTC), else
 * undefined. Offsets are read with Luxon's own zone, so they are the ones Luxon would use.
 */
function steadyOffsets(zone: string, year: number): (dayMs: number) => number | undefined {
  const iana = IANAZone.create(zone);
  const stepMs = 6 * hourMs;
  const startMs = Date.UTC(year, 0, 1) - 2 * 24 * hourMs;
  const steps = Math.ceil((370 * 24 * hourMs) / stepMs) + 1;
  const offsets = new Float64Array(steps);
  // Read weekly, and every six hours only across a week whose ends differ: zones change offset at most a few
  // times a year, never twice within a week (Morocco's Ramadan pauses last weeks).
  const week = 28;
  const read = (i: number) => (offsets[i] = iana.offset(startMs + i * stepMs));
  read(0);
  for (let from = 0; from < steps - 1; from += week) {
    const to = Math.min(from + week, steps - 1);
    if (read(to) === offsets[from]) offsets.fill(offsets[from]!, from + 1, to);
    else for (let i = from + 1; i < to; i++) read(i);
  }
  return (dayMs) => {
    const from = Math.floor((dayMs - 24 * hourMs - startMs) / stepMs);
    const to = Math.ceil((dayMs + 48 * hourMs - startMs) / stepMs);
    if (from < 0 || to >= steps) return undefined;
    const offset = offsets[from]!;
    for (let i = from + 1; i <= to; i++) if (offsets[i] !== offset) return undefined;
    return offset;
  };
}

/**
 * The first instant the local clock shows a wall-clock time ("HH:MM", "24:00" allowed) of a local date, or
 * a later one: a time the clock shows twice (falling back) is its first showing; a time it skips (springing
 * forward) is the instant it jumps past it, so 02:30 on a day that jumps from 02:00 to 03:00 is 03:00 new
 * time. (Luxon places a skipped time as many minutes after the jump as it lies inside the gap.)
 */
function atLocal(day: DateTime, time: string): number {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  if (hour === 24) return day.plus({ days: 1 }).startOf("day").toMillis();
  const placed = day.set({ hour, minute, second: 0, millisecond: 0 });
  if (placed.hour === hour && placed.minute === minute) return placed.toMillis();
  // Skipped: the jump lies before the instant Luxon chose, within the gap (a few hours at most). The local
  // clock only moves forward across a gap, so search for the first instant it reads the time or later.
  const wanted = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  const clock = (ms: number) => ms + DateTime.fromMillis(ms, { zone: day.zone }).offset * 60_000;
  let lo = placed.toMillis() - 6 * hourMs;
  let hi = placed.toMillis();
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (clock(mid) >= wanted) hi = mid;
    else lo = mid;
  }
  return hi;
}
