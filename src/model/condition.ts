/**
 * The one condition language every policy kind uses. It mirrors
 * json-rules-engine's condition format so compiling to it is direct.
 */
export type Condition = AllCondition | AnyCondition | NotCondition | FactCondition;

export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}
export interface FactCondition {
  fact: string;
  operator: Operator;
  value: unknown;
}

/**
 * The operators of the condition language. What each one means (to both
 * evaluators, in docs, to the type check and the analysis) is its one entry in
 * compile/operators.ts, which the compiler holds to this list.
 */
export const operators = [
  "equal",
  "notEqual",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
  "matches",
  "exists",
  "daysSinceGreaterThan",
  "daysSinceLessThanInclusive",
] as const;
export type Operator = (typeof operators)[number];

export function isFactCondition(c: Condition): c is FactCondition {
  return typeof (c as FactCondition).fact === "string";
}
