/**
 * The compiled evaluator: the conditions of a pipeline step become one
 * generated JavaScript function that reads each fact with a fixed key and
 * compares it inline, by each operator's `code` in operators.ts, which sits
 * beside its json-rules-engine meaning; tests prove the two agree. The
 * generated function is the per-lead hot path: it is straight-line code, no
 * walk of the tree is left in it.
 */
import type { Condition, Operator } from "../model/condition.js";
import { foldCondition } from "../model/condition-walk.js";
import type { Lead } from "../model/lead.js";
import { isNumeric, operatorDefinitions, type OperatorCode, type OperatorFunction } from "./operators.js";
import { generate, literal, property } from "./codegen.js";

export type Facts = Lead;
export type CompiledCondition = (facts: Facts) => boolean;
/** results[i] tells whether conditions[i] holds. */
export type CompiledConditions = (facts: Facts) => boolean[];

/** Conditions as one function returning whether each holds, in order. */
export function compileConditions(conditions: readonly Condition[], asOfMs: number): CompiledConditions {
  const code = new ConditionCode(asOfMs);
  const lines = conditions.map((c, i) => `results[${i}] = ${code.expression(c)};`);
  return generate(
    code.bindings,
    `return function holds(f) {\nconst results = new Array(${conditions.length});\n${lines.join("\n")}\nreturn results;\n};`,
  );
}

/** One condition as a function. */
export function compileCondition(condition: Condition, asOfMs: number): CompiledCondition {
  const code = new ConditionCode(asOfMs);
  return generate(code.bindings, `return function holds(f) { return ${code.expression(condition)}; };`);
}

/**
 * How generated code reads facts, for code that keeps some facts in locals (the fused row function of
 * render/fused keeps derived facts and each date's whole days since the as-of time in locals).
 */
export interface FactReads {
  /** The expression reading a fact; `f[key]` by default. */
  read?(fact: string): string;
  /** A local holding the whole days from the fact to the as-of time (`daysSince`), or undefined to compute them in place. */
  days?(fact: string): string | undefined;
}

/**
 * Generates expressions; values that are not plain literals become bindings (`c0`, `c1`...). Several
 * instances may share one bindings object (names already taken are skipped); it must hold `asOfMs` and
 * `isNumeric`, which a new object gets.
 */
export class ConditionCode implements OperatorCode {
  readonly bindings: Record<string, unknown>;
  private count = 0;
  private readonly evaluators = new Map<Operator, string>();

  constructor(
    asOfMs: number,
    bindings?: Record<string, unknown>,
    private readonly reads: FactReads = {},
  ) {
    this.bindings = bindings ?? {};
    this.bindings.asOfMs = asOfMs;
    this.bindings.isNumeric = isNumeric;
  }

  expression(condition: Condition): string {
    return foldCondition(condition, {
      all: (children) => (children.length === 0 ? "true" : `(${children.join(" && ")})`),
      any: (children) => (children.length === 0 ? "false" : `(${children.join(" || ")})`),
      not: (child) => `!${child}`,
      // A comparison; json-rules-engine reads a missing fact as undefined (allowUndefinedFacts), as does `f[key]`.
      fact: ({ fact, operator, value }) => {
        const definition = operatorDefinitions[operator];
        const days = definition.daysCode && this.reads.days?.(fact);
        if (days) return definition.daysCode!(days, this.value(value));
        return definition.code(this.reads.read ? this.reads.read(fact) : property("f", fact), this.value(value), value, this);
      },
    });
  }

  /** A literal for strings, booleans, null and finite numbers; a binding for anything else. */
  value(value: unknown): string {
    if (
      typeof value === "string" ||
      typeof value === "boolean" ||
      value === null ||
      (typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0))
    )
      return literal(value as string);
    return this.bind(value);
  }

  bind(value: unknown): string {
    let name = `c${this.count++}`;
    while (name in this.bindings) name = `c${this.count++}`;
    this.bindings[name] = value;
    return name;
  }

  /** The table's own function, bound once per operator and called directly with the as-of time: no wrapper on the per-lead path. */
  callEvaluate(operator: Operator, a: string, b: string): string {
    let name = this.evaluators.get(operator);
    if (name === undefined) {
      name = this.bind(operatorDefinitions[operator].evaluate);
      this.evaluators.set(operator, name);
    }
    return `${name}(${a}, ${b}, asOfMs)`;
  }
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
  return foldCondition<ConditionTrace>(condition, {
    all: (children) => ({ kind: "all", result: children.every((c) => c.result), children }),
    any: (children) => ({ kind: "any", result: children.some((c) => c.result), children }),
    not: (child) => ({ kind: "not", result: !child.result, children: [child] }),
    fact: (c) => ({
      kind: "fact",
      fact: c.fact,
      operator: c.operator,
      value: c.value,
      factValue: facts[c.fact] ?? null,
      result: operators[c.operator](facts[c.fact], c.value),
    }),
  });
}
