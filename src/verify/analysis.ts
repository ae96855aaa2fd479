/**
 * The analysis context every decision-logic check shares, and `solve`: find
 * a lead for which a goal condition holds, prove there is none, or say it
 * could not be decided within the budget. Undecided questions are recorded
 * here, by `solve` itself, so no check can drop one: `undecidedNotes` turns
 * them into notes after the checks ran.
 */
import { operatorFunctions } from "../compile/operators.js";
import { planPolicies } from "../compile/plan.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { CheckContext } from "../analyse/check.js";
import { problemAt } from "../analyse/check.js";
import type { Condition } from "../model/condition.js";
import { listConditions } from "../model/condition-listing.js";
import { factConditions, factsOf } from "../model/condition-walk.js";
import type { FactValue } from "../model/lead.js";
import type { LoadedPolicy } from "../model/loaded-policy.js";
import { buildDomains } from "./domains.js";
import { pipelineWalk } from "./derived-facts.js";
import { isScoreDerived, scoreBounds, scoreSpace } from "./score-space.js";
import { realScoreFacts, scoringFacts } from "./score-search.js";
import { type Assignment, type DerivedLeaf, evaluateOpen, findAssignment, type Tri } from "./solver.js";
import { type AnalysisContext, analysisAsOf, type WitnessSend, witnessId } from "./witness.js";

/**
 * The analysis budget. Nodes are assignments tried for one question; the
 * time is for the whole analysis of a policy set, a backstop so `validate`
 * always ends (only a run that hits it can differ from one machine to another).
 */
export const analysisBudget = { nodesPerQuestion: 100_000, seconds: 60 };

export interface SolveResult {
  witness: Assignment | null;
  /** False when the question was not decided within the budget. */
  complete: boolean;
  /** Why the answer is not exact (a pattern, a large multipicklist...); empty when it is. */
  inexact: string[];
  /** Candidate leads tried. */
  nodes: number;
}

/** What a question is about, for the note when it cannot be decided. */
export interface Question {
  policy: LoadedPolicy;
  pointer: string;
  ruleId?: string;
  /** "whether `route.x` can ever hold", "whether threshold `mql` can be reached"... */
  asks: string;
}

export interface Analysis extends AnalysisContext {
  solve(goal: Condition, question: Question, fixed?: Assignment): SolveResult;
  /** Questions left undecided, in the order asked, and why. */
  undecided: { question: Question; why: string }[];
  deadline: number;
}

const analyses = new WeakMap<CheckContext, Analysis>();

