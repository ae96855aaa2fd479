/**
 * The routing step of the fused row function: the first rule whose condition
 * holds, else the fallback (simulate/route.ts), each branch with its row
 * text up to the assignment precomputed; SLA deadlines by the same business
 * calendars, from the arrival instant parsed once.
 */
import { conditionKey } from "../model/condition-listing.js";
import { isoOf } from "../model/instants.js";
import type { RoutingSpec, Sla } from "../model/policy.js";
import { createBusinessCalendar, type BusinessCalendar } from "../simulate/business-hours.js";
import { text } from "../render/outcome-json.js";
import type { FusedCode } from "./fused-code.js";

const noDeadlines = ',"sla":{"firstTouchDue":null,"escalateAt":null,"reassignAt":null,"arrivedOutsideHours":false}}';

/** `,"sla":{...}}`: the SLA member and the end of the route; sets whether the lead arrived outside business hours. */
export function slaJson(
  calendar: BusinessCalendar,
  arrivalMs: number,
  firstTouchHours: number | undefined,
  escalateAfterHours: number | undefined,
  reassignAfterHours: number | undefined,
  out: { arrivedOutsideHours: boolean },
): string {
  if (Number.isNaN(arrivalMs)) {
    out.arrivedOutsideHours = false;
    return noDeadlines;
  }
  // isoOf writes digits, signs and `-:.TZ` only: JSON needs just the quotes.
  const at = (hours: number | undefined) => (hours === undefined ? "null" : `"${isoOf(calendar.addHours(arrivalMs, hours))}"`);
  const firstTouchDue = at(firstTouchHours);
  const escalateAt = at(escalateAfterHours);
  const reassignAt = at(reassignAfterHours);
  const outside = !calendar.isOpen(arrivalMs);
  out.arrivedOutsideHours = outside;
  return `,"sla":{"firstTouchDue":${firstTouchDue},"escalateAt":${escalateAt},"reassignAt":${reassignAt},"arrivedOutsideHours":${outside}}}`;
}

export interface RouteCode {
  code: string;
  /** Locals: the row text from the route up to the assignment, the queue, and the text after the assignment's owner. */
  head: string;
  queue: string;
  sla: string;
}

export function routeCode(code: FusedCode, routing: RoutingSpec): RouteCode {
  const calendars = new Map<string, BusinessCalendar>(routing.calendars.map((c) => [c.id, createBusinessCalendar(c)]));
  const queueCalendar = new Map(routing.queues.map((q) => [q.id, calendars.get(q.calendar)!]));
  const head = code.local("routeHead");
  const queue = code.local("queue");
  const sla = code.local("sla");
  const arrival = code.ms(routing.arrivalFact);
  const helper = code.bind(slaJson);
  const branch = (id: string, queueId: string, deadlines: Sla): string =>
    `{ ${head} = ${code.value(`,"route":{"rule":${text(id)},"queue":${text(queueId)},"assignedQueue":`)}; ${queue} = ${code.value(queueId)}; out.routeRule = ${code.value(id)}; ` +
    `${sla} = ${helper}(${code.bind(queueCalendar.get(queueId))}, ${arrival}, ${code.value(deadlines.firstTouchHours)}, ${code.value(deadlines.escalateAfterHours)}, ${code.value(deadlines.reassignAfterHours)}, out); }`;
  const lines = [`let ${head}, ${queue}, ${sla};`];
  for (const rule of routing.rules)
    lines.push(`if (${code.condition("route", conditionKey("route", rule.id))}) ${branch(rule.id, rule.queue, rule.sla)} else`);
  lines.push(branch("fallback", routing.fallback.queue, routing.fallback.sla), `out.sla = ${sla};`);
  code.derive("route.queue", queue);
  return { code: lines.join("\n"), head, queue, sla };
}
