/**
 * The meaning of every operator, in one place. json-rules-engine's built-in
 * operators are mirrored exactly (including how they treat null and values of
 * the wrong type) so the compiled evaluator agrees with the reference; the
 * custom operators are defined here and registered on json-rules-engine.
 */
import type { Operator } from "../model/condition.js";
import { parseInstant } from "../model/instants.js";
import { compilePattern } from "./patterns.js";

export type OperatorFunction = (factValue: unknown, value: any) => boolean;

const dayMs = 86_400_000;

/** json-rules-engine's numberValidator. */
export function isNumeric(factValue: unknown): boolean {
  return Number.parseFloat(factValue as string).toString() !== "NaN";
}

/**
 * Lead values are matched on their first this many characters: a title or an
 * email is far shorter, and RE2's linear time then bounds every match.
 */
export const matchedLengthCap = 1_000;

export type Matcher = (factValue: unknown) => boolean;

const matcherCache = new Map<string, Matcher>();

/**
 * The `matches` operator for one pattern, used by both evaluators (the compiled
 * one binds it, json-rules-engine calls it through `matches` below): text only,
 * within the length cap, by RE2 (patterns.ts), never by a backtracking engine.
 */
export function matcherFor(pattern: string): Matcher {
  let matcher = matcherCache.get(pattern);
  if (!matcher) {
    const regex = compilePattern(pattern);
    matcher = (value) => typeof value === "string" && regex.test(value.length > matchedLengthCap ? value.slice(0, matchedLengthCap) : value);
    matcherCache.set(pattern, matcher);
  }
  return matcher;
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
    matches: (a, b) => matcherFor(String(b))(a),
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
