/**
 * Calendars must name real IANA time zones and well-formed working hours.
 */
import { IANAZone } from "luxon";
import type { Diagnostic } from "../../diagnostics/index.js";
import { weekdays } from "../../model/policy.js";
import { problemAt, type Check } from "../check.js";
import { specOf } from "../../model/policy-set.js";

export const calendars: Check = {
  name: "calendars",
  description: "Calendar time zones exist and working intervals end after they start.",
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
        (c.week[day] ?? []).forEach((interval, j) => {
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
      }
    });
    return problems;
  },
};
