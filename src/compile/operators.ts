/**
 * Every operator, defined once: one entry holds what it means to
 * json-rules-engine (`evaluate`, the reference; built-in operators mirror
 * json-rules-engine exactly, including how they treat null and values of the
 * wrong type), the JavaScript the compiled evaluator generates for it (`code`),
 * its words in docs (`words`), the field types and value it takes and what to
 * use instead (`types`, `value`, `advice`: the type check) and the constants
 * the decision-logic analysis partitions a fact's domain at (`domain`).
 * Adding an operator is its name in model/condition.ts and one entry here;
 * tests/operators.test.ts checks that `evaluate` and `code` agree.
 */
import type { Operator } from "../model/condition.js";
import type { FieldType } from "../model/policy.js";
import { parseInstant } from "../model/instants.js";
import { compilePattern } from "./patterns.js";
import type { SqlDialect } from "./sql-dialect.js";

export type OperatorFunction = (factValue: unknown, value: any) => boolean;

/** Writes generated code for one comparison; see compile-condition.ts. */
export interface OperatorCode {
  /** A literal for a plain value, a binding for anything else. */
  value(value: unknown): string;
  /** Binds a value (a helper, a list) and returns the name the code refers to it by. */
  bind(value: unknown): string;
  /** An expression calling this operator's own `evaluate` (bound to the as-of time) on the fact and the value. */
  callEvaluate(operator: Operator, a: string, b: string): string;
}

/** What an operator's SQL needs besides the fact's column and the value (see `OperatorDefinition.sql`). */
export interface OperatorSql {
  dialect: SqlDialect;
  /** The as-of time, epoch milliseconds. */
  asOfMs: number;
  /** The fact's column holds a list (a multipicklist). */
  list: boolean;
}

/**
 * The constants a comparison contributes to its fact's candidate values:
 * plain values (numbers are tried at, just below and just above), day counts
 * (dates are tried at, one day before and one day after), patterns (strings
 * built from their alternatives).
 */
export interface DomainConstants {
  values?: readonly unknown[];
  days?: readonly number[];
  patterns?: readonly string[];
}

/**
 * The comparison value an operator takes, checked against the fact's type:
 * `typed` a value of the fact's type, `list` a list of those, `one` one
 * multipicklist value, `boolean` true or false, `pattern` a safe regular
 * expression, `days` a whole number of days.
 */
export type OperatorValue = "typed" | "list" | "one" | "boolean" | "pattern" | "days";

export interface OperatorDefinition {
  /** A json-rules-engine built-in; the others are registered with `leadrulesOperators(asOf)`. */
  builtin: boolean;
  /** The meaning, as json-rules-engine evaluates it: (fact value, condition value, as-of time) -> holds. */
  evaluate(factValue: unknown, value: any, asOfMs: number): boolean;
  /**
   * The compiled evaluator's expression; `a` reads the fact, `b` is the value
   * as code. Must mean exactly `evaluate`. Policy text enters the code only
   * through `a`, `b`, `code.value` and `code.bind` (the safety rule of codegen.ts).
   */
  code(a: string, b: string, value: unknown, code: OperatorCode): string;
  /**
   * For date operators: the expression given a local holding the whole days since the fact (`daysSince`,
   * null when the fact is no date), for code that works them out once per lead. Must mean exactly `evaluate`.
   */
  daysCode?(days: string, b: string): string;
  /**
   * The comparison as SQL (compiler in sql/condition-sql.ts): `a` is the fact's column, typed as the
   * dictionary says and NULL when the lead has no value (normalized leads hold nothing else). TRUE or
   * FALSE, never NULL, and exactly `evaluate` on such values. The value enters only through the
   * dialect's `literal` and `textList`.
   */
  sql(a: string, value: unknown, s: OperatorSql): string;
  /** The comparison in words after the fact's label; `v` is the value in words ("yes"/"no" for booleans). */
  words(v: string): string;
  /** The field types the operator accepts. */
  types: readonly FieldType[];
  value: OperatorValue;
  /** What to use instead, when a policy applies the operator to a field type it does not accept. */
  advice?: string;
  /** The constants the decision-logic analysis partitions the fact's domain at. */
  domain(value: unknown): DomainConstants;
}

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
    matcher = (value) =>
      typeof value === "string" && regex.test(value.length > matchedLengthCap ? value.slice(0, matchedLengthCap) : value);
    matcherCache.set(pattern, matcher);
  }
  return matcher;
}

