/**
 * The per-lead pipeline: normalize (done before) -> score -> lifecycle ->
 * route -> content -> retention. Each step adds derived facts the next may
 * read. A step says which conditions it needs and decides from their
 * results; the two drivers below only differ in how they get the results,
 * so the compiled evaluator (synchronous) and json-rules-engine
 * (asynchronous) run exactly the same pipeline.
 */
import type { PipelineStep } from "../model/facts.js";
import type { Facts } from "../compile/compile-condition.js";
import type { ConditionEngine } from "../compile/engines.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Lead } from "../model/lead.js";
import type { LeadOutcome } from "../model/outcome.js";
import { createContentJudge, type AssetDecision, type ContentJudge } from "./content.js";
import { createLifecycle } from "./lifecycle.js";
import { createRetention } from "./retention.js";
import { createRouter, type Router } from "./route.js";
import { createScorer } from "./score.js";

/** Everything the pipeline decided for one lead, before queue assignment. */
export interface LeadEvaluation {
  outcome: LeadOutcome;
  /** Facts as each step saw them, and which of its conditions held (for explain and coverage); `assets` only when tracing. */
  steps: Partial<Record<PipelineStep, { facts: Facts; holds: boolean[] }>>;
  assets: AssetDecision[];
  /** The lead's facts after the last step (derived facts included): what the nurture step reads. */
  facts: Facts;
}

/** One lead on its way through the steps. */
export interface LeadRun {
  facts: Facts;
  outcome: LeadOutcome;
  steps: LeadEvaluation["steps"];
  assets: AssetDecision[];
}

/** A pipeline step: which conditions it needs evaluated, and what it decides from their results. */
export interface PipelineStage {
  step: PipelineStep;
  apply(run: LeadRun, holds: boolean[]): void;
}

/**
 * The steps of a policy set in order. Without `trace`, derived facts are written onto the lead record
 * passed to `begin` (it must be a fresh, normalized record the caller no longer needs as input).
 */
export interface Pipeline {
  plan: PolicyPlan;
  asOfMs: number;
  stages: PipelineStage[];
  /** Whether the facts and results of each step are kept (`LeadEvaluation.steps`, `assets`). */
  trace: boolean;
  begin(lead: Lead): LeadRun;
  /** The facts a step sees (a snapshot when tracing), recorded with its results. */
  factsFor(run: LeadRun): Facts;
}

