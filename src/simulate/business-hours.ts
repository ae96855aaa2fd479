/**
 * Business-hours arithmetic in a calendar's own time zone: working intervals
 * per weekday, holidays, and daylight-saving changes (Luxon builds each
 * interval from local wall-clock time). Working intervals are laid out per
 * calendar year, lazily and only for the years a question touches, as sorted
 * epoch-millisecond ranges; after that every question is a binary search and a
 * walk over whole intervals, never minute by minute and without time-zone
 * conversions in the hot path. The years are bounded: dates are plausible
 * from 1900 to 2200 (model/dates.ts), and an instant far outside them is a bug
 * upstream, refused at once rather than paid for year by year.
 */
import { DateTime, IANAZone } from "luxon";
import { earliestYear, latestYear } from "../model/dates.js";
import { weekdays, type Calendar } from "../model/policy.js";

const hourMs = 3_600_000;
/** A deadline more than ten years of business time away is a policy error, not a date. */
const maxYears = 10;
/** The years a calendar lays out: the plausible dates, a year either side for time zones, and room for deadlines. */
const firstCalendarYear = earliestYear - 1;
const lastCalendarYear = latestYear + maxYears + 1;

export interface BusinessCalendar {
  id: string;
  /** Adds business hours to an instant (ms); returns the instant the time is used up. */
  addHours(startMs: number, hours: number): number;
  /** Whether the instant falls inside a working interval. */
  isOpen(ms: number): boolean;
  /** Business hours between two instants (0 when `toMs` is not after `fromMs`). */
  hoursBetween(fromMs: number, toMs: number): number;
}

/** One local calendar year's working intervals, sorted: [starts[i], ends[i]). */
interface Year {
  year: number;
  fromMs: number;
  toMs: number;
  starts: number[];
  ends: number[];
}

/**
 * The years laid out so far, by calendar (its whole definition): a year's intervals depend on nothing else, and
 * laying one out costs tens of milliseconds of time-zone arithmetic. Shared by every BusinessCalendar of the
 * process, so a second pipeline over the same policies (explain's traced look at one lead, both versions of a
 * diff, policy tests) does not lay the same years out again. A few calendars are kept; they are small.
 */
const laidOut = new Map<string, { years: Map<number, Year>; yearStarts: Map<number, number> }>();
const calendarsKept = 32;

function layoutsOf(calendar: Calendar): { years: Map<number, Year>; yearStarts: Map<number, number> } {
  const key = JSON.stringify(calendar);
  let found = laidOut.get(key);
  if (!found) {
    laidOut.set(key, (found = { years: new Map(), yearStarts: new Map() }));
    if (laidOut.size > calendarsKept) laidOut.delete(laidOut.keys().next().value!);
  }
  return found;
}

export function createBusinessCalendar(calendar: Calendar): BusinessCalendar {
  const holidays = new Set(calendar.holidays.map((h) => h.date));
  const zone = calendar.timeZone;
  const { years, yearStarts } = layoutsOf(calendar);
  // The year the last question was about: most questions of a run fall in the same year.
  let recent: Year | undefined;

  const yearStart = (year: number) => {
    let ms = yearStarts.get(year);
    if (ms === undefined) yearStarts.set(year, (ms = DateTime.fromObject({ year, month: 1, day: 1 }, { zone }).toMillis()));
    return ms;
  };
  const layOut = (year: number): Year => {
    const { starts, ends } = layOutYear(calendar, holidays, year);
    return { year, fromMs: yearStart(year), toMs: yearStart(year + 1), starts, ends };
  };
  const yearNumbered = (year: number): Year => {
    if (!(year >= firstCalendarYear && year <= lastCalendarYear)) {
      throw new RangeError(
        `calendar ${calendar.id}: year ${year} is outside the years calendars cover (${firstCalendarYear}-${lastCalendarYear}); dates outside ${earliestYear}-${latestYear} should have been refused when read`,
      );
    }
    let found = years.get(year);
    if (!found) years.set(year, (found = layOut(year)));
    return found;
  };
  /** The local year holding `ms`: the UTC year, moved by one where the zone's offset crosses New Year. */
  const yearOf = (ms: number): Year => {
    if (recent && ms >= recent.fromMs && ms < recent.toMs) return recent;
    if (!Number.isFinite(ms)) throw new RangeError(`calendar ${calendar.id}: not an instant: ${ms}`);
    let year = new Date(ms).getUTCFullYear();
    if (year >= firstCalendarYear && year <= lastCalendarYear) {
      if (ms < yearStart(year)) year--;
      else if (ms >= yearStart(year + 1)) year++;
    }
    return (recent = yearNumbered(year));
  };

  return {
    id: calendar.id,
    addHours(startMs, hours) {
      let year = yearOf(startMs);
      const limitYear = year.year + maxYears;
      let remaining = hours * hourMs;
      for (let i = firstEndingAfter(year.ends, startMs); ; i++) {
        while (i >= year.starts.length) {
          if (year.year >= limitYear)
            throw new Error(`calendar ${calendar.id} has no working hours within ${maxYears} years of ${new Date(startMs).toISOString()}`);
          year = yearNumbered(year.year + 1);
          i = 0;
        }
        const from = Math.max(year.starts[i]!, startMs);
        const available = year.ends[i]! - from;
        if (remaining <= available) return from + remaining;
        remaining -= available;
      }
    },
    isOpen(ms) {
      const { starts, ends } = yearOf(ms);
      const i = firstEndingAfter(ends, ms);
      return i < starts.length && starts[i]! <= ms;
    },
    hoursBetween(fromMs, toMs) {
      if (toMs <= fromMs) return 0;
      const first = yearOf(fromMs).year;
      const last = yearOf(toMs).year;
      let total = 0;
      for (let y = first; y <= last; y++) {
        const { starts, ends } = yearNumbered(y);
        for (let i = firstEndingAfter(ends, fromMs); i < starts.length && starts[i]! < toMs; i++)
          total += Math.min(ends[i]!, toMs) - Math.max(starts[i]!, fromMs);
      }
      return total / hourMs;
    },
  };
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

/** Index of the first interval that ends after `ms`. */
function firstEndingAfter(ends: readonly number[], ms: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