export function analysisFor(ctx: CheckContext, budget = analysisBudget): Analysis | null {
  if (!ctx.set.byKind.DataDictionary) return null;
  const known = analyses.get(ctx);
  if (known) return known;
  const plan = planPolicies(ctx.set);
  const asOfMs = Date.parse(analysisAsOf);
  const operators = operatorFunctions(asOfMs);
  const conditions: Condition[] = listConditions(ctx.set).map((c) => c.condition);
  const lifecycle = plan.lifecycle;
  if (lifecycle) {
    // Every stage is a candidate for the stage facts, whether or not a condition names it.
    const stages = lifecycle.stages.map((s) => s.id);
    conditions.push({ fact: "stage", operator: "in", value: stages }, { fact: lifecycle.stageFact, operator: "in", value: stages });
  }
  if (lifecycle?.recycle)
    conditions.push({ fact: lifecycle.recycle.activityFact, operator: "daysSinceGreaterThan", value: lifecycle.recycle.afterDays });
  for (const d of plan.scoring?.dimensions ?? []) {
    // Decay is a staircase: a step every `everyDays` until the cap is gone.
    const steps = d.decay ? Math.min(100, Math.ceil(d.cap / Math.max(1, d.decay.points)) + 1) : 0;
    for (let k = 1; k <= steps; k++)
      conditions.push({ fact: d.decay!.fact, operator: "daysSinceGreaterThan", value: k * d.decay!.everyDays });
  }
  const derivedNeverNull = [...ctx.facts.values()]
    .filter((f) => f.derived && f.name !== "stage" && f.name !== "score.grade")
    .map((f) => f.name);
  const required = new Set(plan.dictionary.objects.flatMap((o) => o.fields.filter((f) => f.required).map((f) => f.name)));
  const domains = buildDomains(conditions, ctx.facts, asOfMs, new Set([plan.dictionary.idField, ...derivedNeverNull]), required);
  const dictionaryFields = new Set([...ctx.facts.values()].filter((f) => !f.derived).map((f) => f.name));
  // The facts the lifecycle walk reads besides its guards.
  const walkFacts = lifecycle ? [lifecycle.stageFact, ...(lifecycle.recycle ? [lifecycle.recycle.activityFact] : [])] : [];
  const pipelineConditions: Condition[] = [
    ...(lifecycle?.transitions.map((t) => t.when) ?? []),
    ...(plan.routing?.rules.map((r) => r.when) ?? []),
  ];
  const scoring = plan.scoring;
  const walk = pipelineWalk(plan, operators);
  const realScores = scoring ? realScoreFacts(plan, operators, asOfMs) : null;
  const scoringFields = scoring ? scoringFacts(scoring) : [];
  const scoringConditions: Condition[] = plan.steps.score.map((s) => s.condition);
  const decayFacts = scoring?.dimensions.flatMap((d) => (d.decay ? [d.decay.fact] : [])) ?? [];
  const deadline = Date.now() + budget.seconds * 1000;

  const analysis: Analysis = {
    plan,
    domains,
    operators,
    asOfMs,
    dictionaryFields,
    undecided: [],
    deadline,
    solve(goal, question, fixed) {
      // Checks ask some questions twice (a rule alone, for its contradiction and for its order).
      const key = JSON.stringify([goal, fixed ? [...fixed] : null]);
      const known = answers.get(key);
      if (known) {
        // Asked again, by another check about another place: that place gets its note too.
        if (!known.complete) analysis.undecided.push({ question, why: ranOut(known.nodes, false) });
        return known;
      }
      if (Date.now() > deadline) {
        analysis.undecided.push({ question, why: ranOut(0, true) });
        return { witness: null, complete: false, inexact: [], nodes: 0 };
      }
      const answer = searchFor(goal, question, fixed);
      answers.set(key, answer);
      return answer;
    },
  };
  const answers = new Map<string, SolveResult>();
  function searchFor(goal: Condition, question: Question, fixed?: Assignment): SolveResult {
    const goalFacts = factsOf([goal]);
    // Through stage and queue, a goal reads the lifecycle's and routing's conditions too.
    const reads = goalFacts.some((f) => f === "stage" || f === "route.queue") ? [goal, ...pipelineConditions] : [goal];
    const scored = realScores !== null && factsOf(reads).some(isScoreDerived);
    // Cases over stage and queue only add to comparing each on its own when the goal compares one twice.
    const leaves = factConditions(goal).map((c) => c.condition.fact);
    const count = (fact: string) => leaves.filter((f) => f === fact).length;
    const splits = { stage: count("stage") > 1, queue: count("route.queue") > 1 };
    const canSatisfy = scored ? scoreSpace(scoring!, reads, operators) : null;
    // The facts the open part of the goal reads; for open scores, those of the open scoring conditions.
    let open: string[] = [];
    const decide = (a: Assignment): Tri => {
      open = [];
      const real = scored ? realScores!(a) : null;
      const scoreLeaf: DerivedLeaf = (c, _a, opened) => {
        if (!isScoreDerived(c.fact)) return null;
        if (real) return operators[c.operator](real.get(c.fact) ?? null, c.value) as Tri;
        opened.push(c.fact);
        return undefined;
      };
      const state = evaluateOpen(goal, a, operators, open, walk.leaf(scoreLeaf));
      if (state !== undefined) return state;
      if (!scored || real) return splits.stage || splits.queue ? walk.byCases(goal, a, scoreLeaf, splits) : undefined;
      const bounds = scoreBounds(scoring!, a, operators, asOfMs);
      const goalWith = (leaf: DerivedLeaf) => walk.byCases(goal, a, leaf, splits);
      // Scores not decided yet: their bounds may already decide the goal for every lead below this branch.
      const byBounds = canSatisfy!(bounds, goalWith);
      if (byBounds !== undefined) return byBounds;
      if (open.some(isScoreDerived)) {
        for (const c of scoringConditions) evaluateOpen(c, a, operators, open);
        for (const f of decayFacts) if (!a.has(f)) open.push(f);
      }
      return undefined;
    };
    const order = [...new Set([...(reads.length > 1 ? walkFacts : []), ...factsOf(reads), ...(scored ? scoringFields : [])])].filter(
      (f) => !isScoreDerived(f),
    );
    // Facts the open part reads, most read first.
    const openFacts = () => {
      const waiting = new Set(open);
      return order.filter((f) => waiting.has(f));
    };
    const result = findAssignment(decide, order, {
      domains,
      openFacts,
      ...(fixed ? { fixed } : {}),
      limit: budget.nodesPerQuestion,
      deadline,
    });
    if (!result.complete) analysis.undecided.push({ question, why: ranOut(result.nodes, Date.now() > deadline) });
    const inexact = [...new Set(order.flatMap((f) => domains.get(f)?.inexact ?? []))];
    return { witness: result.witness, complete: result.complete, inexact, nodes: result.nodes };
  }
  analyses.set(ctx, analysis);
  return analysis;
}

const outOfTime = `the analysis ran out of its ${analysisBudget.seconds}-second budget`;
const ranOut = (nodes: number, timedOut: boolean) =>
  timedOut ? outOfTime : `${nodes.toLocaleString("en-US")} candidate leads were tried without an answer`;

/**
 * Whether a finding tells of the clock, not of the policies: a question given up when the seconds of the budget
 * ran out depends on how busy the machine was (a cache must not keep it). The node limit is deterministic.
 */
export function stoppedByTheClock(d: Diagnostic): boolean {
  return d.code === "logic/undecided" && d.message.includes(outOfTime);
}

/** One note per question the analysis could not decide within its budget, naming the rule. */
export function undecidedNotes(analysis: Analysis): Diagnostic[] {
  const seen = new Set<string>();
  return analysis.undecided.flatMap(({ question, why }) => {
    const key = `${question.policy.file}#${question.pointer}#${question.asks}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [
      problemAt(
        question.policy,
        question.pointer,
        "logic/undecided",
        `not decided within the analysis budget: ${question.asks} (${why}); the checks that depend on it found nothing, which is not a proof`,
        "Simplify the conditions involved (fewer facts combined in one rule), or test the case with a policy test.",
        { severity: "info", ...(question.ruleId ? { ruleId: question.ruleId } : {}) },
      ),
    ];
  });
}

/** " (approximate: why)" for a finding that could not be decided exactly; nothing when it was. */
export function approximate(inexact: readonly string[]): string {
  return inexact.length ? ` (approximate: ${inexact.join("; ")})` : "";
}

export function withWitness(d: Diagnostic, lead: Record<string, FactValue> | null, sends: readonly WitnessSend[] = []): Diagnostic {
  if (!lead) return d;
  const rows = sends.map((s) => ({ lead: witnessId, program: s.program, step: s.step, channel: s.channel, sent_at: analysisAsOf }));
  return { ...d, witness: { asOf: analysisAsOf, lead, ...(rows.length ? { sends: rows } : {}) } };
}