/** `trace` keeps a snapshot of the facts each step saw (explain and policy tests need it; bulk simulation does not). */
export function createPipeline(plan: PolicyPlan, asOfMs: number, options: { trace?: boolean } = {}): Pipeline {
  const trace = options.trace ?? false;
  const router: Router | undefined = plan.routing && createRouter(plan, plan.routing);
  const judge: ContentJudge | undefined = plan.content && createContentJudge(plan, plan.content, asOfMs);
  const idField = plan.dictionary.idField;
  // Derived fact names, built once rather than per lead.
  const dimensionFacts = (plan.scoring?.dimensions ?? []).map((d) => [d.id, `score.${d.id}`] as const);
  const thresholdFacts = (plan.scoring?.thresholds ?? []).map((t) => [t.id, `threshold.${t.id}`] as const);

  const stages: PipelineStage[] = [];
  const scoring = plan.scoring;
  if (scoring) {
    const scoreLead = createScorer(plan, scoring, asOfMs);
    stages.push({
      step: "score",
      apply({ facts, outcome }, holds) {
        const score = scoreLead(holds, facts);
        outcome.score = score;
        for (const [d, name] of dimensionFacts) facts[name] = score.dimensions[d] ?? null;
        facts["score.total"] = score.total;
        facts["score.grade"] = score.grade;
        facts["score.excluded"] = score.excluded !== null;
        for (const [t, name] of thresholdFacts) facts[name] = score.thresholds.includes(t);
      },
    });
  }
  const lifecycle = plan.lifecycle;
  if (lifecycle) {
    const advanceLifecycle = createLifecycle(plan, lifecycle, asOfMs);
    stages.push({
      step: "lifecycle",
      apply({ facts, outcome }, holds) {
        outcome.lifecycle = advanceLifecycle(holds, facts);
        facts.stage = outcome.lifecycle.after;
      },
    });
  }
  if (router) {
    stages.push({
      step: "route",
      apply({ facts, outcome }, holds) {
        const decision = router.decide(holds, facts);
        outcome.route = { rule: decision.rule, queue: decision.queue, assignedQueue: null, owner: null, sla: decision.sla };
        facts["route.queue"] = decision.queue;
      },
    });
  }
  if (judge) {
    stages.push({
      step: "content",
      apply(run, holds) {
        const stage = run.outcome.lifecycle?.after ?? (run.facts.stage as string | null) ?? null;
        if (trace) {
          run.assets = judge.decide(holds, stage);
          run.outcome.content = { eligible: run.assets.filter((a) => a.eligible).map((a) => a.asset) };
        } else run.outcome.content = { eligible: judge.eligible(holds, stage) };
      },
    });
  }
  const retention = plan.retention;
  if (retention) {
    const decideRetention = createRetention(plan, retention);
    stages.push({
      step: "retention",
      apply({ facts, outcome }, holds) {
        outcome.retention = decideRetention(holds, facts);
      },
    });
  }

  return {
    plan,
    asOfMs,
    stages,
    trace,
    begin(lead) {
      // Derived facts (score.*, stage, route.queue...) go onto the record itself: copying ~50 fields per
      // lead was a fifth of the bulk cost. Tracing copies, so explain and tests keep the input intact.
      // Records inherit nothing (see normalize.ts), so no fact name resolves to something inherited.
      const facts: Facts = trace ? Object.assign(Object.create(null) as Facts, lead) : lead;
      const outcome: LeadOutcome = {
        id: String(lead[idField] ?? ""),
        score: null,
        lifecycle: null,
        route: null,
        content: null,
        retention: null,
      };
      return trace ? { facts, outcome, steps: {}, assets: [] } : { facts, outcome, steps: untraced.steps, assets: untraced.assets };
    },
    factsFor(run) {
      return trace ? Object.assign(Object.create(null) as Facts, run.facts) : run.facts;
    },
  };
}

/** What an untraced run keeps of its steps: nothing, shared rather than allocated per lead. */
const untraced = Object.freeze({
  steps: Object.freeze({}) as LeadEvaluation["steps"],
  assets: Object.freeze([]) as unknown as AssetDecision[],
});

function finish(run: LeadRun): LeadEvaluation {
  return { outcome: run.outcome, steps: run.steps, assets: run.assets, facts: run.facts };
}

/** Drives the pipeline on a synchronous engine (the compiled one). */
export function evaluateLeadSync(pipeline: Pipeline, engine: ConditionEngine, lead: Lead): LeadEvaluation {
  const run = pipeline.begin(lead);
  for (const stage of pipeline.stages) {
    const facts = pipeline.factsFor(run);
    const holds = engine.evaluate(stage.step, facts);
    if (holds instanceof Promise) throw new Error(`${engine.name} engine is asynchronous; use evaluateLead`);
    if (pipeline.trace) run.steps[stage.step] = { facts, holds };
    stage.apply(run, holds);
  }
  return finish(run);
}

/** Drives the pipeline on any engine (json-rules-engine answers asynchronously). */
export async function evaluateLead(pipeline: Pipeline, engine: ConditionEngine, lead: Lead): Promise<LeadEvaluation> {
  const run = pipeline.begin(lead);
  for (const stage of pipeline.stages) {
    const facts = pipeline.factsFor(run);
    const holds = await engine.evaluate(stage.step, facts);
    if (pipeline.trace) run.steps[stage.step] = { facts, holds };
    stage.apply(run, holds);
  }
  return finish(run);
}
