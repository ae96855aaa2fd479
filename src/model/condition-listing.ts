/**
 * Every condition in a policy set, listed once, in one fixed order, each with
 * one stable id: the evaluation plan, the type checks, the decision-logic
 * analysis, test coverage and the docs all read this listing.
 *
 * The id (`key`) is `<role>:<element id>`, e.g. `rule:fit.title.vp`,
 * `reset:fit`, `exclusion:competitor`, `transition:lead-to-mql`,
 * `route:route.partner`, `gate:gate.no-students`, `retention:ret.row`; the two
 * conditions a set has at most once are `hold` (the legal hold),
 * `opted-out` and `open-opportunity`. A nurture program's conditions are
 * named within it: `entry:welcome`, `exit:welcome/qualified`,
 * `track:early-education/data-practitioners`, `branch:early-education/engaged`,
 * `escalation:welcome/demo-request`; a consent gate has two,
 * `consent-region:<gate>` and `consent:<gate>`. It names the json-rules-engine rule (generated/rules). The
 * other names a condition is shown by are derived from the role and element
 * id here: `ruleId` in diagnostics, `coverageItem` in coverage reports.
 */
import type { LoadedPolicy } from "./loaded-policy.js";
import type { Condition } from "./condition.js";
import type { PipelineStep } from "./facts.js";
import { specOf, type PolicySet } from "./policy-set.js";

export type ConditionRole =
  | "rule"
  | "reset"
  | "exclusion"
  | "transition"
  | "opted-out"
  | "route"
  | "gate"
  | "hold"
  | "retention"
  | "alert-population"
  | "alert-success"
  | "entry"
  | "exit"
  | "track"
  | "branch"
  | "escalation"
  | "consent-region"
  | "consent"
  | "open-opportunity";

export interface ListedCondition {
  /** The stable id, unique in the set: `<role>:<element id>`, or `hold` / `opted-out`. */
  key: string;
  role: ConditionRole;
  /** The id of the policy element that holds the condition (rule, dimension, transition, gate...). */
  elementId: string;
  /** The id diagnostics name the condition by: the element's id, `dimension.<id>.reset`, `legal-hold`, `opted-out`. */
  ruleId: string;
  policy: LoadedPolicy;
  /** JSON pointer of the condition in its policy. */
  pointer: string;
  condition: Condition;
  /** The step whose facts the condition may read (and that evaluates it). */
  step: PipelineStep;
  /**
   * Whether the pipeline evaluates it (the plan's steps). The opted-out
   * condition and the funnel alerts' are not: only the audit (and backtest)
   * read them, compiled on their own.
   */
  evaluated: boolean;
  /** What the element does, carried in the json-rules-engine event. */
  params: Record<string, unknown>;
}

/** The stable id of a condition: `<role>:<element id>`, or the role alone for `hold` and `opted-out`. */
export function conditionKey(role: ConditionRole, elementId: string): string {
  return role === "hold" || role === "opted-out" || role === "open-opportunity" ? role : `${role}:${elementId}`;
}
/** The roles whose diagnostics name their condition by more than the element's id. */
const ruleIdForms: Partial<Record<ConditionRole, (elementId: string) => string>> = {
  reset: (id) => `dimension.${id}.reset`,
  "alert-population": (id) => `alert.${id}.population`,
  "alert-success": (id) => `alert.${id}.success`,
  entry: (id) => `${id}.entry`,
  "consent-region": (id) => `${id}.region`,
  consent: (id) => `${id}.requires`,
};
/** The id diagnostics and the docs' anchors name a condition by (`dimension.fit.reset`, `legal-hold`). */
export const ruleIdOf = (role: ConditionRole, elementId: string) => ruleIdForms[role]?.(elementId) ?? elementId;

/**
 * How coverage reports name an element: `rule fit.title.vp`, `routing rule
 * route.partner`, `legal hold`; a gate is covered twice, `gate <id> open` and
 * `gate <id> closed`.
 */
export function coverageItem(role: ConditionRole, elementId: string, open = true): string {
  switch (role) {
    case "route":
      return `routing rule ${elementId}`;
    case "retention":
      return `retention rule ${elementId}`;
    case "hold":
      return "legal hold";
    case "gate":
      return `gate ${elementId} ${open ? "open" : "closed"}`;
    default:
      return `${role} ${elementId}`;
  }
}

