/**
 * Decision-logic analysis: dead, shadowed, overlapping and contradictory
 * rules, gaps, unreachable thresholds and stages, oscillating transitions,
 * unsatisfiable gates, missing approvals, SLA order and retention gaps. Every
 * finding about leads carries a witness lead the simulator confirms. The
 * search is exact for comparisons with constants (domains are partitioned
 * at the constants used); where it is not, the message says so.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import { operatorFunctions } from "../compile/operators.js";
import { planPolicies } from "../compile/plan.js";
import type { Condition } from "../model/condition.js";
import type { FactValue } from "../model/lead.js";
import type { RoutingSpec } from "../model/policy.js";
import { listConditions } from "../model/condition-listing.js";
import { problemAt, type Check, type CheckContext } from "../analyse/check.js";
import type { LoadedPolicy } from "../model/loaded-policy.js";
import { buildDomains } from "./domains.js";
import { findMaximumScore, maximumPoints, scoreConsistency, scoreDerivedLeaf, scoringFacts } from "./score-search.js";
import { factsOf } from "../model/condition-walk.js";
import { evaluatePartial, findAssignment, type Assignment } from "./solver.js";
import { analysisAsOf, confirmedWitness, type AnalysisContext } from "./witness.js";
import { riskLevelOf } from "../simulate/content.js";

const contexts = new WeakMap<CheckContext, AnalysisContext>();

function analysisContext(ctx: CheckContext): AnalysisContext | null {
  if (!ctx.set.byKind.DataDictionary) return null;
  let analysis = contexts.get(ctx);
  if (!analysis) {
    const plan = planPolicies(ctx.set);
    const asOfMs = Date.parse(analysisAsOf);
    const conditions: Condition[] = listConditions(ctx.set).map((c) => c.condition);
    const lifecycle = plan.lifecycle;
    if (lifecycle) {
      // Every stage is a candidate for the stage facts, whether or not a condition names it.
      const stages = lifecycle.stages.map((s) => s.id);
      conditions.push({ fact: "stage", operator: "in", value: stages }, { fact: lifecycle.stageFact, operator: "in", value: stages });
    }
    if (lifecycle?.recycle)
      conditions.push({ fact: lifecycle.recycle.activityFact, operator: "daysSinceGreaterThan", value: lifecycle.recycle.afterDays });
    for (const d of plan.scoring?.dimensions ?? [])
      if (d.decay) conditions.push({ fact: d.decay.fact, operator: "daysSinceGreaterThan", value: d.decay.everyDays });
    const derivedNeverNull = [...ctx.facts.values()]
      .filter((f) => f.derived && f.name !== "stage" && f.name !== "score.grade")
      .map((f) => f.name);
    const domains = buildDomains(conditions, ctx.facts, asOfMs, new Set([plan.dictionary.idField, ...derivedNeverNull]));
    const dictionaryFields = new Set([...ctx.facts.values()].filter((f) => !f.derived).map((f) => f.name));
    analysis = { plan, domains, operators: operatorFunctions(asOfMs), asOfMs, dictionaryFields };
    contexts.set(ctx, analysis);
  }
  return analysis;
}

const scoreDerived = (f: string) => f.startsWith("threshold.") || f.startsWith("score.");
const realScoreCache = new WeakMap<AnalysisContext, Map<string, { witness: Assignment | null; complete: boolean }>>();

/**
 * Finds a lead satisfying `goal`, or proves there is none. Score-derived facts
 * (thresholds, grade, points) are first searched as free values; each
 * candidate is then backed by a search over the scoring fields that must
 * produce scores making the goal true with the real, computed values.
 */
