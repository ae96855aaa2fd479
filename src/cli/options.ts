import { availableParallelism } from "node:os";
import { InvalidArgumentError } from "commander";
import type { CliIo } from "./io.js";
import type { PolicyCache } from "../api/policy-cache.js";
import { plausibleDates, readDate } from "../model/dates.js";

/** What every command's body gets beside its options: settings of the whole program. */
export interface RunContext {
  /** Where validated policy sets are cached; null with `--no-cache` or `LEADRULES_CACHE=off`. */
  cache: PolicyCache | null;
}

/** Runs a command body and records its exit code (set by main's one catch). */
export type CommandRunner = (body: (io: CliIo, context: RunContext) => number | Promise<number>) => Promise<void>;

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
  const why =
    reading.problem === "form"
      ? "expected an RFC 3339 time such as 2026-06-01T12:00:00Z"
      : reading.problem === "calendar"
        ? "expected a day and time that exist"
        : `expected a date from ${plausibleDates}`;
  throw new InvalidArgumentError(`${why}, got "${value}".`);
}

/** An --out path. An empty one would silently mean "no --out" (stdout), which nobody means by typing it. */
export function outputPath(value: string): string {
  if (value.trim() === "") throw new InvalidArgumentError(`expected a path, got "${value}".`);
  return value;
}

/** An input file's path (`--sends`, `--signals`): an empty one is a typo, not "no file". */
export const inputPath = outputPath;

/**
 * A whole number of at least 1, written as plain decimal digits. `Number()` would also take `1e3`, `0x10`,
 * ` 5` and `5.0`, which nobody means as a count.
 */
export function positiveInteger(value: string): number {
  const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError(`expected a whole number of at least 1 in plain digits, got "${value}".`);
  return n;
}

/** A memory size as DuckDB reads one: a number and a unit (`500MB`, `2GB`, `1.5GiB`). */
export function memorySize(value: string): string {
  const match = /^([0-9]+(?:\.[0-9]+)?) ?([KMGT]i?B)$/i.exec(value.trim());
  if (!match || Number(match[1]) <= 0) throw new InvalidArgumentError(`expected a size such as 500MB or 2GB, got "${value}".`);
  return `${match[1]}${match[2]!.toUpperCase().replace("IB", "iB")}`;
}

/** `positiveInteger` up to `max`. */
export function positiveIntegerUpTo(max: number) {
  return (value: string): number => {
    const n = positiveInteger(value);
    if (n > max) throw new InvalidArgumentError(`expected at most ${max}, got "${value}".`);
    return n;
  };
}

/** A number from 0 to 100, in plain decimal digits (e.g. 80, 92.5 or 85%). */
export function percent(value: string): number {
  const n = /^[0-9]+(\.[0-9]+)?%?$/.test(value) ? Number(value.replace(/%$/, "")) : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError(`expected a percentage from 0 to 100, got "${value}".`);
  return n;
}

/**
 * `--workers`, at most one per core: more threads than cores only cost memory and time (64 workers took
 * 2 GB and ran 20 times slower). Says so when it caps.
 */
export function workersFor(requested: number, io: CliIo): number {
  const cores = availableParallelism();
  if (requested <= cores) return requested;
  io.stderr(`note: --workers ${requested} capped at ${cores}, the number of cores of this machine\n`);
  return cores;
}
