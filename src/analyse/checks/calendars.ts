/**
 * Calendars must name real IANA time zones and well-formed working hours.
 */
import { IANAZone } from "luxon";
import type { Diagnostic } from "../../diagnostics/index.js";
import { unorderedIntervals } from "../../model/business-hours-layout.js";
import { weekdays, type RoutingSpec } from "../../model/policy.js";
import type { LoadedPolicy } from "../../model/loaded-policy.js";
import { problemAt, type Check } from "../check.js";
import { specOf } from "../../model/policy-set.js";

export const calendars: Check = {
  name: "calendars",
  description: "Calendar time zones exist, working intervals end after they start, and a day's intervals are in order and apart.",
  codes: ["crossref/calendar"],
  check({ set }) {
    const routing = specOf(set, "Routing");
    const policy = set.byKind.Routing;
    if (!routing || !policy) return [];
    const problems: Diagnostic[] = [];
    routing.calendars.forEach((c, i) => {
      if (!IANAZone.isValidZone(c.timeZone)) {
        problems.push(
          problemAt(
            policy,
            `/spec/calendars/${i}/timeZone`,
            "crossref/calendar",
            `unknown time zone ${JSON.stringify(c.timeZone)}`,
            "Use an IANA zone name such as America/New_York, Europe/London or Asia/Singapore.",
          ),
        );
      }
      for (const day of weekdays) {
        const intervals = c.week[day] ?? [];
        intervals.forEach((interval, j) => {
          const [start, end] = interval.split("-");
          if (start! >= end!)
            problems.push(
              problemAt(
                policy,
                `/spec/calendars/${i}/week/${day}/${j}`,
                "crossref/calendar",
                `working interval ${interval} ends before it starts`,
                "Write intervals as HH:MM-HH:MM with the end after the start.",
              ),
            );
        });
        // Business time is laid out and searched in order: an interval out of order or overlapping the one
        // before would be skipped or counted twice in SLA deadlines.
        for (const unordered of unorderedIntervals(intervals))
          problems.push(
            problemAt(
              policy,
              `/spec/calendars/${i}/week/${day}/${unordered.at}`,
              "crossref/calendar",
              `working interval ${unordered.interval} starts before ${unordered.before} ends: a day's intervals must be in order and apart`,
              "List the day's intervals from morning to evening, each starting at or after the end of the one before (merge overlapping ones).",
            ),
          );
      }
    });
    problems.push(...reachableSlas(routing, policy));
    return problems;
  },
};

/**
 * Every SLA deadline must fall within the years a calendar is laid out for (business-hours.ts looks ten years
 * ahead): a calendar with no working hours, or an SLA longer than nine years of its working weeks, would
 * otherwise stop the simulation.
 */
function reachableSlas(routing: RoutingSpec, policy: LoadedPolicy): Diagnostic[] {
  const weeklyHours = new Map(
    routing.calendars.map((c) => {
      let minutes = 0;
      for (const day of weekdays)
        for (const interval of c.week[day] ?? []) {
          const [start, end] = interval.split("-").map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)));
          minutes += Math.max(0, end! - start!);
        }
      return [c.id, minutes / 60];
    }),
  );
  const calendarOf = new Map(routing.queues.map((q) => [q.id, q.calendar]));
  const routes = [
    ...routing.rules.map((r, i) => ({ queue: r.queue, sla: r.sla, pointer: `/spec/rules/${i}/sla` })),
    { queue: routing.fallback.queue, sla: routing.fallback.sla, pointer: "/spec/fallback/sla" },
  ];
  const problems: Diagnostic[] = [];
  for (const { queue, sla, pointer } of routes) {
    const calendar = calendarOf.get(queue);
    const weekly = calendar === undefined ? undefined : weeklyHours.get(calendar);
    if (weekly === undefined) continue; // an unknown queue or calendar is reported by the references check
    const longest = Math.max(sla.firstTouchHours, sla.escalateAfterHours ?? 0, sla.reassignAfterHours ?? 0);
    if (longest > weekly * 52 * 9)
      problems.push(
        problemAt(
          policy,
          pointer,
          "crossref/calendar",
          weekly === 0
            ? `calendar ${calendar} of queue ${queue} has no working hours, so this SLA's deadlines never come`
            : `an SLA of ${longest} business hours needs more than nine years of calendar ${calendar} (${weekly} working hours a week)`,
          "Give the calendar working hours, or state the SLA in business hours the calendar can reach.",
        ),
      );
  }
  return problems;
}