function solve(a: AnalysisContext, goal: Condition, fixed?: Assignment) {
  const goalFacts = factsOf([goal]);
  const scored = a.plan.scoring !== undefined && goalFacts.some(scoreDerived);
  const cache = realScoreCache.get(a) ?? new Map<string, { witness: Assignment | null; complete: boolean }>();
  realScoreCache.set(a, cache);
  let backingComplete = true;
  const backScores = (candidate: Assignment): boolean => {
    const scoringFields = scoringFacts(a.plan.scoring!);
    const key = JSON.stringify([JSON.stringify(goal), [...candidate].filter(([f]) => scoringFields.includes(f) || scoreDerived(f)).sort()]);
    let found = cache.get(key);
    if (found === undefined) {
      const consistency = scoreConsistency(a.plan, a.operators, a.asOfMs);
      const byBounds = scoreDerivedLeaf(a.plan, a.operators, a.asOfMs);
      const fieldsOnly = new Map([...candidate].filter(([f]) => !scoreDerived(f)));
      const result = findAssignment({ all: [] }, scoringFields, {
        domains: a.domains,
        operators: a.operators,
        fixed: fieldsOnly,
        // Cut branches whose score bounds already make the goal false.
        feasible: (partial) => evaluatePartial(goal, partial, a.operators, byBounds) !== false,
        accept: (full) => {
          const real = consistency.realValues(full);
          if (!real) return false;
          const withReal = new Map([...full].filter(([f]) => !scoreDerived(f)));
          for (const [f, v] of real) withReal.set(f, v);
          return evaluatePartial(goal, withReal, a.operators) === true;
        },
        limit: 20_000,
      });
      found = { witness: result.witness, complete: result.complete };
      cache.set(key, found);
    }
    if (!found.complete) backingComplete = false;
    if (!found.witness) return false;
    for (const [f, v] of found.witness) if (!candidate.has(f)) candidate.set(f, v);
    return true;
  };
  const result = findAssignment(goal, goalFacts, {
    domains: a.domains,
    operators: a.operators,
    ...(fixed ? { fixed } : {}),
    ...(scored ? { accept: backScores } : {}),
  });
  // Stage and queue come out of lifecycle and routing; they are searched as free values, so not exactly.
  const exact = goalFacts.every((f) => a.domains.get(f)?.exact !== false) && !goalFacts.some((f) => f === "stage" || f === "route.queue");
  // A fact without a domain was not searched: "not found" would then be a guess.
  const unsearched = goalFacts.filter((f) => !a.domains.has(f));
  return { ...result, complete: result.complete && backingComplete && unsearched.length === 0, exact };
}

const approximate = (exact: boolean) =>
  exact ? "" : " (approximate: a `matches` pattern or a large multipicklist is involved, so this could not be decided exactly)";

function withWitness(d: Diagnostic, lead: Record<string, FactValue> | null): Diagnostic {
  return lead ? { ...d, witness: { asOf: analysisAsOf, lead } } : d;
}

/** Conditions that can never hold, in every policy kind. */
export const contradictions: Check = {
  name: "contradictions",
  description: "Conditions that can never hold.",
  codes: ["logic/contradiction"],
  check(ctx) {
    const a = analysisContext(ctx);
    if (!a) return [];
    const problems: Diagnostic[] = [];
    for (const located of listConditions(ctx.set)) {
      const result = solve(a, located.condition);
      if (!result.witness && result.complete) {
        problems.push(
          problemAt(
            located.policy,
            located.pointer,
            "logic/contradiction",
            `the condition of \`${located.ruleId}\` can never hold, so it never applies${approximate(result.exact)}`,
            "Look for comparisons that exclude each other (e.g. at least 200 and less than 100) or values the fact never takes.",
            { severity: result.exact ? "error" : "warning", ruleId: located.ruleId },
          ),
        );
      }
    }
    return problems;
  },
};

