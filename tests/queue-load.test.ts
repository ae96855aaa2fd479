/**
 * The queue-load estimate (src/simulate/queue-load.ts) against a discrete-event simulation written here,
 * independently of the estimate's code: the same arrivals (seeded random instants over weeks of real time,
 * nights, weekends, holidays and a daylight-saving change included), the same calendar (the bundled americas
 * and emea, with their holidays and emea's lunch break), c members serving first in, first out only while the
 * calendar is open, each lead taking an exponentially distributed time of mean (business hours per day /
 * capacity) business hours, the estimate's assumption. A lead's wait is the business hours from its arrival
 * to the start of its first touch; attainment is the share of leads whose wait is within the SLA.
 *
 * The measured maximum error over the grid is printed (QUEUE_LOAD_REPORT=1 prints every point);
 * docs/queue-load.md gives it and the tolerance asserted here.
 */
import { seededRandom as random } from "../src/model/seeded-random.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Calendar } from "../src/model/policy.js";
import { createBusinessCalendar } from "../src/simulate/business-hours.js";
import { defaultBounds, estimateQueueLoad, estimateQueueLoadWith, type QueueLoadInput } from "../src/simulate/queue-load.js";

const routing = parse(readFileSync(path.resolve(__dirname, "../policies/routing.yaml"), "utf8")) as {
  spec: { calendars: Calendar[] };
};
const calendarNamed = (id: string): Calendar => routing.spec.calendars.find((c) => c.id === id)!;
const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();

/**
 * The tolerances asserted on predicted attainment against the simulation (absolute share of leads). With
 * Poisson arrivals, the estimate's own assumption, the estimate is the model's exact answer and only the
 * simulation's noise separates them. A lead file holds a fixed number of leads: its arrivals swing less from
 * week to week than a Poisson stream's, and a heavily loaded queue of one or two members meets slightly more
 * SLAs than the estimate says (measured up to 0.05 at one member, 90% and a 16-hour SLA).
 */
const tolerance = { poisson: 0.03, file: 0.06 };

/** Whole local days in [from, to) with working hours: the weekday has intervals and the date is no holiday. */
function workingDays(calendar: Calendar, fromIso: string, toIso: string): number {
  const holidays = new Set(calendar.holidays.map((h) => h.date));
  const names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
  let count = 0;
  for (let day = DateTime.fromISO(fromIso); day < DateTime.fromISO(toIso); day = day.plus({ days: 1 })) {
    if ((calendar.week[names[day.weekday - 1]!]?.length ?? 0) > 0 && !holidays.has(day.toISODate()!)) count++;
  }
  return count;
}

interface Scenario {
  calendar: Calendar;
  fromIso: string;
  toIso: string;
}

/**
 * The discrete-event simulation: `leads` arrivals at uniform random instants of [from, to); the lead goes to
 * the member free first (first in, first out), starts at the first open instant at or after both its arrival
 * and that member's being free, and keeps the member for an exponential service time in business hours.
 * Returns each lead's wait in business hours.
 */
function simulateWaits(
  scenario: Scenario,
  arrivalsAre: "file" | "poisson",
  members: number,
  serviceMeanHours: number,
  leads: number,
  seed: number,
): Float64Array {
  const zone = scenario.calendar.timeZone;
  const from = local(scenario.fromIso, zone);
  const to = local(scenario.toIso, zone);
  const business = createBusinessCalendar(scenario.calendar);
  const next = random(seed);
  const arrivals = arrivalsAre === "file" ? uniformArrivals(leads, from, to, next) : poissonArrivals(leads, from, to, next);
  const free = new Array<number>(members).fill(from);
  const waits = new Float64Array(arrivals.length);
  for (let i = 0; i < arrivals.length; i++) {
    let member = 0;
    for (let m = 1; m < members; m++) if (free[m]! < free[member]!) member = m;
    const arrival = arrivals[i]!;
    const start = business.addHours(Math.max(arrival, free[member]!), 0);
    free[member] = business.addHours(start, -Math.log(1 - next()) * serviceMeanHours);
    waits[i] = business.hoursBetween(arrival, start);
  }
  return waits;
}

