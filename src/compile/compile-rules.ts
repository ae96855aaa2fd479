/**
 * `leadrules compile`: every policy's conditions as json-rules-engine rule
 * sets, one JSON file per policy, plus an index naming the custom operators
 * a service must register (`leadrulesOperators(asOf)` from this package), the
 * facts the rule sets read and how each step picks its outcome from the events.
 *
 * Every rule carries a priority, its place counted from the end (the first
 * rule has the highest): json-rules-engine runs one priority at a time, highest
 * first, and runs the rules of one priority in parallel, so without distinct
 * priorities `events` come back in the order the rules finished (a rule with
 * fewer conditions first), not in the order the policy lists them: on the
 * 300 sample leads and 200 generated ones, the first routing event was not
 * the winning rule for 43 leads and the first retention event for 98.
 * Routing, retention, lifecycle transitions and scoring exclusions are
 * first-match, so the order is part of the artifact's meaning.
 */
import type { PipelineStep } from "../model/facts.js";
import { buildFactCatalogue, pipelineSteps } from "../model/facts.js";
import { factsOf } from "../model/condition-walk.js";
import { customOperators } from "./operators.js";
import type { PolicyKind } from "../model/policy.js";
import { toJsonRule } from "./json-rules.js";
import type { PolicyPlan } from "./plan.js";
import { fieldReads } from "./field-reads.js";

const stepOfKind: Partial<Record<PolicyKind, PipelineStep>> = {
  ScoringModel: "score",
  Lifecycle: "lifecycle",
  Routing: "route",
  ContentApproval: "content",
  RetentionSchedule: "retention",
  NurtureProgram: "nurture",
};

/** How a consumer turns one run's events (in rule order) into the step's outcome. */
const decide: Record<PipelineStep, string> = {
  score:
    "Every event counts: a rule: event adds params.points to params.dimension; a reset: event resets its dimension; the first exclusion: event excludes the lead. Caps, decay, floors, grades and thresholds are not in this artifact (docs/evaluation.md).",
  lifecycle:
    "Start from the stage in stageFact (initialStage when empty); if it is one of recycle.from and daysSinceGreaterThan(recycle.activityFact, recycle.afterDays) holds, it becomes recycle.to; then, repeatedly, the first event (in order) whose params.from holds the current stage moves it to params.to, until none does or a stage repeats (an oscillation: it stops there).",
  route: "The first event wins: its params.queue; no event: fallback.",
  content:
    "An asset passes a gate when the gate's event is among the events; it must pass every gate whose params.assets lists it (stages and approvals are not in this artifact).",
  retention:
    "The first event wins: hold (the legal hold) comes first; otherwise its params.action is due params.keepDays days after the date in fact params.from.",
  nurture:
    "Read after the whole pipeline. The program with the lowest priority whose entry: event is among the events and none of whose exit: events is; an escalation: event hands the lead to params.route; the first track: event (or a track without one) picks the track; after a step, its first branch: event jumps to params.goto. A step's channel needs the consent: event of every consent-region: event naming it. Waits, the contact policy, breakers and approvals are not in this artifact (docs/nurture.md).",
};

/** Relative file name -> content. */
export function compileRuleSets(plan: PolicyPlan): Map<string, string> {
  const files = new Map<string, string>();
  const index: Record<string, unknown>[] = [];
  const catalogue = buildFactCatalogue(plan.set);
  for (const policy of plan.set.policies) {
    const step = stepOfKind[policy.document.kind];
    if (!step) continue;
    const name =
      policy.file
        .split("/")
        .pop()!
        .replace(/\.ya?ml$/i, "") + ".rules.json";
    const listed = plan.steps[step];
    const rules = listed.map((c, i) => toJsonRule(c.key, c.condition, c.params, listed.length - i));
    files.set(name, JSON.stringify(rules, null, 2) + "\n");
    const derived = factsOf(listed.map((c) => c.condition))
      .filter((fact) => catalogue.get(fact)?.derived)
      .sort();
    index.push({
      file: name,
      source: policy.file,
      kind: policy.document.kind,
      policy: policy.document.metadata.name,
      version: policy.document.metadata.version,
      step,
      rules: rules.length,
      decide: decide[step],
      derivedFacts: derived,
      ...decisionData(plan, step),
    });
  }
  files.set(
    "index.json",
    JSON.stringify(
      {
        generatedBy: "leadrules compile; do not edit",
        usage:
          "A fresh new Engine(rules, { allowUndefinedFacts: true }) per run (or one per concurrent run: overlapping run() calls on one Engine lose rules); register each of leadrulesOperators(asOf) with engine.addOperator(name, evaluate); pass every fact below, normalized (null when empty).",
        order:
          "Each rule's priority is its place counted from the end, so json-rules-engine runs the rules one at a time in the file's order and events and results come back in that order: the first event is the first rule that holds (or take the result with the highest priority).",
        customOperators: [...customOperators],
        facts: factsRead(plan, catalogue),
        ruleSets: index,
      },
      null,
      2,
    ) + "\n",
  );
  return files;
}

/** What a step decides with beyond its events: the routing fallback, the lifecycle's start and recycle. */
function decisionData(plan: PolicyPlan, step: PipelineStep): Record<string, unknown> {
  if (step === "route" && plan.routing) return { fallback: { rule: "fallback", queue: plan.routing.fallback.queue } };
  if (step === "lifecycle" && plan.lifecycle) {
    const { stageFact, stages, recycle } = plan.lifecycle;
    return {
      stageFact,
      initialStage: stages.find((s) => s.initial)?.id ?? null,
      // daysSinceGreaterThan(activityFact, afterDays), from one of `from`: the stage becomes `to` before any transition.
      recycle: recycle ? { from: recycle.from, to: recycle.to, activityFact: recycle.activityFact, afterDays: recycle.afterDays } : null,
    };
  }
  return {};
}

/**
 * Every fact leadrules reads to decide the steps (the conditions' facts and the
 * fields the policies name: stage, recycle activity, retention dates...), with
 * its type and picklist values; a derived fact names the step that computes it.
 */
function factsRead(plan: PolicyPlan, catalogue: ReturnType<typeof buildFactCatalogue>): Record<string, unknown> {
  const names = new Set([
    ...fieldReads(plan).keys(),
    ...factsOf(Object.values(plan.steps).flatMap((listed) => listed.map((c) => c.condition))),
  ]);
  const facts: Record<string, unknown> = {};
  for (const name of [...names].sort()) {
    const info = catalogue.get(name);
    if (!info) continue;
    facts[name] = {
      type: info.type,
      ...(info.values ? { values: info.values } : {}),
      // A derived fact is readable from the step after the one that computes it.
      ...(info.derived ? { derivedBy: pipelineSteps[pipelineSteps.indexOf(info.availableFrom) - 1] } : {}),
    };
  }
  return facts;
}
