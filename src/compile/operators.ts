/**
 * The meaning of every operator, in one place. json-rules-engine's built-in
 * operators are mirrored exactly (including how they treat null and values of
 * the wrong type) so the compiled evaluator agrees with the reference; the
 * custom operators are defined here and registered on json-rules-engine.
 */
import safeRegex from "safe-regex2";
import type { Operator } from "../model/condition.js";
import { parseInstant } from "./instants.js";

export type OperatorFunction = (factValue: unknown, value: any) => boolean;

const dayMs = 86_400_000;

/** json-rules-engine's numberValidator. */
export function isNumeric(factValue: unknown): boolean {
  return Number.parseFloat(factValue as string).toString() !== "NaN";
}

const patternCache = new Map<string, RegExp>();

/** Compiles a `matches` pattern; a leading `(?i)` (as in PCRE/Java) means case-insensitive. */
export function compilePattern(pattern: string): RegExp {
  let regex = patternCache.get(pattern);
  if (!regex) {
    const insensitive = pattern.startsWith("(?i)");
    regex = new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? "iu" : "u");
    patternCache.set(pattern, regex);
  }
  return regex;
}

/**
 * Whether a (valid) `matches` pattern is free of catastrophic backtracking as
 * far as safe-regex2 can tell: no repetition of a repeated group (`(a+)+`).
 * Validate refuses the others, so no lead value can make one take minutes.
 */
export function isSafePattern(pattern: string): boolean {
  return safeRegex(compilePattern(pattern));
}

/**
 * Lead values are matched on their first this many characters: a title or an
 * email is far shorter, and even a pattern the checker misses stays cheap on a
 * megabyte-long value.
 */
export const matchedLengthCap = 1_000;

/** Whether a lead value matches a compiled pattern, within the length cap. */
export function matchesPattern(regex: RegExp, value: string): boolean {
  return regex.test(value.length > matchedLengthCap ? value.slice(0, matchedLengthCap) : value);
}

/** Whole days from a date-like fact to the as-of time; null when the fact is not a date. */
export function daysSince(factValue: unknown, asOfMs: number): number | null {
  if (typeof factValue !== "string") return null;
  const ms = parseInstant(factValue);
  if (Number.isNaN(ms)) return null;
  return Math.floor((asOfMs - ms) / dayMs);
}

/** The custom operators, bound to an as-of time: (fact value, condition value) -> boolean. */
export function customOperatorFunctions(asOfMs: number): Record<"matches" | "exists" | "daysSinceGreaterThan" | "daysSinceLessThanInclusive", OperatorFunction> {
  return {
    matches: (a, b) => typeof a === "string" && matchesPattern(compilePattern(String(b)), a),
    exists: (a, b) => (a !== null && a !== undefined && !(Array.isArray(a) && a.length === 0)) === b,
    daysSinceGreaterThan: (a, b) => {
      const days = daysSince(a, asOfMs);
      return days !== null && days > b;
    },
    daysSinceLessThanInclusive: (a, b) => {
      const days = daysSince(a, asOfMs);
      return days !== null && days <= b;
    },
  };
}

/** Every operator as a plain function, as json-rules-engine would evaluate it. */
export function operatorFunctions(asOfMs: number): Record<Operator, OperatorFunction> {
  return {
    equal: (a, b) => a === b,
    notEqual: (a, b) => a !== b,
    in: (a, b) => b.indexOf(a) > -1,
    notIn: (a, b) => b.indexOf(a) === -1,
    contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
    doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
    lessThan: (a, b) => isNumeric(a) && (a as number) < b,
    lessThanInclusive: (a, b) => isNumeric(a) && (a as number) <= b,
    greaterThan: (a, b) => isNumeric(a) && (a as number) > b,
    greaterThanInclusive: (a, b) => isNumeric(a) && (a as number) >= b,
    ...customOperatorFunctions(asOfMs),
  };
}

/** Operator definitions to register on a json-rules-engine Engine: `engine.addOperator(name, fn)`. */
export function leadrulesOperators(asOf: Date | string): { name: string; evaluate: OperatorFunction }[] {
  const asOfMs = typeof asOf === "string" ? Date.parse(asOf) : asOf.getTime();
  return Object.entries(customOperatorFunctions(asOfMs))
    .map(([name, evaluate]) => ({ name, evaluate }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}