/** A lead file's: exactly `leads` instants, uniform over [from, to). */
function uniformArrivals(leads: number, from: number, to: number, next: () => number): Float64Array {
  return Float64Array.from({ length: leads }, () => from + next() * (to - from)).sort();
}

/** A Poisson stream's: `leads` expected over [from, to), exponential gaps. */
function poissonArrivals(leads: number, from: number, to: number, next: () => number): Float64Array {
  const instants: number[] = [];
  const meanGap = (to - from) / leads;
  let t = from;
  for (;;) {
    t += -Math.log(1 - next()) * meanGap;
    if (t >= to) break;
    instants.push(t);
  }
  return Float64Array.from(instants);
}

const scenarios: Scenario[] = [
  // Eight weeks over the end of daylight saving (1 November) and Thanksgiving (26 and 27 November).
  { calendar: calendarNamed("americas"), fromIso: "2026-10-05T00:00", toIso: "2026-11-30T00:00" },
  // Eight weeks over the start of British summer time (29 March), Easter (3 and 6 April) and 4 May; lunch breaks.
  { calendar: calendarNamed("emea"), fromIso: "2026-03-23T00:00", toIso: "2026-05-18T00:00" },
];

describe("predicted attainment against a discrete-event simulation", () => {
  const slas = [1, 2, 4, 8, 16];
  /** Simulated leads per queue and kind of arrivals, spread over as many seeds as that takes (at least 100). */
  const simulatedLeads = 150_000;
  const grid = scenarios.flatMap((scenario) =>
    [1, 3, 5].flatMap((members) =>
      [4, 12].flatMap((capacity) => [0.3, 0.6, 0.9].map((utilisation) => ({ scenario, members, capacity, utilisation }))),
    ),
  );

  /** The estimate of each queue, made once for both kinds of arrivals. */
  const estimates = new Map<string, ReturnType<typeof estimateQueueLoad>>();
  const estimateOnce = (key: string, input: QueueLoadInput) => {
    let found = estimates.get(key);
    if (!found) estimates.set(key, (found = estimateQueueLoad(input)));
    return found;
  };

  it.each(["poisson", "file"] as const)(
    `with %s arrivals, is within the tolerance of the simulation over ${grid.length} queues x ${slas.length} SLAs, two calendars`,
    (arrivalsAre) => {
      const errors: { at: string; estimate: number; simulated: number; error: number }[] = [];
      for (const { scenario, members, capacity, utilisation } of grid) {
        const { calendar, fromIso, toIso } = scenario;
        const fromMs = local(fromIso, calendar.timeZone);
        const toMs = local(toIso, calendar.timeZone);
        const days = workingDays(calendar, fromIso, toIso);
        const hoursPerDay = createBusinessCalendar(calendar).hoursBetween(fromMs, toMs) / days;
        const leads = Math.round(utilisation * members * capacity * days);
        const within = slas.map(() => 0);
        let simulated = 0;
        const seeds = Math.max(100, Math.ceil(simulatedLeads / leads));
        for (let seed = 1; seed <= seeds; seed++) {
          const waits = simulateWaits(scenario, arrivalsAre, members, hoursPerDay / capacity, leads, seed * 7919 + members * 31 + capacity);
          simulated += waits.length;
          for (const wait of waits) for (let s = 0; s < slas.length; s++) if (wait <= slas[s]!) within[s]!++;
        }
        const input: QueueLoadInput = {
          calendar,
          members,
          capacityPerMember: capacity,
          window: { fromMs, toMs },
          arrivals: slas.map((sla) => ({ firstTouchHours: sla, leads: leads / slas.length })),
        };
        const estimate = estimateOnce(`${calendar.id} ${members} ${capacity} ${utilisation}`, input);
        expect(estimate.businessDays).toBeCloseTo(days, 9);
        expect(estimate.businessHoursPerDay).toBeCloseTo(hoursPerDay, 9);
        expect(estimate.utilisation).toBeCloseTo(leads / days / (members * capacity), 9);
        expect(estimate.overloaded).toBe(false);
        slas.forEach((sla, s) => {
          const predicted = estimate.bySla[s]!.predictedAttainment!;
          const measured = within[s]! / simulated;
          errors.push({
            at: `${calendar.id} c=${members} capacity=${capacity} utilisation=${utilisation} sla=${sla}h`,
            estimate: predicted,
            simulated: measured,
            error: predicted - measured,
          });
        });
        expect(estimate.predictedAttainment).toBeCloseTo(
          estimate.bySla.reduce((sum, x) => sum + x.predictedAttainment!, 0) / slas.length,
          12,
        );
      }
      const worst = errors.reduce((a, b) => (Math.abs(b.error) > Math.abs(a.error) ? b : a));
      if (process.env.QUEUE_LOAD_REPORT)
        for (const e of errors)
          console.log(
            `${arrivalsAre} ${e.at}: estimate ${e.estimate.toFixed(3)} simulated ${e.simulated.toFixed(3)} error ${e.error.toFixed(3)}`,
          );
      console.log(
        `queue-load, ${arrivalsAre} arrivals: max |error| ${Math.abs(worst.error).toFixed(4)} at ${worst.at} (estimate ${worst.estimate.toFixed(3)}, simulated ${worst.simulated.toFixed(3)}) over ${errors.length} points`,
      );
      expect(Math.abs(worst.error), worst.at).toBeLessThanOrEqual(tolerance[arrivalsAre]);
    },
  );
});

