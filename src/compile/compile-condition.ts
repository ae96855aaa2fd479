/**
 * The compiled evaluator: the conditions of a pipeline step become one
 * generated JavaScript function that reads each fact with a fixed key and
 * compares it inline. Same operator semantics as json-rules-engine (see
 * operators.ts, which this mirrors); differential tests prove the two agree.
 */
import type { Condition, FactCondition } from "../model/condition.js";
import type { Lead } from "../model/lead.js";
import type { OperatorFunction } from "./operators.js";
import { isNumeric, matcherFor, operatorFunctions } from "./operators.js";
import { type Operator } from "../model/condition.js";
import { generate, literal, property } from "./codegen.js";

export type Facts = Lead;
export type CompiledCondition = (facts: Facts) => boolean;
/** results[i] tells whether conditions[i] holds. */
export type CompiledConditions = (facts: Facts) => boolean[];

/** Conditions as one function returning whether each holds, in order. */
export function compileConditions(conditions: readonly Condition[], asOfMs: number): CompiledConditions {
  const code = new ConditionCode(asOfMs);
  const lines = conditions.map((c, i) => `results[${i}] = ${code.expression(c)};`);
  return generate(code.bindings, `return function holds(f) {\nconst results = new Array(${conditions.length});\n${lines.join("\n")}\nreturn results;\n};`);
}

/** One condition as a function. */
export function compileCondition(condition: Condition, asOfMs: number): CompiledCondition {
  const code = new ConditionCode(asOfMs);
  return generate(code.bindings, `return function holds(f) { return ${code.expression(condition)}; };`);
}

/** Generates expressions; values that are not plain literals become bindings (`c0`, `c1`...). */
class ConditionCode {
  readonly bindings: Record<string, unknown>;
  private count = 0;

  constructor(asOfMs: number) {
    this.bindings = { ops: operatorFunctions(asOfMs), isNumeric };
  }

  expression(condition: Condition): string {
    if ("all" in condition) return condition.all.length === 0 ? "true" : `(${condition.all.map((c) => this.expression(c)).join(" && ")})`;
    if ("any" in condition) return condition.any.length === 0 ? "false" : `(${condition.any.map((c) => this.expression(c)).join(" || ")})`;
    if ("not" in condition) return `!${this.expression(condition.not)}`;
    return this.leaf(condition);
  }

  /** A comparison; json-rules-engine reads a missing fact as undefined (allowUndefinedFacts), as does `f[key]`. */
  private leaf({ fact, operator, value }: FactCondition): string {
    const a = property("f", fact);
    const b = this.value(value);
    switch (operator) {
      case "equal":
        return `(${a} === ${b})`;
      case "notEqual":
        return `(${a} !== ${b})`;
      case "in":
      case "notIn": {
        const found = isShortPrimitiveList(value) ? `(${value.map((v) => `${a} === ${this.value(v)}`).join(" || ") || "false"})` : `(${b}.indexOf(${a}) > -1)`;
        return operator === "in" ? found : `!${found}`;
      }
      case "contains":
        return `(Array.isArray(${a}) && ${a}.indexOf(${b}) > -1)`;
      case "doesNotContain":
        return `(Array.isArray(${a}) && ${a}.indexOf(${b}) === -1)`;
      case "lessThan":
      case "lessThanInclusive":
      case "greaterThan":
      case "greaterThanInclusive": {
        const compare = { lessThan: "<", lessThanInclusive: "<=", greaterThan: ">", greaterThanInclusive: ">=" }[operator];
        // A number is numeric unless NaN, and NaN compares false anyway: only other types need isNumeric.
        return `(typeof ${a} === "number" ? ${a} ${compare} ${b} : isNumeric(${a}) && ${a} ${compare} ${b})`;
      }
      case "matches":
        // The same matcher json-rules-engine calls, bound once per pattern.
        return `${this.bind(matcherFor(String(value)))}(${a})`;
      default:
        return `ops[${literal(operator)}](${a}, ${b})`;
    }
  }

  /** A literal for strings, booleans, null and finite numbers; a binding for anything else. */
  private value(value: unknown): string {
    if (typeof value === "string" || typeof value === "boolean" || value === null || (typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0))) return literal(value as string);
    return this.bind(value);
  }

  private bind(value: unknown): string {
    const name = `c${this.count++}`;
    this.bindings[name] = value;
    return name;
  }
}

function isShortPrimitiveList(value: unknown): value is (string | number | boolean | null)[] {
  return Array.isArray(value) && value.length <= 8 && value.every((v) => typeof v === "string" || typeof v === "boolean" || v === null || (typeof v === "number" && !Number.isNaN(v)));
}

/** One leaf comparison as evaluated, for explain. */
export interface ConditionTrace {
  kind: "all" | "any" | "not" | "fact";
  result: boolean;
  fact?: string;
  operator?: string;
  value?: unknown;
  factValue?: unknown;
  children?: ConditionTrace[];
}

/** Evaluates a condition and records every step, for explain output. */
export function traceCondition(condition: Condition, facts: Facts, operators: Record<Operator, OperatorFunction>): ConditionTrace {
  if ("all" in condition) {
    const children = condition.all.map((c) => traceCondition(c, facts, operators));
    return { kind: "all", result: children.every((c) => c.result), children };
  }
  if ("any" in condition) {
    const children = condition.any.map((c) => traceCondition(c, facts, operators));
    return { kind: "any", result: children.some((c) => c.result), children };
  }
  if ("not" in condition) {
    const child = traceCondition(condition.not, facts, operators);
    return { kind: "not", result: !child.result, children: [child] };
  }
  const factValue = facts[condition.fact] ?? null;
  return {
    kind: "fact",
    fact: condition.fact,
    operator: condition.operator,
    value: condition.value,
    factValue,
    result: operators[condition.operator](facts[condition.fact], condition.value),
  };
}
