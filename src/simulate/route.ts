/**
 * Routing decision: the first rule whose condition holds, else the fallback;
 * SLA deadlines in business hours of the queue's calendar, counted from the
 * lead's arrival. Who gets the lead (round robin, weights, capacity) is
 * decided afterwards, in input order, by assign.ts.
 */
import { isoOf, parseInstant } from "../model/instants.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { SlaOutcome } from "../model/outcome.js";
import type { RoutingSpec, Sla } from "../model/policy.js";
import type { Facts } from "../compile/compile-condition.js";
import { createBusinessCalendar, type BusinessCalendar } from "./business-hours.js";
import { conditionKey } from "../model/condition-listing.js";

export interface RoutingDecision {
  rule: string;
  queue: string;
  sla: SlaOutcome;
}

export interface Router {
  decide(holds: boolean[], facts: Facts): RoutingDecision;
}

export function createRouter(plan: PolicyPlan, routing: RoutingSpec): Router {
  const calendars = new Map<string, BusinessCalendar>(routing.calendars.map((c) => [c.id, createBusinessCalendar(c)]));
  const queueCalendar = new Map(routing.queues.map((q) => [q.id, calendars.get(q.calendar)!]));
  const rules = routing.rules.map((r) => ({
    at: plan.at("route", conditionKey("route", r.id)),
    id: r.id,
    queue: r.queue,
    sla: r.sla,
    calendar: queueCalendar.get(r.queue)!,
  }));
  const fallback = { id: "fallback", ...routing.fallback, calendar: queueCalendar.get(routing.fallback.queue)! };

  return {
    decide(holds, facts) {
      const rule = rules.find((r) => holds[r.at]) ?? fallback;
      return { rule: rule.id, queue: rule.queue, sla: deadlines(rule.calendar, rule.sla, facts[routing.arrivalFact]) };
    },
  };
}

function deadlines(calendar: BusinessCalendar, sla: Sla, arrival: unknown): SlaOutcome {
  const arrivalMs = typeof arrival === "string" ? parseInstant(arrival) : Number.NaN;
  if (Number.isNaN(arrivalMs)) return { firstTouchDue: null, escalateAt: null, reassignAt: null, arrivedOutsideHours: false };
  const at = (hours: number | undefined) => (hours === undefined ? null : isoOf(calendar.addHours(arrivalMs, hours)));
  return {
    firstTouchDue: at(sla.firstTouchHours),
    escalateAt: at(sla.escalateAfterHours),
    reassignAt: at(sla.reassignAfterHours),
    arrivedOutsideHours: !calendar.isOpen(arrivalMs),
  };
}
