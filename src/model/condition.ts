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

/** json-rules-engine's built-in operators. */
export const builtinOperators = [
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
] as const;

/** Operators leadrules registers on json-rules-engine as custom operators. */
export const customOperators = [
  "matches",
  "exists",
  "daysSinceGreaterThan",
  "daysSinceLessThanInclusive",
] as const;

export const operators = [...builtinOperators, ...customOperators] as const;
export type Operator = (typeof operators)[number];

export function isFactCondition(c: Condition): c is FactCondition {
  return typeof (c as FactCondition).fact === "string";
}

/** Every fact condition inside a condition tree, with its JSON pointer relative to the tree. */
export function* factConditions(
  condition: Condition,
  pointer = "",
): Generator<{ condition: FactCondition; pointer: string }> {
  if ("all" in condition) {
    for (const [i, c] of condition.all.entries()) yield* factConditions(c, `${pointer}/all/${i}`);
  } else if ("any" in condition) {
    for (const [i, c] of condition.any.entries()) yield* factConditions(c, `${pointer}/any/${i}`);
  } else if ("not" in condition) {
    yield* factConditions(condition.not, `${pointer}/not`);
  } else {
    yield { condition, pointer };
  }
}