/** Whole days from a date-like fact to the as-of time; null when the fact is not a date. */
export function daysSince(factValue: unknown, asOfMs: number): number | null {
  if (typeof factValue !== "string") return null;
  return daysFromMs(parseInstant(factValue), asOfMs);
}

/** Whole days from an instant (ms, NaN when the fact was no date) to the as-of time; null for NaN. */
export function daysFromMs(ms: number, asOfMs: number): number | null {
  if (Number.isNaN(ms)) return null;
  return Math.floor((asOfMs - ms) / dayMs);
}

const numeric: FieldType[] = ["number", "integer"];
const dates: FieldType[] = ["date", "datetime"];
const texts: FieldType[] = ["string", "email", "picklist"];
const scalars: FieldType[] = [...numeric, ...texts, "boolean", ...dates];

/** Lists contribute each of their values, anything else itself. */
const plainValues = (value: unknown): DomainConstants => ({ values: Array.isArray(value) ? value : [value] });
const dayCount = (value: unknown): DomainConstants => ({ days: [Number(value)] });

/** A comparison of numbers as json-rules-engine makes it: the fact must be numeric. */
function numberComparison(
  compare: "<" | "<=" | ">" | ">=",
  evaluate: (a: number, b: number) => boolean,
  words: (v: string) => string,
  advice?: string,
): OperatorDefinition {
  return {
    builtin: true,
    evaluate: (a, b) => isNumeric(a) && evaluate(a as number, b),
    // A number is numeric unless NaN, and NaN compares false anyway: only other types need isNumeric.
    code: (a, b) => `(typeof ${a} === "number" ? ${a} ${compare} ${b} : isNumeric(${a}) && ${a} ${compare} ${b})`,
    sql: (a, value, { dialect }) => known(`${a} ${compare} ${dialect.literal(sqlNumber(value))}`),
    words,
    types: numeric,
    value: "typed",
    ...(advice ? { advice } : {}),
    domain: plainValues,
  };
}

/** `in` / `notIn`: a short list of plain values is compared inline, a longer one searched. */
function listMembership(a: string, b: string, value: unknown, code: OperatorCode): string {
  return isShortPrimitiveList(value)
    ? `(${value.map((v) => `${a} === ${code.value(v)}`).join(" || ") || "false"})`
    : `(${b}.indexOf(${a}) > -1)`;
}

function isShortPrimitiveList(value: unknown): value is (string | number | boolean | null)[] {
  return (
    Array.isArray(value) &&
    value.length <= 8 &&
    value.every((v) => typeof v === "string" || typeof v === "boolean" || v === null || (typeof v === "number" && !Number.isNaN(v)))
  );
}

const compareDates = "Compare dates with daysSinceGreaterThan / daysSinceLessThanInclusive.";

/** A SQL condition that is TRUE or FALSE where SQL would say NULL (unknown): json-rules-engine never does. */
const known = (condition: string) => `coalesce(${condition}, FALSE)`;

function sqlNumber(value: unknown): number {
  if (typeof value !== "number") throw new Error(`a number comparison needs a number, not ${JSON.stringify(value)}`);
  return value;
}

// The value of `equal` and `in` is never null in a valid set (condition-types.ts), and `literal` refuses null,
// so SQL's `=` (unknown for a lead with no value, read as FALSE) means `===` here.
const sqlEqual = (a: string, value: unknown, { dialect }: OperatorSql) => known(`${a} = ${dialect.literal(value)}`);

