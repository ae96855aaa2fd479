import { InvalidArgumentError } from "commander";
import type { CliIo } from "./io.js";

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

/** An ISO 8601 timestamp with a time zone, e.g. 2026-06-01T12:00:00Z. */
export function isoTimestamp(value: string): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) || Number.isNaN(ms)) {
    throw new InvalidArgumentError(`expected an ISO 8601 time such as 2026-06-01T12:00:00Z, got "${value}".`);
  }
  return new Date(ms).toISOString();
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number of at least 1, got "${value}".`);
  return n;
}
