/**
 * Decision-logic analysis: dead, shadowed, overlapping and contradictory
 * rules, gaps, unreachable thresholds, grades and stages, oscillating walks,
 * unsatisfiable gates, missing approvals, SLA order, retention gaps and nurture
 * programs (overlaps, unreachable steps, unsendable assets, consent). Every
 * finding about leads carries a witness lead the simulator confirms; every
 * finding that a lead cannot exist is exact or says why it is approximate;
 * every question not decided within the budget becomes a note (analysis.ts).
 */
import type { Check, CheckContext } from "../analyse/check.js";
import { problemAt } from "../analyse/check.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { listConditions } from "../model/condition-listing.js";
import type { LoadedPolicy } from "../model/loaded-policy.js";
import type { RoutingSpec } from "../model/policy.js";
import { analysisFor, approximate, undecidedNotes } from "./analysis.js";
import { inWords, meanings } from "./finding-words.js";
import { contentLogic } from "./content-logic.js";
import { lifecycleLogic } from "./lifecycle-logic.js";
import { nurtureLogic } from "./nurture-logic.js";
import { retentionLogic } from "./retention-logic.js";
import { routingLogic } from "./routing-logic.js";
import { scoringLogic } from "./scoring-logic.js";

/** Conditions that can never hold, in every policy kind. */
export const contradictions: Check = {
  name: "contradictions",
  description: "Conditions that can never hold.",
  codes: ["logic/contradiction"],
  check(ctx) {
    const a = analysisFor(ctx);
    if (!a) return [];
    const problems: Diagnostic[] = [];
    for (const located of listConditions(ctx.set)) {
      const result = a.solve(located.condition, {
        policy: located.policy,
        pointer: located.pointer,
        ruleId: located.ruleId,
        asks: `whether the condition of \`${located.ruleId}\` can ever hold`,
      });
      if (result.witness || !result.complete) continue;
      problems.push(
        problemAt(
          located.policy,
          located.pointer,
          "logic/contradiction",
          result.inexact.length
            ? `no lead was found for which the condition of \`${located.ruleId}\` holds, so it may never apply: ${inWords(located.condition)}${meanings(a.plan, located.condition)}${approximate(result.inexact)}`
            : `the condition of \`${located.ruleId}\` can never hold, so it never applies: there is no lead where ${inWords(located.condition)}${meanings(a.plan, located.condition)} (every case was tried, with scores, stage and queue computed as the pipeline does)`,
          "Look for comparisons that exclude each other (e.g. at least 200 and less than 100), values the fact never takes, or score conditions the scoring rules rule out (an MQL needs the threshold's minimums).",
          { severity: result.inexact.length ? "warning" : "error", ruleId: located.ruleId },
        ),
      );
    }
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

/** The checks, in the order they run; `decisionLogic` runs them and adds the undecided notes. */
export const decisionLogicChecks: readonly Check[] = [
  contradictions,
  routingLogic,
  scoringLogic,
  lifecycleLogic,
  contentLogic,
  slaOrder,
  retentionLogic,
  nurtureLogic,
];

/** Questions the analysis could not decide within its budget (see analysis.ts). */
export const undecidedQuestions: Check = {
  name: "undecided",
  description: "Questions the analysis could not decide within its budget, as notes naming the rule.",
  codes: ["logic/undecided"],
  check(ctx) {
    const a = analysisFor(ctx);
    return a ? undecidedNotes(a) : [];
  },
};

/** The checks that can find an error: what a command that evaluates leads needs before it runs. */
const errorChecks: readonly Check[] = [contradictions, scoringLogic, lifecycleLogic];

/**
 * Runs the decision-logic checks: all of them (`validate`), or only those
 * that can find an error (the commands that evaluate leads and refuse
 * policies with errors; the warnings are `validate`'s, which CI runs first).
 */
export function decisionLogic(ctx: CheckContext, scope: DecisionLogicScope = "all"): Diagnostic[] {
  return [...(scope === "all" ? decisionLogicChecks : errorChecks), undecidedQuestions].flatMap((check) => check.check(ctx));
}

export type DecisionLogicScope = "all" | "errors";