function sqlIn(a: string, value: unknown, { dialect }: OperatorSql): string {
  const values = Array.isArray(value) ? value : [];
  return values.length > 0 ? known(`${a} IN (${values.map((v) => dialect.literal(v)).join(", ")})`) : "FALSE";
}

/** Whole days from a date column to the as-of time (floored, as daysSince), compared with `value`. */
function sqlDaysSince(compare: ">" | "<=") {
  return (a: string, value: unknown, { dialect, asOfMs }: OperatorSql) =>
    known(
      `floor((${dialect.literal(asOfMs)} - ${dialect.epochMs(a)}) / ${dialect.literal(dayMs)}) ${compare} ${dialect.literal(sqlNumber(value))}`,
    );
}

/** The operators, in the order of the condition language (model/condition.ts). */
export const operatorDefinitions: Readonly<Record<Operator, OperatorDefinition>> = {
  equal: {
    builtin: true,
    evaluate: (a, b) => a === b,
    code: (a, b) => `(${a} === ${b})`,
    sql: sqlEqual,
    words: (v) => `is ${v}`,
    types: scalars,
    value: "typed",
    domain: plainValues,
  },
  notEqual: {
    builtin: true,
    evaluate: (a, b) => a !== b,
    code: (a, b) => `(${a} !== ${b})`,
    sql: (a, value, s) => `(NOT ${sqlEqual(a, value, s)})`,
    words: (v) => `is not ${v}`,
    types: scalars,
    value: "typed",
    domain: plainValues,
  },
  lessThan: numberComparison(
    "<",
    (a, b) => a < b,
    (v) => `is less than ${v}`,
    compareDates,
  ),
  lessThanInclusive: numberComparison(
    "<=",
    (a, b) => a <= b,
    (v) => `is at most ${v}`,
  ),
  greaterThan: numberComparison(
    ">",
    (a, b) => a > b,
    (v) => `is more than ${v}`,
    compareDates,
  ),
  greaterThanInclusive: numberComparison(
    ">=",
    (a, b) => a >= b,
    (v) => `is at least ${v}`,
  ),
  in: {
    builtin: true,
    evaluate: (a, b) => b.indexOf(a) > -1,
    code: listMembership,
    sql: sqlIn,
    words: (v) => `is one of ${v}`,
    types: [...numeric, ...texts],
    value: "list",
    domain: plainValues,
  },
  notIn: {
    builtin: true,
    evaluate: (a, b) => b.indexOf(a) === -1,
    code: (a, b, value, code) => `!${listMembership(a, b, value, code)}`,
    sql: (a, value, s) => `(NOT ${sqlIn(a, value, s)})`,
    words: (v) => `is none of ${v}`,
    types: [...numeric, ...texts],
    value: "list",
    domain: plainValues,
  },
  contains: {
    builtin: true,
    evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
    code: (a, b) => `(Array.isArray(${a}) && ${a}.indexOf(${b}) > -1)`,
    sql: (a, value, { dialect }) => known(dialect.listContains(a, dialect.literal(value))),
    words: (v) => `includes ${v}`,
    types: ["multipicklist"],
    value: "one",
    advice: "For a single-value field use `equal` or `in`; `matches` tests text.",
    domain: plainValues,
  },
  doesNotContain: {
    builtin: true,
    evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
    code: (a, b) => `(Array.isArray(${a}) && ${a}.indexOf(${b}) === -1)`,
    sql: (a, value, { dialect }) => known(`NOT ${dialect.listContains(a, dialect.literal(value))}`),
    words: (v) => `does not include ${v}`,
    types: ["multipicklist"],
    value: "one",
    domain: plainValues,
  },
  matches: {
    builtin: false,
    evaluate: (a, b) => matcherFor(String(b))(a),
    // The same matcher json-rules-engine calls, bound once per pattern.
    code: (a, _b, value, code) => `${code.bind(matcherFor(String(value)))}(${a})`,
    // RE2 in both; the cap counts UTF-16 units in JavaScript and characters in SQL, which differ only for
    // a value over 1,000 units holding characters outside the Basic Multilingual Plane.
    sql: (a, value, { dialect }) => known(dialect.regexMatches(dialect.leftChars(a, matchedLengthCap), String(value))),
    words: (v) => `matches the pattern ${v}`,
    types: texts,
    value: "pattern",
    domain: (value) => ({ patterns: [String(value)] }),
  },
  exists: {
    builtin: false,
    evaluate: (a, b) => (a !== null && a !== undefined && !(Array.isArray(a) && a.length === 0)) === b,
    code: (a, b, _value, code) => code.callEvaluate("exists", a, b),
    sql: (a, value, { dialect, list }) => {
      if (typeof value !== "boolean") return "FALSE";
      const filled = list ? `(${a} IS NOT NULL AND ${dialect.listLength(a)} > 0)` : `(${a} IS NOT NULL)`;
      return value ? filled : `(NOT ${filled})`;
    },
    words: (v) => (v === "yes" ? "is filled in" : "is empty"),
    types: [...scalars, "multipicklist"],
    value: "boolean",
    // Filled in or empty: null is always a candidate already.
    domain: () => ({}),
  },
  daysSinceGreaterThan: {
    builtin: false,
    evaluate: (a, b, asOfMs) => {
      const days = daysSince(a, asOfMs);
      return days !== null && days > b;
    },
    code: (a, b, _value, code) => code.callEvaluate("daysSinceGreaterThan", a, b),
    daysCode: (days, b) => `(${days} !== null && ${days} > ${b})`,
    sql: sqlDaysSince(">"),
    words: (v) => `was more than ${v} days ago`,
    types: dates,
    value: "days",
    domain: dayCount,
  },
  daysSinceLessThanInclusive: {
    builtin: false,
    evaluate: (a, b, asOfMs) => {
      const days = daysSince(a, asOfMs);
      return days !== null && days <= b;
    },
    code: (a, b, _value, code) => code.callEvaluate("daysSinceLessThanInclusive", a, b),
    daysCode: (days, b) => `(${days} !== null && ${days} <= ${b})`,
    sql: sqlDaysSince("<="),
    words: (v) => `was at most ${v} days ago`,
    types: dates,
    value: "days",
    domain: dayCount,
  },
};