describe("estimateQueueLoad", () => {
  const americas = calendarNamed("americas");
  const emea = calendarNamed("emea");
  const ny = (iso: string) => local(iso, americas.timeZone);
  const london = (iso: string) => local(iso, emea.timeZone);
  /** Two whole weeks in New York, 10 business days of 9.8 hours (Friday closes at 17:00). */
  const twoWeeks = { fromMs: ny("2026-10-05T00:00"), toMs: ny("2026-10-19T00:00") };
  const queue = (over: Partial<QueueLoadInput>): QueueLoadInput => ({
    calendar: americas,
    members: 3,
    capacityPerMember: 25,
    window: twoWeeks,
    arrivals: [{ firstTouchHours: 4, leads: 450 }],
    ...over,
  });

  it("reads the load: leads per business day against members x capacity", () => {
    const estimate = estimateQueueLoad(queue({}));
    expect(estimate.businessDays).toBeCloseTo(10, 12);
    expect(estimate.businessHoursPerDay).toBeCloseTo(9.8, 12);
    expect(estimate.leads).toBe(450);
    expect(estimate.leadsPerBusinessDay).toBeCloseTo(45, 12);
    expect(estimate.capacityPerBusinessDay).toBe(75);
    expect(estimate.utilisation).toBeCloseTo(0.6, 12);
    expect(estimate.overloaded).toBe(false);
    expect(estimate.predictedAttainment).toBeGreaterThan(0);
    expect(estimate.predictedAttainment).toBeLessThan(1);
    expect(estimate.bySla).toEqual([{ firstTouchHours: 4, leads: 450, predictedAttainment: estimate.predictedAttainment }]);
  });

  it("is a pure function: the same input gives the same figures and is left as it was", () => {
    const input = queue({
      arrivals: [
        { firstTouchHours: 8, leads: 300 },
        { firstTouchHours: 1, leads: 100 },
        { firstTouchHours: null, leads: 50 },
      ],
    });
    const copy = structuredClone(input);
    const first = estimateQueueLoad(input);
    expect(estimateQueueLoad(input)).toEqual(first);
    expect(input).toEqual(copy);
    // SLAs shortest first; the leads with no SLA count in the load, not in attainment.
    expect(first.leads).toBe(450);
    expect(first.bySla.map((x) => [x.firstTouchHours, x.leads])).toEqual([
      [1, 100],
      [8, 300],
    ]);
    const [one, eight] = first.bySla.map((x) => x.predictedAttainment!);
    expect(one!).toBeLessThan(eight!);
    expect(first.predictedAttainment).toBeCloseTo((100 * one! + 300 * eight!) / 400, 12);
  });

  it("a longer SLA or a lighter load is met more often", () => {
    const at = (over: Partial<QueueLoadInput>) => estimateQueueLoad(queue(over)).predictedAttainment!;
    expect(at({ arrivals: [{ firstTouchHours: 2, leads: 450 }] })).toBeLessThan(at({ arrivals: [{ firstTouchHours: 8, leads: 450 }] }));
    expect(at({ arrivals: [{ firstTouchHours: 4, leads: 600 }] })).toBeLessThan(at({ arrivals: [{ firstTouchHours: 4, leads: 150 }] }));
    // Very light load, a day's SLA: almost every lead.
    expect(at({ arrivals: [{ firstTouchHours: 16, leads: 20 }] })).toBeGreaterThan(0.99);
  });

  it("the overnight backlog: a 1-hour SLA at 30% is missed by the leads that wait overnight", () => {
    // Of the week's 168 hours 49 are open: about 70% of the leads arrive closed and queue up for the morning.
    // Plain Erlang C (M/M/3 at 30%) would say about 99% within an hour; the backlog makes it much less.
    const estimate = estimateQueueLoad(queue({ arrivals: [{ firstTouchHours: 1, leads: 225 }] }));
    expect(estimate.utilisation).toBeCloseTo(0.3, 12);
    expect(estimate.predictedAttainment).toBeLessThan(0.9);
  });

  it("reads a member's pace from the window's own days, not the calendar's average week", () => {
    // A Friday (08:00-17:00 in New York) and the night after: the same estimate whatever the other days' hours.
    const friday = { fromMs: ny("2026-10-09T00:00"), toMs: ny("2026-10-10T00:00") };
    const nineHourWeek = { ...americas, week: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, ["08:00-17:00"]])) };
    const arrivals = [{ firstTouchHours: 2, leads: 50 }];
    const asBundled = estimateQueueLoad(queue({ window: friday, arrivals }));
    expect(asBundled.businessHoursPerDay).toBeCloseTo(9, 12);
    expect(asBundled.predictedAttainment).toBeCloseTo(
      estimateQueueLoad(queue({ calendar: nineHourWeek, window: friday, arrivals })).predictedAttainment!,
      12,
    );
  });

  it("capacity not stated: the load is read, no capacity, utilisation or attainment", () => {
    const estimate = estimateQueueLoad(queue({ capacityPerMember: null }));
    expect(estimate.leadsPerBusinessDay).toBeCloseTo(45, 12);
    expect(estimate.capacityPerBusinessDay).toBeNull();
    expect(estimate.utilisation).toBeNull();
    expect(estimate.predictedAttainment).toBeNull();
    expect(estimate.bySla).toEqual([{ firstTouchHours: 4, leads: 450, predictedAttainment: null }]);
    expect(estimate.overloaded).toBe(false);
  });

  it("utilisation at or over 1: overloaded, and no steady-state attainment (null)", () => {
    for (const leads of [750, 900]) {
      const estimate = estimateQueueLoad(queue({ arrivals: [{ firstTouchHours: 4, leads }] }));
      expect(estimate.utilisation).toBeCloseTo(leads / 750, 12);
      expect(estimate.overloaded).toBe(true);
      expect(estimate.predictedAttainment).toBeNull();
      expect(estimate.bySla[0]!.predictedAttainment).toBeNull();
    }
    // Just under: a figure, and a low one.
    const under = estimateQueueLoad(queue({ arrivals: [{ firstTouchHours: 4, leads: 735 }] }));
    expect(under.overloaded).toBe(false);
    expect(under.predictedAttainment).toBeLessThan(0.5);
    // Members with a capacity of 0 and leads to take: overloaded, utilisation unreadable.
    const none = estimateQueueLoad(queue({ capacityPerMember: 0 }));
    expect(none).toMatchObject({ capacityPerBusinessDay: 0, utilisation: null, overloaded: true, predictedAttainment: null });
  });

  it("no arrivals: no load, nothing to attain", () => {
    const estimate = estimateQueueLoad(queue({ arrivals: [] }));
    expect(estimate).toMatchObject({
      leads: 0,
      leadsPerBusinessDay: 0,
      utilisation: 0,
      overloaded: false,
      predictedAttainment: null,
      bySla: [],
    });
    expect(estimateQueueLoad(queue({ arrivals: [{ firstTouchHours: null, leads: 30 }] })).predictedAttainment).toBeNull();
  });

  it("a window shorter than one business day counts the share of the day's hours it holds", () => {
    // Tuesday 10:00-14:00 in New York: 4 of the day's 10 hours.
    const estimate = estimateQueueLoad(
      queue({ window: { fromMs: ny("2026-10-06T10:00"), toMs: ny("2026-10-06T14:00") }, arrivals: [{ firstTouchHours: 4, leads: 12 }] }),
    );
    expect(estimate.businessDays).toBeCloseTo(0.4, 12);
    expect(estimate.businessHoursPerDay).toBeCloseTo(10, 12);
    expect(estimate.leadsPerBusinessDay).toBeCloseTo(30, 12);
    expect(estimate.utilisation).toBeCloseTo(0.4, 12);
    expect(estimate.predictedAttainment).toBeGreaterThan(0.9);
    // An afternoon across London's lunch: Wednesday 12:00-15:30 holds 0.5 + 2 of the day's 7.5 hours.
    const lunch = estimateQueueLoad(
      queue({ calendar: emea, window: { fromMs: london("2026-03-25T12:00"), toMs: london("2026-03-25T15:30") } }),
    );
    expect(lunch.businessDays).toBeCloseTo(2.5 / 7.5, 12);
    expect(lunch.businessHoursPerDay).toBeCloseTo(7.5, 12);
  });

  it("a window with no business hours (a weekend, or one instant) gives no rate", () => {
    for (const window of [
      { fromMs: ny("2026-10-10T00:00"), toMs: ny("2026-10-12T00:00") },
      { fromMs: ny("2026-10-06T11:00"), toMs: ny("2026-10-06T11:00") },
    ]) {
      const estimate = estimateQueueLoad(queue({ window, arrivals: [{ firstTouchHours: 4, leads: 5 }] }));
      expect(estimate).toMatchObject({
        businessDays: 0,
        leads: 5,
        leadsPerBusinessDay: null,
        utilisation: null,
        predictedAttainment: null,
        overloaded: false,
      });
      // The calendar's week's average day: (4 x 10 + 9) / 5 hours.
      expect(estimate.businessHoursPerDay).toBeCloseTo(9.8, 12);
    }
  });

  it("counts business days across holidays and a daylight-saving change", () => {
    // New York, 26 October to 30 November 2026: clocks go back on 1 November; Thanksgiving and the day
    // after are holidays. 25 weekdays less 2; four whole weeks of 49 hours and Thanksgiving's week of 30.
    const fall = estimateQueueLoad(queue({ window: { fromMs: ny("2026-10-26T00:00"), toMs: ny("2026-11-30T00:00") } }));
    expect(fall.businessDays).toBeCloseTo(23, 12);
    expect(fall.businessHoursPerDay).toBeCloseTo((4 * 49 + 30) / 23, 12);
    // London, 23 March to 13 April 2026: clocks go forward on 29 March; Good Friday and Easter Monday.
    // 15 weekdays less 2; 36 + 30 + 28.5 hours.
    const spring = estimateQueueLoad(
      queue({ calendar: emea, window: { fromMs: london("2026-03-23T00:00"), toMs: london("2026-04-13T00:00") } }),
    );
    expect(spring.businessDays).toBeCloseTo(13, 12);
    expect(spring.businessHoursPerDay).toBeCloseTo(94.5 / 13, 12);
    // A window starting mid-afternoon counts the rest of that day only: Wednesday from 13:00 holds 4 of 7.5 hours.
    const partial = estimateQueueLoad(
      queue({ calendar: emea, window: { fromMs: london("2026-03-25T13:00"), toMs: london("2026-03-28T00:00") } }),
    );
    expect(partial.businessDays).toBeCloseTo(4 / 7.5 + 2, 12);
  });

  it("the calendar's open intervals in a window, clipped to it, add up to its business hours", () => {
    const business = createBusinessCalendar(emea);
    const from = london("2026-03-27T10:00");
    const to = london("2026-03-30T14:00");
    // Friday 10:00-12:30 and 13:30-16:00; Monday (after the clocks went forward) 09:00-12:30 and 13:30-14:00.
    expect(business.openIntervals(from, to)).toEqual([
      [from, london("2026-03-27T12:30")],
      [london("2026-03-27T13:30"), london("2026-03-27T16:00")],
      [london("2026-03-30T09:00"), london("2026-03-30T12:30")],
      [london("2026-03-30T13:30"), to],
    ]);
    const hours = business.openIntervals(twoWeeks.fromMs, twoWeeks.toMs).reduce((sum, [a, b]) => sum + (b - a) / 3_600_000, 0);
    expect(hours).toBeCloseTo(business.hoursBetween(twoWeeks.fromMs, twoWeeks.toMs), 9);
    expect(hours).toBeCloseTo(72, 9); // two London weeks of 4 x 7.5 + 6 hours
    expect(business.openIntervals(to, from)).toEqual([]);
  });

  it("refuses input that is not a queue", () => {
    expect(() => estimateQueueLoad(queue({ members: -1 }))).toThrow(RangeError);
    expect(() => estimateQueueLoad(queue({ members: 1.5 }))).toThrow(RangeError);
    expect(() => estimateQueueLoad(queue({ capacityPerMember: Number.NaN }))).toThrow(RangeError);
    expect(() => estimateQueueLoad(queue({ window: { fromMs: twoWeeks.toMs, toMs: twoWeeks.fromMs } }))).toThrow(RangeError);
    expect(() => estimateQueueLoad(queue({ arrivals: [{ firstTouchHours: -1, leads: 3 }] }))).toThrow(RangeError);
  });

  describe("its cost is bounded: a long window or a large queue is not followed hour by hour (docs/queue-load.md, Cost)", () => {
    const unbounded = { periodWeeks: null, burnInWeeks: 0, shortCircuit: false };
    const yearsOf = (from: string, to: string) => ({ fromMs: ny(`${from}T00:00`), toMs: ny(`${to}T00:00`) });
    const slas = (leads: number) => [
      { firstTouchHours: 1, leads: leads / 2 },
      { firstTouchHours: 8, leads: leads / 2 },
    ];
    const light = (window: { fromMs: number; toMs: number }) =>
      queue({ members: 150, capacityPerMember: 60, window, arrivals: slas((1.5 * (window.toMs - window.fromMs)) / 86_400_000) });

    it("the reviewer's queue, 150 members x 60 a day taking 1.5 leads a day, over a year and over 1990-2026: attainment 1 without following it", () => {
      for (const window of [yearsOf("2025-01-01", "2026-01-01"), yearsOf("1990-01-01", "2026-01-01")]) {
        const work = { stateSteps: 0 };
        const estimate = estimateQueueLoadWith(light(window), defaultBounds, work);
        expect(estimate.overloaded).toBe(false);
        expect(estimate.utilisation).toBeLessThan(0.001);
        expect(estimate.predictedAttainment).toBe(1);
        expect(estimate.bySla.map((x) => x.predictedAttainment)).toEqual([1, 1]);
        expect(work.stateSteps).toBe(0);
      }
    });

    it("the short cut changes nothing measurable: 150 x 60 over 20 weeks, followed whole, is within 1e-9 of 1", () => {
      const window = yearsOf("2026-06-01", "2026-10-19");
      const work = { stateSteps: 0 };
      const whole = estimateQueueLoadWith(light(window), unbounded, work);
      expect(work.stateSteps).toBeGreaterThan(0);
      for (const x of whole.bySla) expect(x.predictedAttainment!).toBeGreaterThan(1 - 1e-9);
      expect(estimateQueueLoad(light(window)).predictedAttainment).toBeCloseTo(whole.predictedAttainment!, 9);
    });

    it("a window of up to 16 weeks is followed whole: the same figures as with no bound, to the last digit", () => {
      for (const window of [twoWeeks, yearsOf("2026-08-11", "2026-11-30")]) {
        const input = queue({ window, arrivals: slas(0.8 * 75 * estimateQueueLoad(queue({ window })).businessDays) });
        expect(estimateQueueLoad(input)).toEqual(estimateQueueLoadWith(input, unbounded));
      }
    });

    it("a longer window is represented by its last 8 weeks after 8 weeks of burn-in: within 0.005 of following it whole (measured 0.003)", () => {
      // A year of 3 members x 25 at 90%, the unbounded computation still affordable (about half a second).
      const window = yearsOf("2025-01-01", "2026-01-01");
      const input = queue({ window, arrivals: slas(0.9 * 75 * estimateQueueLoad(queue({ window })).businessDays) });
      const bounded = { stateSteps: 0 };
      const whole = { stateSteps: 0 };
      const estimate = estimateQueueLoadWith(input, defaultBounds, bounded);
      const reference = estimateQueueLoadWith(input, unbounded, whole);
      estimate.bySla.forEach((x, i) => {
        expect(Math.abs(x.predictedAttainment! - reference.bySla[i]!.predictedAttainment!)).toBeLessThan(0.005);
      });
      // The work is that of 16 weeks, not of 52: under a third.
      expect(bounded.stateSteps).toBeLessThan(whole.stateSteps / 3);
    });

    it("the bound is exact bookkeeping: the last 8 weeks' figure is what the whole computation credits them after 8 weeks from empty", () => {
      // A calendar of the same 9-hour weekdays and no holidays, so that every sub-window reads the same pace.
      const plain: Calendar = {
        ...americas,
        holidays: [],
        week: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, ["08:00-17:00"]])),
      };
      const perHour = (0.9 * 3 * 12 * 5) / (7 * 24); // leads per real hour at 90% of 3 members x 12 a day
      const at = (fromMs: number, toMs: number, bounds: Parameters<typeof estimateQueueLoadWith>[1]) => {
        const leads = (perHour * (toMs - fromMs)) / 3_600_000;
        const estimate = estimateQueueLoadWith(
          queue({ calendar: plain, members: 3, capacityPerMember: 12, window: { fromMs, toMs }, arrivals: slas(leads) }),
          bounds,
        );
        expect(estimate.businessHoursPerDay).toBeCloseTo(9, 12);
        return estimate.bySla.map((x) => x.predictedAttainment! * leads);
      };
      const window = yearsOf("2025-01-01", "2026-01-01");
      const weekMs = 7 * 86_400_000;
      const periodFrom = window.toMs - 8 * weekMs; // 6 November 2025, midnight: after the clocks went back
      const followFrom = periodFrom - 8 * weekMs; // 10 September, 23:00 (summer time): the night
      const bounded = at(window.fromMs, window.toMs, defaultBounds);
      const sixteen = at(followFrom, window.toMs, unbounded);
      const firstEight = at(followFrom, periodFrom, unbounded);
      const periodLeads = (perHour * (window.toMs - periodFrom)) / 3_600_000;
      const windowLeads = (perHour * (window.toMs - window.fromMs)) / 3_600_000;
      bounded.forEach((attained, i) => {
        expect(attained / windowLeads).toBeCloseTo((sixteen[i]! - firstEight[i]!) / periodLeads, 9);
      });
    });

    it("50 members near 90% over ten years: a figure, the work of 16 weeks whatever the window's length", () => {
      const work = (window: { fromMs: number; toMs: number }) => {
        const days = estimateQueueLoad(queue({ window })).businessDays;
        const counted = { stateSteps: 0 };
        const estimate = estimateQueueLoadWith(
          queue({ members: 50, capacityPerMember: 12, window, arrivals: slas(0.9 * 600 * days) }),
          defaultBounds,
          counted,
        );
        return { estimate, stateSteps: counted.stateSteps };
      };
      const tenYears = work(yearsOf("2016-01-01", "2026-01-01"));
      expect(tenYears.estimate.utilisation).toBeCloseTo(0.9, 2);
      expect(tenYears.estimate.overloaded).toBe(false);
      expect(tenYears.estimate.predictedAttainment).toBeGreaterThan(0.2);
      expect(tenYears.estimate.predictedAttainment).toBeLessThan(0.6);
      // Twenty weeks ending on the same day: no less work than ten years (within the calendar's 16 weeks' variation).
      const twentyWeeks = work(yearsOf("2025-08-14", "2026-01-01"));
      expect(tenYears.stateSteps).toBeLessThan(1.1 * twentyWeeks.stateSteps);
    });
  });
});
