/**
 * Why a lead got its outcome: every condition the pipeline evaluated, with
 * each comparison's fact value and result, the points granted, the
 * transition path, why earlier routing rules did not match, the gate and
 * approval decision per asset, and the retention rule.
 */
import { traceCondition, type ConditionTrace } from "../compile/compile-condition.js";
import { operatorFunctions } from "../compile/operators.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Condition } from "../model/condition.js";
import type { LeadOutcome } from "../model/outcome.js";
import type { AssetDecision } from "./content.js";
import type { LeadEvaluation } from "./pipeline.js";
import { conditionKey } from "../model/condition-listing.js";

export interface ExplainedCondition {
  id: string;
  result: boolean;
  trace: ConditionTrace;
}

export interface ExplainedTransition extends ExplainedCondition {
  from: string[];
  to: string;
  /** Whether the lead moved by this transition (its guard held, and it was the one taken out of its stage). */
  taken: boolean;
  /**
   * A guard that held but did not fire, out of a stage the lead was in: how the lead left that stage instead
   * (`step`: the transition id or `recycle`; null when the walk stopped there, after an oscillation).
   */
  passedOver?: { stage: string; step: string | null };
}

export interface ExplainReport {
  lead: string;
  asOf: string;
  outcome: LeadOutcome;
  score: {
    rules: (ExplainedCondition & { dimension: string; points: number })[];
    exclusions: ExplainedCondition[];
    resets: ExplainedCondition[];
  } | null;
  /**
   * `visited`: the stages the lead passed through, in order. A transition's `result` is whether its guard
   * holds, `taken` whether the lead moved by it: a guard may hold and the transition not fire.
   */
  lifecycle: { visited: string[]; transitions: ExplainedTransition[] } | null;
  route: { rules: (ExplainedCondition & { queue: string })[] } | null;
  content: { assets: AssetDecision[]; gates: ExplainedCondition[] } | null;
  retention: { legalHold: ExplainedCondition | null; rules: ExplainedCondition[] } | null;
}

export function explainLead(plan: PolicyPlan, evaluation: LeadEvaluation, asOfMs: number): ExplainReport {
  const operators = operatorFunctions(asOfMs);
  const { steps, outcome } = evaluation;
  const explain = (step: keyof LeadEvaluation["steps"], id: string, key: string, condition: Condition): ExplainedCondition => {
    const seen = steps[step]!;
    const trace = traceCondition(condition, seen.facts, operators);
    return { id, result: seen.holds[plan.index[step].get(key)!] === true, trace };
  };

  const scoring = plan.scoring;
  const lifecycle = plan.lifecycle;
  const routing = plan.routing;
  const content = plan.content;
  const retention = plan.retention;

  // Routing stops at the first match: later rules were never in play.
  const routeRules = routing
    ? routing.rules.map((r) => ({ ...explain("route", r.id, conditionKey("route", r.id), r.when), queue: r.queue }))
    : [];
  const matched = routeRules.findIndex((r) => r.result);
  const path = outcome.lifecycle?.path ?? [];
  const visited = lifecycle ? visitedStages(lifecycle, outcome) : [];
  const retentionRules = retention ? retention.rules.map((r) => explain("retention", r.id, conditionKey("retention", r.id), r.when)) : [];
  const retentionMatch = retentionRules.findIndex((r) => r.result);

  return {
    lead: outcome.id,
    asOf: new Date(asOfMs).toISOString(),
    outcome,
    score: scoring
      ? {
          rules: scoring.rules.map((r) => ({
            ...explain("score", r.id, conditionKey("rule", r.id), r.when),
            dimension: r.dimension,
            points: r.points,
          })),
          exclusions: (scoring.exclusions ?? []).map((e) => explain("score", e.id, conditionKey("exclusion", e.id), e.when)),
          resets: scoring.dimensions
            .filter((d) => d.resetWhen)
            .map((d) => explain("score", d.id, conditionKey("reset", d.id), d.resetWhen!)),
        }
      : null,
    lifecycle: lifecycle
      ? {
          visited,
          transitions: lifecycle.transitions.map((t) => {
            const explained = explain("lifecycle", t.id, conditionKey("transition", t.id), t.when);
            const taken = path.includes(t.id);
            // The first time the lead stood in one of the transition's stages, and what it did there.
            const at = visited.findIndex((stage) => t.from.includes(stage));
            const passedOver = explained.result && !taken && at >= 0 ? { stage: visited[at]!, step: path[at] ?? null } : undefined;
            return { ...explained, from: t.from, to: t.to, taken, ...(passedOver ? { passedOver } : {}) };
          }),
        }
      : null,
    route: routing ? { rules: matched >= 0 ? routeRules.slice(0, matched + 1) : routeRules } : null,
    content: content
      ? { assets: evaluation.assets, gates: content.gates.map((g) => explain("content", g.id, conditionKey("gate", g.id), g.when)) }
      : null,
    retention: retention
      ? {
          legalHold: retention.legalHold
            ? explain("retention", "legal-hold", conditionKey("hold", "legal-hold"), retention.legalHold.when)
            : null,
          rules: retentionMatch >= 0 ? retentionRules.slice(0, retentionMatch + 1) : retentionRules,
        }
      : null,
  };
}

function visitedStages(lifecycle: NonNullable<PolicyPlan["lifecycle"]>, outcome: LeadOutcome): string[] {
  // A lead without a recorded stage starts in the first initial stage, as the lifecycle step does.
  const start = outcome.lifecycle ? (outcome.lifecycle.before ?? lifecycle.stages.find((s) => s.initial)?.id) : undefined;
  const stages = start ? [start] : [];
  for (const step of outcome.lifecycle?.path ?? []) {
    const to = step === "recycle" ? lifecycle.recycle?.to : lifecycle.transitions.find((t) => t.id === step)?.to;
    if (to) stages.push(to);
  }
  return stages;
}