/** Operators leadrules registers on json-rules-engine as custom operators, in table order. */
export const customOperators = (Object.keys(operatorDefinitions) as Operator[]).filter((op) => !operatorDefinitions[op].builtin);

/** Every operator as a plain function, as json-rules-engine would evaluate it. */
export function operatorFunctions(asOfMs: number): Record<Operator, OperatorFunction> {
  return Object.fromEntries(
    Object.entries(operatorDefinitions).map(([name, d]) => [name, (a: unknown, b: any) => d.evaluate(a, b, asOfMs)]),
  ) as Record<Operator, OperatorFunction>;
}

/** The custom operators, bound to an as-of time: (fact value, condition value) -> boolean. */
export function customOperatorFunctions(asOfMs: number): Record<(typeof customOperators)[number], OperatorFunction> {
  const all = operatorFunctions(asOfMs);
  return Object.fromEntries(customOperators.map((op) => [op, all[op]])) as Record<(typeof customOperators)[number], OperatorFunction>;
}

/** Operator definitions to register on a json-rules-engine Engine: `engine.addOperator(name, fn)`. */
export function leadrulesOperators(asOf: Date | string): { name: string; evaluate: OperatorFunction }[] {
  const asOfMs = typeof asOf === "string" ? Date.parse(asOf) : asOf.getTime();
  return Object.entries(customOperatorFunctions(asOfMs))
    .map(([name, evaluate]) => ({ name, evaluate }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}