export const routingLogic: Check = {
  name: "routing-logic",
  description: "Shadowed and overlapping routing rules, and leads only the fallback catches.",
  codes: ["logic/routing-shadowed", "logic/routing-overlap", "logic/routing-gap"],
  check(ctx) {
    const a = analysisContext(ctx);
    const routing = a?.plan.routing;
    const policy = ctx.set.byKind.Routing;
    if (!a || !routing || !policy) return [];
    const problems: Diagnostic[] = [];
    const rules = routing.rules;
    rules.forEach((rule, i) => {
      const earlier = rules.slice(0, i);
      const alone = solve(a, rule.when);
      if (!alone.witness) return; // a contradiction, reported above
      const first = solve(a, { all: [rule.when, ...earlier.map((e) => ({ not: e.when }))] });
      if (!first.witness && first.complete) {
        const takers = earlier.filter((e) => solve(a, { all: [e.when, rule.when] }).witness).map((e) => `\`${e.id}\``);
        const witness = confirmedWitness(a, alone.witness, (o) => o.route?.rule !== rule.id);
        problems.push(
          withWitness(
            problemAt(
              policy,
              `/spec/rules/${i}`,
              "logic/routing-shadowed",
              `routing rule \`${rule.id}\` can never be the first match: every lead it matches is taken by an earlier rule (${takers.join(", ")})${approximate(first.exact)}`,
              "Move the rule above the rules that take its leads, narrow them, or remove it.",
              { severity: "warning", ruleId: rule.id },
            ),
            witness,
          ),
        );
        return;
      }
      for (const [j, other] of earlier.entries()) {
        if (other.queue === rule.queue) continue;
        const both = solve(a, { all: [other.when, rule.when, ...rules.slice(0, j).map((e) => ({ not: e.when }))] });
        if (!both.witness) continue;
        const witness = confirmedWitness(a, both.witness, (o) => o.route?.rule === other.id);
        problems.push(
          withWitness(
            problemAt(
              policy,
              `/spec/rules/${i}`,
              "logic/routing-overlap",
              `routing rule \`${rule.id}\` (queue ${rule.queue}) overlaps \`${other.id}\` (queue ${other.queue}): leads matching both go to ${other.queue} only because \`${other.id}\` comes first`,
              "Intended? Then nothing to do; otherwise make the conditions exclusive.",
              { severity: "info", ruleId: rule.id },
            ),
            witness,
          ),
        );
      }
    });
    const gap = solve(a, { all: rules.map((r) => ({ not: r.when })) });
    if (gap.witness) {
      const witness = confirmedWitness(a, gap.witness, (o) => o.route?.rule === "fallback");
      problems.push(
        withWitness(
          problemAt(
            policy,
            "/spec/fallback",
            "logic/routing-gap",
            `some leads match no routing rule and only the fallback queue \`${routing.fallback.queue}\` catches them${witness ? "" : " (no witness could be built from the derived facts involved)"}`,
            "Add a rule for these leads, or accept the fallback for them.",
            { severity: "warning" },
          ),
          witness,
        ),
      );
    }
    return problems;
  },
};

export const scoringLogic: Check = {
  name: "scoring-logic",
  description: "Thresholds no lead can reach.",
  codes: ["logic/unreachable-threshold"],
  check(ctx) {
    const a = analysisContext(ctx);
    const scoring = a?.plan.scoring;
    const policy = ctx.set.byKind.ScoringModel;
    if (!a || !scoring || !policy) return [];
    const problems: Diagnostic[] = [];
    scoring.thresholds.forEach((t, i) => {
      const reach = solve(a, { fact: `threshold.${t.id}`, operator: "equal", value: true });
      if (reach.witness || !reach.complete) return;
      const bound = maximumPoints(scoring);
      const best = findMaximumScore(a.plan, a.domains, a.operators, a.asOfMs);
      const witness = best ? confirmedWitness(a, best.assignment, (o) => o.score !== null && !o.score.thresholds.includes(t.id)) : null;
      const needs = Object.entries(t.minimums)
        .map(([k, v]) => `${k} >= ${v}`)
        .join(" and ");
      const most = best
        ? `the best lead scores ${Object.entries(best.score)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")}`
        : "no lead scores at all";
      problems.push(
        withWitness(
          problemAt(
            policy,
            `/spec/thresholds/${i}`,
            "logic/unreachable-threshold",
            `threshold \`${t.id}\` (${needs}) can never be reached: ${most} (caps allow at most ${Object.entries(bound)
              .map(([k, v]) => `${k} ${v}`)
              .join(", ")})`,
            "Lower the threshold, raise a cap, or add rules that grant more points.",
            { ruleId: t.id },
          ),
          witness,
        ),
      );
    });
    return problems;
  },
};

