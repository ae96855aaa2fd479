/**
 * Funnel alerts (ScoringModel `spec.alerts`): among the leads an alert counts
 * (its `population`, over its `threshold`), the share that meets `success`,
 * per value of `groupBy`, must reach `minimumRate`. A group with fewer than
 * `minimumLeads` counted leads is not judged: it is "too few", never a pass.
 *
 * An accumulator rather than a function of a lead list, so any command that
 * decides leads one by one (`audit`, `backtest`) feeds it as it goes: each
 * decided lead once, with the facts as read and the outcome the pipeline gave
 * it. Conditions run through the compiled evaluator (compile/compile-condition.ts),
 * at the step after the whole pipeline: derived facts (`score.*`, `threshold.*`,
 * `stage`, `route.queue`) are read from the outcome.
 */
import { compileCondition } from "../compile/compile-condition.js";
import { factConditions } from "../model/condition-walk.js";
import type { Lead } from "../model/lead.js";
import type { LeadOutcome } from "../model/outcome.js";
import type { ScoringSpec } from "../model/policy.js";

/** One group of an alert: the leads it counted with one value of `groupBy` (all counted leads without one). */
export interface AlertGroup {
  /** The `groupBy` value as text; `null` for leads where it is empty, and for the one group of an alert without `groupBy`. */
  value: string | null;
  /** Leads counted (population, threshold). */
  leads: number;
  /** Of those, the leads that met `success`. */
  successes: number;
  /** `successes / leads`; `null` when no lead was counted. */
  rate: number | null;
  /** `fired`: judged and below `minimumRate`; `passed`: judged and not below; `too-few`: fewer than `minimumLeads` leads, not judged. */
  status: "fired" | "passed" | "too-few";
  /** Fired groups only: the ids of the counted leads that did not meet `success`, in input order (the leads behind the alert). */
  behind?: string[];
}

export interface AlertResult {
  id: string;
  description: string;
  threshold: string | null;
  groupBy: string | null;
  minimumRate: number;
  minimumLeads: number;
  /** Leads counted over every group, and their successes. */
  leads: number;
  successes: number;
  /** Whether any group fired. */
  fired: boolean;
  /** Groups in a fixed order: by value (code-unit order), the empty value last. */
  groups: AlertGroup[];
}

/** Feed each decided lead once with `add`; `result` reads the rates so far (it may be called more than once). */
export interface FunnelAlertAccumulator {
  add(lead: Lead, outcome: LeadOutcome): void;
  result(): AlertResult[];
}

interface GroupCount {
  value: string | null;
  leads: number;
  successes: number;
  failing: string[];
}

const isDerived = (fact: string) =>
  fact === "stage" || fact === "route.queue" || fact.startsWith("score.") || fact.startsWith("threshold.");

/** The facts the pipeline derives for a lead, from its outcome, as the pipeline names them. */
function derivedFacts(outcome: LeadOutcome, thresholds: readonly string[]): Lead {
  const facts: Lead = Object.create(null) as Lead;
  const score = outcome.score;
  if (score) {
    for (const [d, points] of Object.entries(score.dimensions)) facts[`score.${d}`] = points;
    facts["score.total"] = score.total;
    facts["score.grade"] = score.grade;
    facts["score.excluded"] = score.excluded !== null;
    for (const t of thresholds) facts[`threshold.${t}`] = score.thresholds.includes(t);
  }
  if (outcome.lifecycle) facts.stage = outcome.lifecycle.after;
  if (outcome.route) facts["route.queue"] = outcome.route.queue;
  return facts;
}

const groupText = (value: unknown): string | null =>
  value === null || value === undefined || value === "" ? null : Array.isArray(value) ? value.join(";") : String(value);

/**
 * An accumulator of the funnel alerts of a scoring model (`spec.alerts`; none, an empty result) at one
 * as-of time (conditions such as `daysSinceGreaterThan` read it). The model must be valid (`validate`):
 * the alerts' conditions type-checked, their threshold and `groupBy` known.
 */
export function createFunnelAlerts(scoring: ScoringSpec, asOfMs: number): FunnelAlertAccumulator {
  const alerts = scoring.alerts ?? [];
  const thresholds = scoring.thresholds.map((t) => t.id);
  const compiled = alerts.map((alert) => ({
    alert,
    population: alert.population ? compileCondition(alert.population, asOfMs) : undefined,
    success: compileCondition(alert.success, asOfMs),
    groups: new Map<string | null, GroupCount>(),
  }));
  const readsDerived = alerts.some((a) =>
    [a.population, a.success].some((c) => c !== undefined && factConditions(c).some(({ condition }) => isDerived(condition.fact))),
  );
  // The one group of an alert without groupBy exists from the start: no counted lead is "too few", not absent.
  for (const c of compiled) if (!c.alert.groupBy) c.groups.set(null, { value: null, leads: 0, successes: 0, failing: [] });

  return {
    add(lead, outcome) {
      // The bulk pipeline already wrote the derived facts onto the record; a traced or foreign caller may not have.
      const facts = readsDerived ? (Object.assign(Object.create(null), lead, derivedFacts(outcome, thresholds)) as Lead) : lead;
      for (const c of compiled) {
        const { alert } = c;
        if (alert.threshold !== undefined && !(outcome.score?.thresholds.includes(alert.threshold) ?? false)) continue;
        if (c.population && !c.population(facts)) continue;
        const value = alert.groupBy ? groupText(lead[alert.groupBy]) : null;
        let group = c.groups.get(value);
        if (!group) {
          group = { value, leads: 0, successes: 0, failing: [] };
          c.groups.set(value, group);
        }
        group.leads++;
        if (c.success(facts)) group.successes++;
        else group.failing.push(outcome.id);
      }
    },
    result() {
      return compiled.map(({ alert, groups }) => {
        const judged = [...groups.values()]
          .sort((a, b) => (a.value === b.value ? 0 : a.value === null ? 1 : b.value === null ? -1 : a.value < b.value ? -1 : 1))
          .map((g): AlertGroup => {
            const rate = g.leads === 0 ? null : g.successes / g.leads;
            const status = g.leads < alert.minimumLeads ? "too-few" : rate! < alert.minimumRate ? "fired" : "passed";
            return {
              value: g.value,
              leads: g.leads,
              successes: g.successes,
              rate,
              status,
              ...(status === "fired" ? { behind: [...g.failing] } : {}),
            };
          });
        return {
          id: alert.id,
          description: alert.description,
          threshold: alert.threshold ?? null,
          groupBy: alert.groupBy ?? null,
          minimumRate: alert.minimumRate,
          minimumLeads: alert.minimumLeads,
          leads: judged.reduce((n, g) => n + g.leads, 0),
          successes: judged.reduce((n, g) => n + g.successes, 0),
          fired: judged.some((g) => g.status === "fired"),
          groups: judged,
        };
      });
    },
  };
}
