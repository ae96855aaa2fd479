import { InvalidArgumentError } from "commander";
import type { CliIo } from "./io.js";
import { plausibleDates, readDate } from "../model/dates.js";

/** Runs a command body and records its exit code (set by main's one catch). */
export type CommandRunner = (body: (io: CliIo) => number | Promise<number>) => Promise<void>;

/** A commander argument parser that only accepts one of `allowed`. */
export function choice<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${allowed.join(", ")}, got "${value}".`);
    }
    return value as T;
  };
}

/** An RFC 3339 day or time with a time zone, e.g. 2026-06-01T12:00:00Z, read as leads' dates are. */
export function isoTimestamp(value: string): string {
  const reading = readDate(value);
  if (!("problem" in reading)) return new Date(reading.ms).toISOString();
  const why = reading.problem === "form" ? "expected an RFC 3339 time such as 2026-06-01T12:00:00Z" : reading.problem === "calendar" ? "expected a day and time that exist" : `expected a date from ${plausibleDates}`;
  throw new InvalidArgumentError(`${why}, got "${value}".`);
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number of at least 1, got "${value}".`);
  return n;
}
