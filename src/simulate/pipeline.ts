/**
 * The per-lead pipeline: normalize (done before) -> score -> lifecycle ->
 * route -> content -> retention. Each step adds derived facts the next may
 * read. Written as a generator that asks its driver which conditions hold,
 * so the same code runs on the compiled evaluator (synchronously) and on
 * json-rules-engine (asynchronously).
 */
import type { PipelineStep } from "../analyse/facts.js";
import type { Facts } from "../compile/compile-condition.js";
import type { ConditionEngine } from "../compile/engines.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Lead } from "../model/lead.js";
import type { LeadOutcome } from "../model/outcome.js";
import { createContentJudge, type AssetDecision, type ContentJudge } from "./content.js";
import { advanceLifecycle } from "./lifecycle.js";
import { decideRetention } from "./retention.js";
import { createRouter, type Router } from "./route.js";
import { scoreLead } from "./score.js";

export interface StepRequest {
  step: PipelineStep;
  facts: Facts;
}

/** Everything the pipeline decided for one lead, before queue assignment. */
export interface LeadEvaluation {
  outcome: LeadOutcome;
  /** Facts as each step saw them, and which of its conditions held (for explain and coverage); `assets` only when tracing. */
  steps: Partial<Record<PipelineStep, { facts: Facts; holds: boolean[] }>>;
  assets: AssetDecision[];
}

/**
 * Runs one lead through every step. Without `trace`, the derived facts are written onto the lead record
 * passed in (it must be a fresh, normalized record the caller no longer needs as input).
 */
export interface Pipeline {
  plan: PolicyPlan;
  asOfMs: number;
  run(lead: Lead): Generator<StepRequest, LeadEvaluation, boolean[]>;
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

  function* run(lead: Lead): Generator<StepRequest, LeadEvaluation, boolean[]> {
    // Derived facts (score.*, stage, route.queue...) are added to the record itself: copying ~50 fields
    // per lead was a fifth of the bulk cost. Tracing copies, so explain and tests keep the input intact.
    // Records are prototype-less (see normalize.ts), so no fact name resolves to something inherited.
    const facts: Facts = trace ? Object.assign(Object.create(null) as Facts, lead) : lead;
    const steps: LeadEvaluation["steps"] = {};
    const ask = function* (step: PipelineStep) {
      const seen = trace ? Object.assign(Object.create(null) as Facts, facts) : facts;
      const holds: boolean[] = yield { step, facts: seen };
      steps[step] = { facts: seen, holds };
      return holds;
    };
    const outcome: LeadOutcome = { id: String(lead[idField] ?? ""), score: null, lifecycle: null, route: null, content: null, retention: null };

    if (plan.scoring) {
      const holds = yield* ask("score");
      const score = scoreLead(plan, plan.scoring, holds, facts, asOfMs);
      outcome.score = score;
      for (const [d, name] of dimensionFacts) facts[name] = score.dimensions[d] ?? null;
      facts["score.total"] = score.total;
      facts["score.grade"] = score.grade;
      facts["score.excluded"] = score.excluded !== null;
      for (const [t, name] of thresholdFacts) facts[name] = score.thresholds.includes(t);
    }
    if (plan.lifecycle) {
      const holds = yield* ask("lifecycle");
      outcome.lifecycle = advanceLifecycle(plan, plan.lifecycle, holds, facts, asOfMs);
      facts.stage = outcome.lifecycle.after;
    }
    if (router) {
      const holds = yield* ask("route");
      const decision = router.decide(holds, facts);
      outcome.route = { rule: decision.rule, queue: decision.queue, assignedQueue: null, owner: null, sla: decision.sla };
      facts["route.queue"] = decision.queue;
    }
    let assets: AssetDecision[] = [];
    if (judge) {
      const holds = yield* ask("content");
      const stage = outcome.lifecycle?.after ?? (facts.stage as string | null) ?? null;
      if (trace) {
        assets = judge.decide(holds, stage);
        outcome.content = { eligible: assets.filter((a) => a.eligible).map((a) => a.asset) };
      } else outcome.content = { eligible: judge.eligible(holds, stage) };
    }
    if (plan.retention) {
      const holds = yield* ask("retention");
      outcome.retention = decideRetention(plan, plan.retention, holds, facts);
    }
    return { outcome, steps, assets };
  }

  return { plan, asOfMs, run };
}

/** Drives the pipeline on a synchronous engine. */
export function evaluateLeadSync(pipeline: Pipeline, engine: ConditionEngine, lead: Lead): LeadEvaluation {
  const run = pipeline.run(lead);
  let next = run.next();
  while (!next.done) {
    const holds = engine.evaluate(next.value.step, next.value.facts);
    if (holds instanceof Promise) throw new Error(`${engine.name} engine is asynchronous; use evaluateLead`);
    next = run.next(holds);
  }
  return next.value;
}

/** Drives the pipeline on any engine. */
export async function evaluateLead(pipeline: Pipeline, engine: ConditionEngine, lead: Lead): Promise<LeadEvaluation> {
  const run = pipeline.run(lead);
  let next = run.next();
  while (!next.done) next = run.next(await engine.evaluate(next.value.step, next.value.facts));
  return next.value;
}
