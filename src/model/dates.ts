/**
 * What a date value is, for leads, policies and flags alike: strict RFC 3339
 * (`2026-06-01`, `2026-06-01T12:00:00Z`, `2026-06-01T14:00:00.5+02:00`) or a
 * format the data dictionary declares; a real calendar day (no rollover:
 * `2026-02-31` is an error, where Date.parse gives 3 March); and an instant
 * from 1900-01-01 to 2200-12-31 (UTC). Outside those years a value is a typo or
 * a system's "no date" marker (`12/31/9999`), and arithmetic on it (business
 * calendars, day counts) would mean nothing. This is the one definition; the
 * digit-wise checks below are the fast form of the same rules.
 */
import { DateTime } from "luxon";
import { UsageError } from "../diagnostics/errors.js";

export const earliestYear = 1900;
export const latestYear = 2200;
/** The plausible range in words, for messages and docs. */
export const plausibleDates = `${earliestYear}-01-01 to ${latestYear}-12-31`;

const earliestMs = Date.UTC(earliestYear, 0, 1);
const endMs = Date.UTC(latestYear + 1, 0, 1);

/** Why a text is not a date: not in a known form, not a real day or time, or outside the plausible years. */
export type DateProblem = "form" | "calendar" | "range";

/** A date as read: its instant (UTC ms) and its day as written (`YYYY-MM-DD`, before any offset is applied). */
export interface DateValue {
  ms: number;
  day: string;
}

/** A reading; a value outside the plausible years still says which day it named (sentinels are matched by day). */
export type DateReading = DateValue | { problem: "form" | "calendar" } | { problem: "range"; day: string };

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|([+-])(\d{2}):(\d{2})))?$/;

/** A date-time without an offset, as spreadsheets and exports write it: `2026-06-01 09:05`, `2026-06-01T09:05:00.5`. */
const naiveIso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * Reads RFC 3339 (a full date, or a date-time with seconds and an offset), then the declared Luxon formats
 * (in UTC). With `zone` (an export's time zone: leads read from a file), a date-time without an offset
 * (`2026-06-01 09:05`, as spreadsheets write it) is read too, and times without an offset and whole days
 * read as instants are in that zone; policies and flags give none, and stay strict. A local time the clocks
 * skip (02:30 on the spring-forward night) is no time at all; one they pass twice reads as the first. `day`
 * is always the day as written.
 */
export function readDate(text: string, formats: readonly string[] = [], zone?: string): DateReading {
  const iso = rfc3339.exec(text);
  const utc = zone === undefined || zone === "utc" || zone === "UTC";
  if (iso && (utc || iso[4] !== undefined)) return readRfc3339(iso);
  // A long text is no date in any format; Luxon need not look at it.
  if (text.length > 64) return { problem: "form" };
  const naive = zone !== undefined ? naiveIso.exec(text) : null;
  const candidates: [text: string, format: string][] = iso
    ? [[text, "yyyy-MM-dd"]]
    : naive
      ? [[`${naive[1]} ${naive[2]}:${naive[3]}:${naive[4] ?? "00"}.${(naive[5] ?? "").padEnd(3, "0")}`, "yyyy-MM-dd HH:mm:ss.SSS"]]
      : formats.map((format) => [text, format]);
  for (const [written, format] of candidates) {
    // A fixed locale: `a` reads AM/PM, and month names, the same on every machine.
    const parsed = DateTime.fromFormat(written, format, { zone: zone ?? "utc", locale: "en-US" });
    if (!parsed.isValid) continue;
    if (!utc) {
      // Luxon moves a skipped local time forward; the wall clock as written must be the one read.
      const wall = DateTime.fromFormat(written, format, { zone: "utc", locale: "en-US" });
      if (wall.hour !== parsed.hour || wall.minute !== parsed.minute) return { problem: "calendar" };
    }
    return inRange({ ms: parsed.toMillis(), day: parsed.toISODate()! });
  }
  return iso || naive ? { problem: "calendar" } : { problem: "form" };
}

function readRfc3339(m: RegExpExecArray): DateReading {
  const [, y, mo, d, h, mi, s, fraction, , sign, oh, om] = m;
  const day = `${y}-${mo}-${d}`;
  if (!isRealDay(Number(y), Number(mo), Number(d))) return { problem: "calendar" };
  if (h === undefined) return inRange({ ms: Date.UTC(Number(y), Number(mo) - 1, Number(d)) + yearFix(Number(y)), day });
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return { problem: "calendar" };
  if (sign && (Number(oh) > 23 || Number(om) > 59)) return { problem: "calendar" };
  const offsetMs = sign ? (sign === "+" ? 1 : -1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
  // Digits past the millisecond are dropped, as Date.parse does.
  const millis = fraction ? Number(fraction.padEnd(3, "0").slice(0, 3)) : 0;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis) + yearFix(Number(y)) - offsetMs;
  return inRange({ ms, day });
}

/** Date.UTC reads years 0-99 as 1900-1999; such a year is out of range anyway, but it must not land inside it. */
function yearFix(year: number): number {
  return year < 100 ? Number.NEGATIVE_INFINITY : 0;
}

function inRange(value: DateValue): DateReading {
  return value.ms >= earliestMs && value.ms < endMs ? value : { problem: "range", day: value.day };
}

/** The one example every date-time message gives. */
export const dateTimeExample = "2026-06-01T12:00:00Z";

/**
 * Why a text is not a date-time as the schemas' `format: date-time` means it (an RFC 3339 `date-time`, so
 * with seconds and an offset, a real day and time, in the plausible years), in words that follow the value
 * and say how to fix it; undefined when it is one. The one definition behind that format
 * (validate/schema-formats.ts) and its messages.
 *
 * RFC 3339 allows a lower-case `t` and `z` (section 5.6, note), and so does this; its `date-time` has no
 * space separator (the same note only lets an application choose one), no hour 24, and an offset of two
 * digits, a colon and two digits. A leap second (`23:59:60Z`) is refused: leadrules counts time as Unix
 * time (JavaScript's Date), which has no leap seconds, so no instant could stand for it (docs/decisions.md).
 */
export function dateTimeProblem(text: string): string | undefined {
  const m = rfc3339.exec(text);
  if (m && m[4] !== undefined) {
    const reading = readRfc3339(m);
    if (!("problem" in reading)) return undefined;
    if (reading.problem === "range") return describeDateProblem("range", true);
    const [, y, mo, d, h, mi, sec] = m;
    if (!isRealDay(Number(y), Number(mo), Number(d))) return `is not a real calendar day (${y}-${mo}-${d})`;
    if (sec === "60")
      return "is a leap second (:60): leadrules counts time as Unix time, and Unix time has none; write :59 of that minute or :00 of the next";
    if (h === "24") return "has the hour 24: write 00:00:00 of the next day";
    if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return "is not a real time of day (hours 00-23, minutes and seconds 00-59)";
    return "has an offset beyond 23:59";
  }
  if (m) return "is a date without a time: add the time and its offset, e.g. T00:00:00Z";
  return dateTimeMistakes.find(([form]) => form.test(text))?.[1] ?? "is not an RFC 3339 date-time";
}

/** Near misses of an RFC 3339 date-time, each with what to write instead (the first that fits is told). */
const dateTimeMistakes: readonly [form: RegExp, words: string][] = [
  [/^\d{4}-\d{2}-\d{2}\s+\d/, "separates the date and the time with a space: write a T between them"],
  [/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?$/, "has no offset: add Z for UTC, or the offset of its time zone such as +02:00"],
  [/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(?:[Zz+-]|$)/, "has no seconds: write the time as hh:mm:ss"],
  [/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}(?:\d{2})?$/, "has an offset without a colon or minutes: write it as +hh:mm"],
  [/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}\.\d{10,}/, "has more than 9 digits of a second"],
];

