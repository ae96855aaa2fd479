/**
 * The reference evaluator's artifact: conditions as json-rules-engine rules.
 * `new Engine(rules)` loads them; register `leadrulesOperators(asOf)` first.
 */
import type { Condition } from "../model/condition.js";
import { foldCondition } from "../model/condition-walk.js";

export interface JsonRule {
  name: string;
  /** json-rules-engine runs higher priorities first, one priority at a time (the artifact sets it; the reference evaluator does not). */
  priority?: number;
  conditions: Record<string, unknown>;
  event: { type: string; params: Record<string, unknown> };
}

/** json-rules-engine needs all/any/not at the top; a lone comparison is wrapped in `all`. */
export function toJsonRulesCondition(condition: Condition): Record<string, unknown> {
  const converted = foldCondition<Record<string, unknown>>(condition, {
    all: (all) => ({ all }),
    any: (any) => ({ any }),
    not: (not) => ({ not }),
    fact: (c) => ({ fact: c.fact, operator: c.operator, value: c.value as never }),
  });
  return "fact" in converted ? { all: [converted] } : converted;
}

export function toJsonRule(name: string, condition: Condition, params: Record<string, unknown>, priority?: number): JsonRule {
  return {
    name,
    ...(priority === undefined ? {} : { priority }),
    conditions: toJsonRulesCondition(condition),
    event: { type: name, params },
  };
}
