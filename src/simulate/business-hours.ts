/**
 * Business-hours arithmetic in a calendar's own time zone: working intervals
 * per weekday, holidays, and daylight-saving changes (Luxon builds each
 * interval from local wall-clock times). Walks day by day, never minute by
 * minute; each day's intervals are computed once and cached.
 */
import { DateTime } from "luxon";
import { weekdays, type Calendar } from "../model/policy.js";

const hourMs = 3_600_000;
/** A deadline more than ten years of business time away is a policy error, not a date. */
const maxDays = 3660;

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
  const dayCache = new Map<string, [number, number][]>();

  /** Working intervals [startMs, endMs) of one local date. */
  const intervalsOn = (local: DateTime): [number, number][] => {
    const key = local.toISODate()!;
    let intervals = dayCache.get(key);
    if (intervals) return intervals;
    intervals = [];
    if (!holidays.has(key)) {
      const day = weekdays[local.weekday - 1]!;
      for (const interval of calendar.week[day] ?? []) {
        const [from, to] = interval.split("-") as [string, string];
        const start = atLocal(local, from);
        const end = atLocal(local, to);
        if (end > start) intervals.push([start, end]);
      }
    }
    dayCache.set(key, intervals);
    return intervals;
  };

  return {
    id: calendar.id,
    addHours(startMs, hours) {
      let remaining = hours * hourMs;
      let day = DateTime.fromMillis(startMs, { zone: calendar.timeZone }).startOf("day");
      for (let i = 0; i < maxDays; i++, day = day.plus({ days: 1 })) {
        for (const [start, end] of intervalsOn(day)) {
          const from = Math.max(start, startMs);
          if (from >= end) continue;
          if (remaining <= end - from) return from + remaining;
          remaining -= end - from;
        }
      }
      throw new Error(`calendar ${calendar.id} has no working hours within ${maxDays} days of ${new Date(startMs).toISOString()}`);
    },
    hoursBetween(fromMs, toMs) {
      let total = 0;
      let day = DateTime.fromMillis(fromMs, { zone: calendar.timeZone }).startOf("day");
      for (let i = 0; i < maxDays && day.toMillis() < toMs; i++, day = day.plus({ days: 1 })) {
        for (const [start, end] of intervalsOn(day)) total += Math.max(0, Math.min(end, toMs) - Math.max(start, fromMs));
      }
      return total / hourMs;
    },
    isOpen(ms) {
      const day = DateTime.fromMillis(ms, { zone: calendar.timeZone }).startOf("day");
      return intervalsOn(day).some(([start, end]) => ms >= start && ms < end);
    },
  };
}

/** The instant of a wall-clock time ("HH:MM", "24:00" allowed) on a local date. */
function atLocal(day: DateTime, time: string): number {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  if (hour === 24) return day.plus({ days: 1 }).startOf("day").toMillis();
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}
