/**
 * One column of an export, profiled as its rows go past: how often it is
 * filled (null markers count as empty), what it holds (detect-type.ts), its
 * most frequent values and how many distinct values it has. Distinct values
 * are counted up to a cap, so a column of a million ids costs a thousand map
 * entries, not a million; past the cap the report says "more than".
 */
import { TypeDetector, type DetectedType, type NumberFormatSeen } from "./detect-type.js";

/** Distinct values kept per column; beyond this the count is "more than". */
export const maxDistinct = 1000;
/** Most frequent values shown per column. */
export const topValues = 10;

/** Texts exports write for "no value", recognised whatever the settings say (so a draft mapping can list them). */
export const knownNullMarkers = [
  "Select",
  "--None--",
  "N/A",
  "n/a",
  "NA",
  "#N/A",
  "-",
  "--",
  "null",
  "NULL",
  "None",
  "none",
  "unknown",
  "Unknown",
  "k. A.",
  "(blank)",
];
const knownNullKeys = new Set(knownNullMarkers.map((m) => m.toLowerCase()));

export interface ValueCount {
  value: string;
  count: number;
}

export interface ColumnProfile {
  name: string;
  /** Rows with a value (not empty, not a null marker of the settings). */
  filled: number;
  rows: number;
  /** filled / rows, rounded to three decimals (0 for a file without rows). */
  fillRate: number;
  type: DetectedType;
  /** date, datetime: the Luxon format that reads every value, `RFC 3339`, or `ambiguous`. */
  dateFormat?: string;
  /** When the date format is ambiguous: a month-first and a day-first format that both read every value. */
  dateFormats?: string[];
  numberFormat?: NumberFormatSeen;
  /** Null markers written in the column (the settings' and other common ones), most frequent first. */
  nullMarkers: ValueCount[];
  distinct: { count: number; more: boolean };
  /** The most frequent values (trimmed; null markers included), most frequent first, then by value. */
  top: ValueCount[];
  /** Dictionary fields this column feeds by the settings (empty: none). */
  fields: string[];
}

export class ColumnProfiler {
  private filled = 0;
  private readonly values = new Map<string, number>();
  private more = false;
  private readonly markers = new Map<string, number>();
  private readonly detector: TypeDetector;

  constructor(
    readonly name: string,
    private readonly isNull: (raw: unknown) => boolean,
    booleans: ReadonlySet<string>,
  ) {
    this.detector = new TypeDetector(booleans);
  }

  /** One row's cell (absent cells are undefined); whether it was filled. */
  see(raw: unknown): boolean {
    if (raw === undefined || raw === null) return false;
    const text = (typeof raw === "string" ? raw : typeof raw === "object" ? JSON.stringify(raw) : String(raw)).trim();
    if (text === "") return false;
    const count = this.values.get(text);
    if (count !== undefined) this.values.set(text, count + 1);
    else if (this.values.size < maxDistinct) this.values.set(text, 1);
    else this.more = true;
    const marker = knownNullKeys.has(text.toLowerCase());
    const settingsNull = this.isNull(raw);
    if (marker || settingsNull) this.markers.set(text, (this.markers.get(text) ?? 0) + 1);
    if (settingsNull) return false;
    this.filled++;
    if (!marker) this.detector.see(text);
    return true;
  }

  /** Every distinct value kept, most frequent first. */
  distinctValues(): ValueCount[] {
    return byCount(this.values);
  }

  profile(rows: number, fields: string[]): ColumnProfile {
    const detection = this.detector.result();
    return {
      name: this.name,
      filled: this.filled,
      rows,
      fillRate: rows === 0 ? 0 : Math.round((this.filled / rows) * 1000) / 1000,
      type: detection.type,
      ...(detection.dateFormat !== undefined ? { dateFormat: detection.dateFormat } : {}),
      ...(detection.dateFormats ? { dateFormats: detection.dateFormats } : {}),
      ...(detection.numberFormat ? { numberFormat: detection.numberFormat } : {}),
      nullMarkers: byCount(this.markers),
      distinct: { count: this.values.size, more: this.more },
      top: byCount(this.values).slice(0, topValues),
      fields,
    };
  }
}

/** Most frequent first, then by value (code-unit order, the same on every machine). */
export function byCount(counts: ReadonlyMap<string, number>): ValueCount[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
