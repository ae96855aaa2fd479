/**
 * The two evaluators behind one interface: given a step and the facts, which
 * of the step's conditions hold. `compiled` runs generated functions synchronously;
 * `reference` runs json-rules-engine.
 */
import { Engine, type RuleProperties } from "json-rules-engine";
import type { PipelineStep } from "../model/facts.js";
import { pipelineSteps } from "../model/facts.js";
import { compileConditions, type CompiledConditions, type Facts } from "./compile-condition.js";
import { toJsonRule } from "./json-rules.js";
import { leadrulesOperators } from "./operators.js";
import type { PolicyPlan } from "./plan.js";

import type { EngineName } from "./engine-names.js";

export { engineNames, type EngineName } from "./engine-names.js";

export interface ConditionEngine {
  name: EngineName;
  /** results[i] tells whether plan.steps[step][i] holds. */
  evaluate(step: PipelineStep, facts: Facts): boolean[] | Promise<boolean[]>;
}

export function createCompiledEngine(plan: PolicyPlan, asOfMs: number): ConditionEngine {
  const compiled = Object.fromEntries(
    pipelineSteps.map((step) => [
      step,
      compileConditions(
        plan.steps[step].map((c) => c.condition),
        asOfMs,
      ),
    ]),
  ) as Record<PipelineStep, CompiledConditions>;
  return {
    name: "compiled",
    evaluate(step, facts) {
      return compiled[step](facts);
    },
  };
}

/**
 * One json-rules-engine Engine per step, shared by every lead: safe only because the driver awaits each
 * lead before the next (overlapping run() calls on one Engine skip rules). Results are read by event type
 * (the condition's index), not by the order of `events`, so these rules need no priorities (the compiled
 * artifact has them, and its rules run one at a time because of them).
 */
export function createReferenceEngine(plan: PolicyPlan, asOfMs: number): ConditionEngine {
  const engines = Object.fromEntries(
    pipelineSteps.map((step) => {
      const engine = new Engine(
        plan.steps[step].map((c, i) => toJsonRule(String(i), c.condition, {}) as unknown as RuleProperties),
        { allowUndefinedFacts: true },
      );
      for (const operator of leadrulesOperators(new Date(asOfMs))) engine.addOperator(operator.name, operator.evaluate);
      return [step, engine];
    }),
  ) as Record<PipelineStep, Engine>;
  return {
    name: "reference",
    async evaluate(step, facts) {
      const results = new Array<boolean>(plan.steps[step].length).fill(false);
      if (results.length === 0) return results;
      // json-rules-engine treats facts as runtime facts; a plain object is what it expects.
      const { events } = await engines[step].run({ ...facts });
      for (const event of events) results[Number(event.type)] = true;
      return results;
    },
  };
}

export function createEngine(name: EngineName, plan: PolicyPlan, asOfMs: number): ConditionEngine {
  return name === "compiled" ? createCompiledEngine(plan, asOfMs) : createReferenceEngine(plan, asOfMs);
}