/** Every condition of the set, in evaluation order within each step. */
export function listConditions(set: PolicySet): ListedCondition[] {
  const listed: ListedCondition[] = [];
  const add = (
    policy: LoadedPolicy,
    role: ConditionRole,
    elementId: string,
    pointer: string,
    condition: Condition,
    step: PipelineStep,
    params: Record<string, unknown>,
    evaluated = true,
  ) =>
    listed.push({
      key: conditionKey(role, elementId),
      role,
      elementId,
      ruleId: ruleIdOf(role, elementId),
      policy,
      pointer,
      condition,
      step,
      evaluated,
      params,
    });

  const scoring = set.byKind.ScoringModel;
  const scoringSpec = specOf(set, "ScoringModel");
  if (scoring && scoringSpec) {
    for (const [i, r] of scoringSpec.rules.entries())
      add(scoring, "rule", r.id, `/spec/rules/${i}/when`, r.when, "score", { dimension: r.dimension, points: r.points });
    for (const [i, d] of scoringSpec.dimensions.entries())
      if (d.resetWhen) add(scoring, "reset", d.id, `/spec/dimensions/${i}/resetWhen`, d.resetWhen, "score", { dimension: d.id });
    for (const [i, e] of (scoringSpec.exclusions ?? []).entries())
      add(scoring, "exclusion", e.id, `/spec/exclusions/${i}/when`, e.when, "score", {});
    // Funnel alerts read a lead after the whole pipeline (derived facts included); the pipeline never evaluates them.
    for (const [i, a] of (scoringSpec.alerts ?? []).entries()) {
      if (a.population) add(scoring, "alert-population", a.id, `/spec/alerts/${i}/population`, a.population, "retention", {}, false);
      add(scoring, "alert-success", a.id, `/spec/alerts/${i}/success`, a.success, "retention", {}, false);
    }
  }
  const lifecycle = set.byKind.Lifecycle;
  const lifecycleSpec = specOf(set, "Lifecycle");
  if (lifecycle && lifecycleSpec) {
    for (const [i, t] of lifecycleSpec.transitions.entries())
      add(lifecycle, "transition", t.id, `/spec/transitions/${i}/when`, t.when, "lifecycle", { from: t.from, to: t.to });
    // Read with the facts of the score step: the audit decides it from the lead's own fields.
    if (lifecycleSpec.optedOutWhen)
      add(lifecycle, "opted-out", "opted-out", "/spec/optedOutWhen", lifecycleSpec.optedOutWhen, "score", {}, false);
  }
  const routing = set.byKind.Routing;
  const routingSpec = specOf(set, "Routing");
  if (routing && routingSpec) {
    for (const [i, r] of routingSpec.rules.entries())
      add(routing, "route", r.id, `/spec/rules/${i}/when`, r.when, "route", { queue: r.queue });
  }
  const content = set.byKind.ContentApproval;
  const contentSpec = specOf(set, "ContentApproval");
  if (content && contentSpec) {
    for (const [i, g] of contentSpec.gates.entries())
      add(content, "gate", g.id, `/spec/gates/${i}/when`, g.when, "content", { assets: g.assets });
  }
  const retention = set.byKind.RetentionSchedule;
  const retentionSpec = specOf(set, "RetentionSchedule");
  if (retention && retentionSpec) {
    if (retentionSpec.legalHold)
      add(retention, "hold", "legal-hold", "/spec/legalHold/when", retentionSpec.legalHold.when, "retention", { action: "hold" });
    for (const [i, r] of retentionSpec.rules.entries())
      add(retention, "retention", r.id, `/spec/rules/${i}/when`, r.when, "retention", {
        action: r.action,
        keepDays: r.keepDays,
        from: r.from,
      });
  }
  const nurture = set.byKind.NurtureProgram;
  const nurtureSpec = specOf(set, "NurtureProgram");
  if (nurture && nurtureSpec) {
    const contact = nurtureSpec.contactPolicy;
    if (contact.openOpportunity)
      add(nurture, "open-opportunity", "open-opportunity", "/spec/contactPolicy/openOpportunity", contact.openOpportunity, "nurture", {});
    for (const [i, g] of nurtureSpec.consentGates.entries()) {
      add(nurture, "consent-region", g.id, `/spec/consentGates/${i}/region`, g.region, "nurture", { channels: g.channels });
      add(nurture, "consent", g.id, `/spec/consentGates/${i}/requires`, g.requires, "nurture", { basis: g.basis });
    }
    for (const [i, p] of nurtureSpec.programs.entries()) {
      const at = `/spec/programs/${i}`;
      add(nurture, "entry", p.id, `${at}/entry`, p.entry, "nurture", { program: p.id });
      for (const [j, e] of p.exits.entries()) add(nurture, "exit", `${p.id}/${e.id}`, `${at}/exits/${j}/when`, e.when, "nurture", {});
      for (const [j, e] of (p.escalations ?? []).entries())
        add(nurture, "escalation", `${p.id}/${e.id}`, `${at}/escalations/${j}/when`, e.when, "nurture", { route: e.route });
      for (const [j, t] of p.tracks.entries()) {
        if (t.when) add(nurture, "track", `${p.id}/${t.id}`, `${at}/tracks/${j}/when`, t.when, "nurture", {});
        for (const [k, step] of t.steps.entries())
          for (const [b, branch] of (step.branches ?? []).entries())
            add(nurture, "branch", `${p.id}/${branch.id}`, `${at}/tracks/${j}/steps/${k}/branches/${b}/when`, branch.when, "nurture", {
              goto: branch.goto,
            });
      }
    }
  }
  return listed;
}