export const lifecycleLogic: Check = {
  name: "lifecycle-logic",
  description: "Unreachable stages, dead ends and oscillating transition cycles.",
  codes: ["logic/unreachable-stage", "logic/dead-end-stage", "logic/oscillation"],
  check(ctx) {
    const a = analysisContext(ctx);
    const lifecycle = a?.plan.lifecycle;
    const policy = ctx.set.byKind.Lifecycle;
    if (!a || !lifecycle || !policy) return [];
    const problems: Diagnostic[] = [];
    const live = lifecycle.transitions.filter((t) => solve(a, t.when).witness);
    const edges = [
      ...live.flatMap((t) => t.from.map((from) => [from, t.to] as const)),
      ...(lifecycle.recycle ? lifecycle.recycle.from.map((from) => [from, lifecycle.recycle!.to] as const) : []),
    ];
    const reached = new Set(lifecycle.stages.filter((s) => s.initial).map((s) => s.id));
    for (let grew = true; grew; ) {
      grew = false;
      for (const [from, to] of edges) {
        if (reached.has(from) && !reached.has(to)) {
          reached.add(to);
          grew = true;
        }
      }
    }
    lifecycle.stages.forEach((s, i) => {
      if (!reached.has(s.id))
        problems.push(
          problemAt(
            policy,
            `/spec/stages/${i}`,
            "logic/unreachable-stage",
            `stage \`${s.id}\` cannot be reached from the initial stages (${
              lifecycle.stages
                .filter((x) => x.initial)
                .map((x) => x.id)
                .join(", ") || "none marked initial"
            })`,
            "Add a transition into it, mark it initial, or remove it.",
            { severity: "warning", ruleId: s.id },
          ),
        );
      if (!s.terminal && !edges.some(([from]) => from === s.id))
        problems.push(
          problemAt(
            policy,
            `/spec/stages/${i}`,
            "logic/dead-end-stage",
            `stage \`${s.id}\` is not terminal, but no transition or recycling leaves it`,
            "Add a way out, or mark it `terminal: true`.",
            { severity: "warning", ruleId: s.id },
          ),
        );
    });
    for (const cycle of transitionCycles(live)) {
      const stages = cycle.map((step) => step.from);
      const firstMatch = cycle.flatMap((step) => {
        const position = lifecycle.transitions.indexOf(step.transition);
        return lifecycle.transitions
          .slice(0, position)
          .filter((t) => t.from.includes(step.from))
          .map((t) => ({ not: t.when }) as Condition);
      });
      const result = solve(a, { all: [...cycle.map((step) => step.transition.when), ...firstMatch] });
      if (!result.witness) continue;
      const assignment = new Map(result.witness).set(lifecycle.stageFact, stages[0]!);
      const witness = confirmedWitness(a, assignment, (o) => o.lifecycle?.oscillation !== null && o.lifecycle?.oscillation !== undefined);
      const index = lifecycle.transitions.indexOf(cycle[0]!.transition);
      problems.push(
        withWitness(
          problemAt(
            policy,
            `/spec/transitions/${index}`,
            "logic/oscillation",
            `transitions ${cycle.map((s) => `\`${s.transition.id}\``).join(", ")} can all hold for the same lead, so it would cycle ${[...stages, stages[0]].join(" -> ")}${approximate(result.exact)}`,
            "Make one guard exclude another (e.g. require what the way back forbids).",
            { ruleId: cycle[0]!.transition.id },
          ),
          witness,
        ),
      );
    }
    return problems;
  },
};

interface CycleStep {
  from: string;
  transition: NonNullable<AnalysisContext["plan"]["lifecycle"]>["transitions"][number];
}

/** Elementary cycles of the transition graph, each listed once, starting at its smallest stage id. */
function transitionCycles(transitions: CycleStep["transition"][]): CycleStep[][] {
  const cycles: CycleStep[][] = [];
  const starts = [...new Set(transitions.flatMap((t) => t.from))].sort();
  for (const start of starts) {
    const walk = (stage: string, path: CycleStep[], seen: Set<string>) => {
      if (cycles.length > 50) return;
      for (const t of transitions) {
        if (!t.from.includes(stage)) continue;
        const step = { from: stage, transition: t };
        if (t.to === start) cycles.push([...path, step]);
        else if (!seen.has(t.to) && t.to > start) walk(t.to, [...path, step], new Set(seen).add(t.to));
      }
    };
    walk(start, [], new Set([start]));
  }
  return cycles;
}

export const contentLogic: Check = {
  name: "content-logic",
  description: "Gates no lead in the asset's stages can pass, and assets missing approvals of their current version.",
  codes: ["logic/gate-unsatisfiable", "logic/approval-missing"],
  check(ctx) {
    const a = analysisContext(ctx);
    const content = a?.plan.content;
    const policy = ctx.set.byKind.ContentApproval;
    if (!a || !content || !policy) return [];
    const problems: Diagnostic[] = [];
    content.gates.forEach((g, i) => {
      const stages = [...new Set(content.assets.filter((x) => g.assets.includes(x.id)).flatMap((x) => x.stages))];
      const result = solve(a, {
        all: [g.when, ...(stages.length && a.plan.lifecycle ? [{ fact: "stage", operator: "in" as const, value: stages }] : [])],
      });
      if (!result.witness && result.complete && solve(a, g.when).witness) {
        problems.push(
          problemAt(
            policy,
            `/spec/gates/${i}`,
            "logic/gate-unsatisfiable",
            `gate \`${g.id}\` cannot be passed by any lead in the stages its assets are for (${stages.join(", ")})${approximate(result.exact)}`,
            "Loosen the gate or change the assets' stages.",
            { severity: "warning", ruleId: g.id },
          ),
        );
      }
    });
    content.assets.forEach((asset, i) => {
      const level = riskLevelOf(content, asset);
      for (const role of level.approvers) {
        const forRole = asset.approvals.filter((p) => p.role === role);
        if (forRole.some((p) => p.version === asset.version)) continue;
        const other = forRole.map((p) => p.version);
        problems.push(
          problemAt(
            policy,
            `/spec/assets/${i}`,
            "logic/approval-missing",
            `asset \`${asset.id}\` (${level.id} risk) has no ${role} approval of its current version ${asset.version}${other.length ? ` (only of version ${other.join(", ")})` : ""}, so it is never sent`,
            `Record the ${role} approval of version ${asset.version}, or roll the asset back.`,
            { severity: "warning", ruleId: asset.id },
          ),
        );
      }
    });
    return problems;
  },
};

