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
import { DateTime } from "luxon";
import { layOutYear } from "../model/business-hours-layout.js";
import { earliestYear, latestYear } from "../model/dates.js";
import type { Calendar } from "../model/policy.js";

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
  /** The working intervals overlapping [fromMs, toMs), clipped to it, in order, as [start, end) instants (ms). */
  openIntervals(fromMs: number, toMs: number): [number, number][];
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
    openIntervals(fromMs, toMs) {
      const found: [number, number][] = [];
      if (toMs <= fromMs) return found;
      const first = yearOf(fromMs).year;
      const last = yearOf(toMs).year;
      for (let y = first; y <= last; y++) {
        const { starts, ends } = yearNumbered(y);
        for (let i = firstEndingAfter(ends, fromMs); i < starts.length && starts[i]! < toMs; i++)
          found.push([Math.max(starts[i]!, fromMs), Math.min(ends[i]!, toMs)]);
      }
      return found;
    },
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
