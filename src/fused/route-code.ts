/**
 * The routing step of the fused row function: the first rule whose condition
 * holds, else the fallback (simulate/route.ts), each branch with its row
 * text up to the assignment precomputed; SLA deadlines by the same business
 * calendars, from the arrival instant parsed once. As JSON or as CSV cells
 * (the rule's cell before the assignment, the deadlines' cells after it).
 */
import { conditionKey } from "../model/condition-listing.js";
import { isoOf } from "../model/instants.js";
import type { RoutingSpec, Sla } from "../model/policy.js";
import { createBusinessCalendar, type BusinessCalendar } from "../simulate/business-hours.js";
import { text } from "../render/outcome-json.js";
import { dateCell, type CsvOptions } from "../render/escape/spreadsheet.js";
import type { FusedCode } from "./fused-code.js";

const noDeadlines = ',"sla":{"firstTouchDue":null,"escalateAt":null,"reassignAt":null,"arrivedOutsideHours":false}}';

/**
 * The SLA's part of a row, and whether the lead arrived outside business hours (set on `out`). As JSON
 * (`,"sla":{...}}`, the SLA member and the end of the route), or, given `csv`, as the three deadlines' cells.
 */
export function slaText(
  calendar: BusinessCalendar,
  arrivalMs: number,
  firstTouchHours: number | undefined,
  escalateAfterHours: number | undefined,
  reassignAfterHours: number | undefined,
  out: { arrivedOutsideHours: boolean },
  csv?: CsvOptions,
): string {
  if (Number.isNaN(arrivalMs)) {
    out.arrivedOutsideHours = false;
    return csv ? ",," : noDeadlines;
  }
  // isoOf writes digits, signs and `-:.TZ` only: JSON needs just the quotes.
  const at = (hours: number | undefined) => {
    if (hours === undefined) return csv ? "" : "null";
    const due = isoOf(calendar.addHours(arrivalMs, hours));
    return csv ? dateCell(due, csv) : `"${due}"`;
  };
  const firstTouchDue = at(firstTouchHours);
  const escalateAt = at(escalateAfterHours);
  const reassignAt = at(reassignAfterHours);
  const outside = !calendar.isOpen(arrivalMs);
  out.arrivedOutsideHours = outside;
  return csv
    ? `${firstTouchDue},${escalateAt},${reassignAt}`
    : `,"sla":{"firstTouchDue":${firstTouchDue},"escalateAt":${escalateAt},"reassignAt":${reassignAt},"arrivedOutsideHours":${outside}}}`;
}

export interface RouteCode {
  code: string;
  /**
   * Locals: the row text from the route up to the assignment, the queue, and the text after the assignment's owner
   * up to the content (JSON: from `,"route":` to `"assignedQueue":`, and from `,"sla":` to the route's end; CSV: the
   * rule's cell, and the deadlines' cells).
   */
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
  const csv = code.csv;
  const helper = code.bind(slaText);
  const options = csv ? `, ${code.bind(csv)}` : "";
  const branch = (id: string, queueId: string, deadlines: Sla): string =>
    `{ ${head} = ${csv ? code.cells(id) : code.value(`,"route":{"rule":${text(id)},"queue":${text(queueId)},"assignedQueue":`)}; ${queue} = ${code.value(queueId)}; out.routeRule = ${code.value(id)}; ` +
    `${sla} = ${helper}(${code.bind(queueCalendar.get(queueId))}, ${arrival}, ${code.value(deadlines.firstTouchHours)}, ${code.value(deadlines.escalateAfterHours)}, ${code.value(deadlines.reassignAfterHours)}, out${options}); }`;
  const lines = [`let ${head}, ${queue}, ${sla};`];
  for (const rule of routing.rules)
    lines.push(`if (${code.condition("route", conditionKey("route", rule.id))}) ${branch(rule.id, rule.queue, rule.sla)} else`);
  lines.push(branch("fallback", routing.fallback.queue, routing.fallback.sla), `out.sla = ${sla};`);
  code.derive("route.queue", queue);
  return { code: lines.join("\n"), head, queue, sla };
}
