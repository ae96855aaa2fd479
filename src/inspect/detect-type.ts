/**
 * What a column holds, told from its values one at a time: every candidate
 * type and format starts alive and is struck out by the first value it cannot
 * read, so memory is a few flags per column whatever the file. Dates are tried
 * in the formats exports really use (`M/d/yyyy`, `dd.MM.yyyy`, ...); when a
 * month-first and a day-first format both read every value the format is
 * "ambiguous" rather than a guess. Numbers are tried as US (`1,234.50`) and
 * European (`1.234,50`) writing, with the currency signs seen around them.
 */
import { DateTime } from "luxon";
import { numberReader } from "../input/convert-values.js";
import { readDate } from "../model/dates.js";

export type DetectedType = "number" | "integer" | "boolean" | "date" | "datetime" | "email" | "text" | "empty";

/** Date formats tried, loose before strict (`M/d/yyyy` reads `04/02/2026` too), grouped by which part comes first. */
const dateCandidates: { format: string; order: "month" | "day" | "year" }[] = [
  { format: "M/d/yyyy", order: "month" },
  { format: "MM/dd/yyyy", order: "month" },
  { format: "d/M/yyyy", order: "day" },
  { format: "dd/MM/yyyy", order: "day" },
  { format: "dd.MM.yyyy", order: "day" },
  { format: "yyyy-MM-dd", order: "year" },
];
const timeCandidates = ["h:mm a", "HH:mm", "HH:mm:ss"];
/** A date-time with an offset (`2026-06-01T03:35:00.000Z`): read by every profile, named so in reports. */
export const rfc3339Format = "RFC 3339";

interface FormatCandidate {
  format: string;
  order: "month" | "day" | "year" | "rfc3339";
  time: boolean;
  alive: boolean;
}

const looksLikeDate = /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?:[ T]|$)/;
const looksLikeNumber = /^[(+-]?\s*(?:[$€£¥]|[A-Z]{3})?\s*-?\d[\d.,'\s\u00a0\u202f]*\s*(?:[$€£¥]|[A-Z]{3})?\)?$/;
const currencyAround = /^\(?[+-]?\s*([$€£¥]|[A-Z]{3})|([$€£¥]|[A-Z]{3})\)?$/;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Number writings tried: the thousands separator and decimal mark. */
const numberCandidates = [
  { thousands: ",", decimal: "." },
  { thousands: ".", decimal: "," },
] as const;

export interface NumberFormatSeen {
  /** The thousands separator a value used, or null when none did. */
  thousands: string | null;
  /** The decimal mark a value used, or null when every value was whole. */
  decimal: string | null;
  /** Currency signs or codes written before or after a number. */
  currency: string[];
}

export interface Detection {
  type: DetectedType;
  /** date, datetime: the Luxon format that reads every value, `RFC 3339`, or `ambiguous`. */
  dateFormat?: string;
  /** When the format is ambiguous: the formats that read every value. */
  dateFormats?: string[];
  numberFormat?: NumberFormatSeen;
}

export class TypeDetector {
  private seen = 0;
  private boolean = true;
  private email = true;
  private number = true;
  private readonly numbers = numberCandidates.map((c) => ({
    ...c,
    read: numberReader({ ...c, currency: [] }),
    alive: true,
    whole: true,
    thousandsSeen: false,
    decimalSeen: false,
  }));
  private readonly currency = new Set<string>();
  private date = true;
  private readonly formats: FormatCandidate[] = [
    ...dateCandidates.map((c) => ({ ...c, time: false, alive: true })),
    ...dateCandidates.flatMap((c) => timeCandidates.map((t) => ({ format: `${c.format} ${t}`, order: c.order, time: true, alive: true }))),
    { format: rfc3339Format, order: "rfc3339", time: true, alive: true },
  ];

  /** `booleans`: the spellings of yes and no, lower-cased. */
  constructor(private readonly booleans: ReadonlySet<string>) {}

  /** One value that is not empty and no null marker, trimmed. */
  see(text: string): void {
    this.seen++;
    if (this.boolean && !this.booleans.has(text.toLowerCase())) this.boolean = false;
    if (this.email && !email.test(text)) this.email = false;
    if (this.number) this.seeNumber(text);
    if (this.date) this.seeDate(text);
  }

  result(): Detection {
    if (this.seen === 0) return { type: "empty" };
    if (this.boolean) return { type: "boolean" };
    const number = this.number ? this.numbers.find((c) => c.alive) : undefined;
    if (number) {
      const numberFormat: NumberFormatSeen = {
        thousands: number.thousandsSeen ? number.thousands : null,
        decimal: number.decimalSeen ? number.decimal : null,
        currency: [...this.currency].sort(),
      };
      return { type: number.whole ? "integer" : "number", numberFormat };
    }
    if (this.date) {
      const alive = this.formats.filter((f) => f.alive);
      const dates = alive.filter((f) => !f.time);
      const chosen = dates.length > 0 ? dates : alive;
      if (chosen.length > 0) {
        const type = dates.length > 0 ? "date" : "datetime";
        const orders = new Set(chosen.map((f) => f.order));
        if (orders.has("month") && orders.has("day")) {
          const first = (order: string) => chosen.find((f) => f.order === order)!.format;
          return { type, dateFormat: "ambiguous", dateFormats: [first("month"), first("day")] };
        }
        return { type, dateFormat: chosen[0]!.format };
      }
    }
    if (this.email) return { type: "email" };
    return { type: "text" };
  }

  private seeNumber(text: string): void {
    // Leading zeros (`000123`, `0049...`) are ids and phone numbers, not amounts.
    if (!looksLikeNumber.test(text) || /^0\d/.test(text)) {
      this.number = false;
      return;
    }
    const currency = currencyAround.exec(text);
    const sign = currency?.[1] ?? currency?.[2];
    const core = sign
      ? text
          .replace(sign, "")
          .replace(/^\(\s+|\s+\)$/g, (m) => m.trim())
          .trim()
      : text;
    let any = false;
    for (const c of this.numbers) {
      if (!c.alive) continue;
      if (!Number.isFinite(c.read(core))) {
        c.alive = false;
        continue;
      }
      any = true;
      if (core.includes(c.thousands)) c.thousandsSeen = true;
      if (core.includes(c.decimal)) {
        c.decimalSeen = true;
        c.whole = false;
      }
    }
    if (!any) this.number = false;
    else if (sign) this.currency.add(sign);
  }

  private seeDate(text: string): void {
    const rfc = /^\d{4}-\d{2}-\d{2}T/.test(text) && !("problem" in readDate(text));
    if (!looksLikeDate.test(text)) {
      this.date = false;
      return;
    }
    let any = false;
    for (const f of this.formats) {
      if (!f.alive) continue;
      f.alive = f.order === "rfc3339" ? rfc : DateTime.fromFormat(text, f.format, { zone: "utc" }).isValid;
      any ||= f.alive;
    }
    if (!any) this.date = false;
  }
}