/** Whole days from the first plausible date to the last: no day count in a condition can mean more. */
export const plausibleDaySpan = Math.round((endMs - earliestMs) / 86_400_000);

/** Whether an instant (UTC ms) lies in the plausible years. */
export function isPlausibleInstant(ms: number): boolean {
  return ms >= earliestMs && ms < endMs;
}

/** The reason a value is not a date, in words that follow the value in a message. */
export function describeDateProblem(problem: DateProblem, time: boolean): string {
  switch (problem) {
    case "form":
      return `is not a ${time ? "date and time" : "date"}`;
    case "calendar":
      return `is not a real ${time ? "date and time" : "calendar day"}`;
    case "range":
      return `is outside the plausible dates ${plausibleDates}`;
  }
}

/** A real day of the proleptic Gregorian calendar. */
function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/** The fast form of the rules above: `YYYY-MM-DD` at the start of `t` is a real day in the plausible years. */
export function isPlausibleDay(t: string): boolean {
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return false;
  const year = digits(t, 0, 4);
  return year >= earliestYear && year <= latestYear && isRealDay(year, digits(t, 5, 2), digits(t, 8, 2));
}

/** `THH:MM:SS.sssZ` from position 10 with hours 0-23, minutes and seconds 0-59. */
export function isCanonicalTime(t: string): boolean {
  return (
    t.charCodeAt(10) === 84 &&
    t.charCodeAt(13) === 58 &&
    t.charCodeAt(16) === 58 &&
    t.charCodeAt(19) === 46 &&
    t.charCodeAt(23) === 90 &&
    upTo(digits(t, 11, 2), 23) &&
    upTo(digits(t, 14, 2), 59) &&
    upTo(digits(t, 17, 2), 59) &&
    digits(t, 20, 3) >= 0
  );
}

const upTo = (n: number, max: number) => n >= 0 && n <= max;

/** The decimal number in t[from, from+count), or -1 when any of those characters is not a digit. */
export function digits(t: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The instant of an evaluation time handed to the library (`asOf`), read as
 * every date is; a bad one is a usage error (exit 2), as on the command line.
 */
export function readAsOf(asOf: string): number {
  const reading = typeof asOf === "string" ? readDate(asOf) : ({ problem: "form" } as const);
  if (!("problem" in reading)) return reading.ms;
  // A text with more than a day is a date-time: say what is wrong with it (a space, a leap second, no offset).
  const words = typeof asOf === "string" && asOf.length > 10 ? dateTimeProblem(asOf) : undefined;
  throw new UsageError(
    `asOf ${JSON.stringify(asOf)} ${words ?? describeDateProblem(reading.problem, true)}`,
    `Give an RFC 3339 time such as ${dateTimeExample}.`,
  );
}
