/**
 * The compiled evaluator: a condition becomes a plain JavaScript closure over
 * the fact record. Same operator semantics as json-rules-engine (see
 * operators.ts); differential tests prove the two agree.
 */
import type { Condition } from "../model/condition.js";
import type { Lead } from "../model/lead.js";
import type { OperatorFunction } from "./operators.js";
import { type Operator } from "../model/condition.js";

export type Facts = Lead;
export type CompiledCondition = (facts: Facts) => boolean;

export function compileCondition(condition: Condition, operators: Record<Operator, OperatorFunction>): CompiledCondition {
  if ("all" in condition) {
    const parts = condition.all.map((c) => compileCondition(c, operators));
    return (facts) => {
      for (const part of parts) if (!part(facts)) return false;
      return true;
    };
  }
  if ("any" in condition) {
    const parts = condition.any.map((c) => compileCondition(c, operators));
    return (facts) => {
      for (const part of parts) if (part(facts)) return true;
      return false;
    };
  }
  if ("not" in condition) {
    const inner = compileCondition(condition.not, operators);
    return (facts) => !inner(facts);
  }
  const { fact, value } = condition;
  const operator = operators[condition.operator];
  // json-rules-engine reads a missing fact as undefined (allowUndefinedFacts).
  return (facts) => operator(facts[fact], value);
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