export const slaOrder: Check = {
  name: "sla-order",
  description: "Escalation after first touch is due; reassignment after escalation.",
  codes: ["logic/sla-order"],
  check({ set }) {
    const policy = set.byKind.Routing as LoadedPolicy<"Routing"> | undefined;
    if (!policy) return [];
    const routing = policy.document.spec as RoutingSpec;
    const problems: Diagnostic[] = [];
    const slas = [
      ...routing.rules.map((r, i) => ({ id: r.id, sla: r.sla, pointer: `/spec/rules/${i}/sla` })),
      { id: "fallback", sla: routing.fallback.sla, pointer: "/spec/fallback/sla" },
    ];
    for (const { id, sla, pointer } of slas) {
      if (sla.escalateAfterHours !== undefined && sla.escalateAfterHours <= sla.firstTouchHours) {
        problems.push(
          problemAt(
            policy,
            `${pointer}/escalateAfterHours`,
            "logic/sla-order",
            `\`${id}\` escalates after ${sla.escalateAfterHours} business hours, before its ${sla.firstTouchHours}-hour first touch is even due`,
            "Escalate after the first-touch deadline.",
            { severity: "warning", ruleId: id },
          ),
        );
      }
      const before = sla.escalateAfterHours ?? sla.firstTouchHours;
      if (sla.reassignAfterHours !== undefined && sla.reassignAfterHours <= before) {
        problems.push(
          problemAt(
            policy,
            `${pointer}/reassignAfterHours`,
            "logic/sla-order",
            `\`${id}\` reassigns after ${sla.reassignAfterHours} business hours, no later than it ${sla.escalateAfterHours !== undefined ? "escalates" : "is due for first touch"} (${before} h)`,
            "Reassign after escalating.",
            { severity: "warning", ruleId: id },
          ),
        );
      }
    }
    return problems;
  },
};

export const retentionLogic: Check = {
  name: "retention-logic",
  description: "Leads that no retention rule covers.",
  codes: ["logic/retention-gap"],
  check(ctx) {
    const a = analysisContext(ctx);
    const retention = a?.plan.retention;
    const policy = ctx.set.byKind.RetentionSchedule;
    if (!a || !retention || !policy) return [];
    const result = solve(a, {
      all: [...(retention.legalHold ? [{ not: retention.legalHold.when }] : []), ...retention.rules.map((r) => ({ not: r.when }))],
    });
    if (!result.witness) return [];
    const witness = confirmedWitness(a, result.witness, (o) => o.retention?.rule === null);
    return [
      withWitness(
        problemAt(
          policy,
          "/spec/rules",
          "logic/retention-gap",
          `some leads match no retention rule, so nothing says how long their data is kept${approximate(result.exact)}`,
          "Add a final catch-all rule (e.g. `{ fact: leadId, operator: exists, value: true }`).",
          { severity: "warning" },
        ),
        witness,
      ),
    ];
  },
};

export const decisionLogicChecks: readonly Check[] = [
  contradictions,
  routingLogic,
  scoringLogic,
  lifecycleLogic,
  contentLogic,
  slaOrder,
  retentionLogic,
];
