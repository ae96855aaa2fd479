/**
 * Reading the outcome column of a history. The raw text of the column decides, read one of two ways,
 * chosen by the column's values:
 * - **yes/no**: when any value is a yes/no word (`true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0`, any case,
 *   trimmed). Then `true`, `yes`, `y`, `1` are positive and `false`, `no`, `n`, `0` negative; anything
 *   else, an empty value included, is unknown.
 * - **presence** (an id such as `convertedOpportunityId`): when no value is a yes/no word. A non-empty
 *   value is positive, an empty one negative.
 * An unknown value is never guessed: it is counted, and the backtest refuses to run (exit 2).
 */

export type OutcomeReading = "yes/no" | "presence";

const yes = new Set(["true", "yes", "y", "1"]);
const no = new Set(["false", "no", "n", "0"]);

/** The raw value as text: null, undefined and empty strings are empty. */
export function outcomeText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value).trim();
}

/** How a column with these values is read. */
export function outcomeReading(values: Iterable<string>): OutcomeReading {
  for (const value of values) {
    const word = value.toLowerCase();
    if (yes.has(word) || no.has(word)) return "yes/no";
  }
  return "presence";
}

/** A value read the column's way: true (positive), false (negative) or null (unknown). */
export function readOutcome(reading: OutcomeReading, value: string): boolean | null {
  if (reading === "presence") return value !== "";
  const word = value.toLowerCase();
  return yes.has(word) ? true : no.has(word) ? false : null;
}
