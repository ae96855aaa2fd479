/**
 * A queue's load and its predicted first-touch SLA attainment, from the leads a file routes to it: how many
 * leads a business day arrive, against what the queue's members first-touch in one, and what share of the
 * leads would be first-touched within their SLA under that load in the queue's business hours.
 *
 * The model (docs/queue-load.md): leads arrive at random (a Poisson process) at a constant rate over the
 * window, nights and weekends included; a lead that arrives while the queue's calendar is closed waits for
 * the opening. The queue's `members` serve the leads in arrival order, only while the calendar is open, each
 * lead taking an exponentially distributed time of mean `businessHoursPerDay / capacityPerMember` business
 * hours. Counted in business time the closed hours vanish, and the queue is an M/M/c queue whose arrivals
 * are a Poisson stream while open plus, at each opening, the batch that came in while closed (the overnight
 * and weekend backlog, which plain Erlang C misses entirely). The number of leads in the queue is followed
 * through the window's open intervals and closures by the Kolmogorov equations (uniformization), from an
 * empty queue at the window's start; a lead that finds `n` leads in the queue waits, when all members are
 * busy, for `n - c + 1` completions at rate `c mu`: P(W <= t) = P(Poisson(c mu t) >= n - c + 1). This is a
 * computation in formulae, deterministic and without sampling: the same input gives the same figures.
 *
 * Its cost is bounded (docs/queue-load.md, "Cost"): a window longer than 16 weeks is read from its last 8
 * weeks after 8 weeks of burn-in from empty, and a queue whose chance of any lead finding every member busy
 * is below 1e-9 is answered (attainment 1) without being followed.
 *
 * Pure: a function of its input (the calendar's layout is cached by business-hours.ts, not changed).
 */
import { DateTime } from "luxon";
import type { Calendar } from "../model/policy.js";
import { createBusinessCalendar } from "./business-hours.js";

const hourMs = 3_600_000;
const weekMs = 7 * 24 * hourMs;

export interface QueueLoadInput {
  /** The queue's calendar. */
  calendar: Calendar;
  /** Members of the queue (c). */
  members: number;
  /**
   * New leads one member first-touches per business day; null when the members' capacity is not stated.
   * A queue's members' `capacity` (routing.schema.json) summed and divided by the members: the estimate reads
   * `capacity` as a member's first touches per business day (docs/queue-load.md).
   */
  capacityPerMember: number | null;
  /** The arrival window of the lead file (first to last arrival), epoch ms. */
  window: { fromMs: number; toMs: number };
  /** Leads routed to the queue in the window, by their rule's first-touch SLA (business hours; null: none). */
  arrivals: { firstTouchHours: number | null; leads: number }[];
}

export interface QueueLoadEstimate {
  /**
   * Business days in the window: each day of the calendar with working hours counts as the share of its
   * working hours inside the window (a whole day 1, a holiday or a weekend 0, the morning of a day a part).
   */
  businessDays: number;
  /** The window's business hours per business day (its days' average; the calendar's week's when the window has none). */
  businessHoursPerDay: number;
  /** Leads routed to the queue in the window, all SLAs. */
  leads: number;
  /** Leads per business day; null when the window holds no business hours (no rate can be read). */
  leadsPerBusinessDay: number | null;
  /** Members x capacity per member; null when capacity is not stated. */
  capacityPerBusinessDay: number | null;
  /** Offered load / capacity (leads per business day / capacity per business day); null when either is unknown or capacity is 0. */
  utilisation: number | null;
  /**
   * Predicted share of the leads with an SLA first-touched within it; null when capacity or the rate is
   * unknown, no lead has an SLA, or the queue is overloaded (no steady state: the backlog grows).
   */
  predictedAttainment: number | null;
  /**
   * The same per first-touch SLA (business hours), shortest first, leads of equal SLAs together; attainment
   * null where predictedAttainment is null.
   */
  bySla: { firstTouchHours: number; leads: number; predictedAttainment: number | null }[];
  /** Utilisation >= 1 (or leads with no capacity at all): the backlog grows without bound, no attainment is predicted. */
  overloaded: boolean;
}

/**
 * How much of the window the estimate follows, and whether a queue too lightly loaded for any lead to wait
 * is answered at once (docs/queue-load.md, "Cost"). Exported for the tests, which compare the bounded
 * computation with the unbounded one.
 */
export interface QueueLoadBounds {
  /**
   * Weeks credited at most: a longer window is represented by its last `periodWeeks` weeks, after
   * `burnInWeeks` weeks followed from an empty queue and not credited; null: the whole window, from empty.
   */
  periodWeeks: number | null;
  burnInWeeks: number;
  /** Attainment 1 without following the queue when the chance that any lead finds every member busy is below 1e-9. */
  shortCircuit: boolean;
}

export const defaultBounds: Readonly<QueueLoadBounds> = { periodWeeks: 8, burnInWeeks: 8, shortCircuit: true };

/** Work done by one estimate, for the tests: uniformization steps x states visited. */
export interface QueueLoadWork {
  stateSteps: number;
}

export function estimateQueueLoad(input: QueueLoadInput): QueueLoadEstimate {
  return estimateQueueLoadWith(input, defaultBounds);
}

/** estimateQueueLoad with the given bounds; `work`, when given, is added the work done. */
export function estimateQueueLoadWith(input: QueueLoadInput, bounds: Readonly<QueueLoadBounds>, work?: QueueLoadWork): QueueLoadEstimate {
  const { calendar, members, capacityPerMember, window } = input;
  if (!(Number.isInteger(members) && members >= 0)) throw new RangeError(`members must be a whole number >= 0, not ${members}`);
  if (capacityPerMember !== null && !(Number.isFinite(capacityPerMember) && capacityPerMember >= 0))
    throw new RangeError(`capacityPerMember must be a number >= 0 or null, not ${capacityPerMember}`);
  if (!(Number.isFinite(window.fromMs) && Number.isFinite(window.toMs) && window.toMs >= window.fromMs))
    throw new RangeError("window must run from an instant to the same or a later one");
  for (const a of input.arrivals) {
    if (!(Number.isFinite(a.leads) && a.leads >= 0)) throw new RangeError(`leads must be a number >= 0, not ${a.leads}`);
    if (a.firstTouchHours !== null && !(Number.isFinite(a.firstTouchHours) && a.firstTouchHours >= 0))
      throw new RangeError(`firstTouchHours must be a number >= 0 or null, not ${a.firstTouchHours}`);
  }

  const business = createBusinessCalendar(calendar);
  const { days: businessDays, hours: businessHours } = businessDaysOf(calendar, window.fromMs, window.toMs);
  const businessHoursPerDay = businessDays > 0 ? businessHours / businessDays : weeklyHoursPerDay(calendar);
  const leads = input.arrivals.reduce((sum, a) => sum + a.leads, 0);
  const leadsPerBusinessDay = businessHours > 0 ? leads / businessDays : null;
  const capacityPerBusinessDay = capacityPerMember === null ? null : members * capacityPerMember;
  const utilisation =
    leadsPerBusinessDay === null || capacityPerBusinessDay === null || capacityPerBusinessDay === 0
      ? null
      : leadsPerBusinessDay / capacityPerBusinessDay;
  const overloaded = utilisation !== null ? utilisation >= 1 : capacityPerBusinessDay === 0 && leadsPerBusinessDay !== null && leads > 0;

  const leadsBySla = new Map<number, number>();
  for (const a of input.arrivals)
    if (a.firstTouchHours !== null && a.leads > 0) leadsBySla.set(a.firstTouchHours, (leadsBySla.get(a.firstTouchHours) ?? 0) + a.leads);
  const slas = [...leadsBySla].sort(([a], [b]) => a - b);
  const withSla = slas.reduce((sum, [, n]) => sum + n, 0);
  let attained: number[] | null = null;
  if (utilisation !== null && !overloaded && withSla > 0 && capacityPerMember) {
    attained = attainmentOf({
      business,
      window,
      members,
      serviceRate: capacityPerMember / businessHoursPerDay, // mu: leads per business hour per member
      arrivalRate: leads / ((window.toMs - window.fromMs) / hourMs), // lambda: leads per real hour
      slaHours: slas.map(([hours]) => hours),
      bounds,
      work,
    });
  }
  const bySla = slas.map(([firstTouchHours, n], i) => ({ firstTouchHours, leads: n, predictedAttainment: attained?.[i] ?? null }));
  const predictedAttainment = attained && slas.reduce((sum, [, n], i) => sum + n * attained[i]!, 0) / withSla;
  return {
    businessDays,
    businessHoursPerDay,
    leads,
    leadsPerBusinessDay,
    capacityPerBusinessDay,
    utilisation,
    predictedAttainment,
    bySla,
    overloaded,
  };
}

/**
 * Business days and hours in [fromMs, toMs): each local date with working intervals counts as the share of
 * its working hours inside the window.
 */
export function businessDaysOf(calendar: Calendar, fromMs: number, toMs: number): { days: number; hours: number } {
  if (toMs <= fromMs) return { days: 0, hours: 0 };
  const zone = calendar.timeZone;
  const business = createBusinessCalendar(calendar);
  const dayFrom = DateTime.fromMillis(fromMs, { zone }).startOf("day").toMillis();
  const dayTo = DateTime.fromMillis(toMs, { zone }).endOf("day").toMillis() + 1;
  const perDay = new Map<string, { whole: number; inside: number }>();
  for (const [start, end] of business.openIntervals(dayFrom, dayTo)) {
    const date = DateTime.fromMillis(start, { zone }).toISODate()!;
    let day = perDay.get(date);
    if (!day) perDay.set(date, (day = { whole: 0, inside: 0 }));
    day.whole += end - start;
    day.inside += Math.max(0, Math.min(end, toMs) - Math.max(start, fromMs));
  }
  let days = 0;
  let hours = 0;
  for (const { whole, inside } of perDay.values()) {
    days += inside / whole;
    hours += inside / hourMs;
  }
  return { days, hours };
}

/** The calendar's week's working hours per working day. */
function weeklyHoursPerDay(calendar: Calendar): number {
  const days = Object.values(calendar.week).filter((intervals) => intervals && intervals.length > 0);
  const minutes = (hhmm: string) => {
    const [h, m] = hhmm.split(":").map(Number) as [number, number];
    return h * 60 + m;
  };
  const total = days.flat().reduce((sum, interval) => {
    const [from, to] = interval!.split("-") as [string, string];
    return sum + (minutes(to) - minutes(from)) / 60;
  }, 0);
  return days.length > 0 ? total / days.length : 0;
}

interface AttainmentInput {
  business: ReturnType<typeof createBusinessCalendar>;
  window: { fromMs: number; toMs: number };
  members: number;
  /** mu: leads per business hour per member. */
  serviceRate: number;
  /** lambda: leads per real hour, nights and weekends included. */
  arrivalRate: number;
  slaHours: number[];
  bounds: Readonly<QueueLoadBounds>;
  work: QueueLoadWork | undefined;
}

/** Mass below which the ends of a distribution are dropped. */
const negligible = 1e-12;
/** Uniformization steps span at most this many expected events (e^-x stays far from underflow). */
const eventsPerStep = 40;

/** A distribution over 0, 1, ..: P(N = offset + i) = p[i]; the negligible ends left out. */
interface Distribution {
  offset: number;
  p: Float64Array;
}

/**
 * Per SLA, the expected share of the window's leads first-touched within it. The distribution of the number
 * of leads in the queue (waiting or being served) is carried across the window: at each opening it takes the
 * batch that arrived while closed (Poisson, mean lambda x the closed hours); through each open interval it
 * evolves as the birth-death chain (up at lambda, down at min(n, c) mu), by uniformization. Each lead is
 * credited with the chance that its wait is within its SLA given the leads it finds ahead of it.
 */
function attainmentOf({
  business,
  window,
  members: c,
  serviceRate: mu,
  arrivalRate: lambda,
  slaHours,
  bounds,
  work,
}: AttainmentInput): number[] {
  // The span followed: the whole window, or (a long window) its last periodWeeks weeks after a burn-in.
  // A window of at most periodWeeks + burnInWeeks weeks is followed whole, from an empty queue, as before.
  const { periodWeeks, burnInWeeks } = bounds;
  const bounded = periodWeeks !== null && window.toMs - window.fromMs > (periodWeeks + burnInWeeks) * weekMs;
  const periodFrom = bounded ? window.toMs - periodWeeks * weekMs : window.fromMs;
  const followFrom = bounded ? periodFrom - burnInWeeks * weekMs : window.fromMs;
  const intervals = business.openIntervals(followFrom, window.toMs);
  if (bounds.shortCircuit && noLeadWaits(intervals, followFrom, window.toMs, c, mu, lambda)) return slaHours.map(() => 1);

  const within = slaHours.map((hours) => waitWithin(c, c * mu, hours));
  const attained = slaHours.map(() => 0);
  let arrived = 0;
  let queue: Distribution = { offset: 0, p: Float64Array.of(1) };
  const credit = (weights: Float64Array, offset: number, scale: number) => {
    for (let s = 0; s < slaHours.length; s++) attained[s]! += scale * weighted(weights, within[s]!(offset + weights.length), offset);
  };
  /** Leads that arrived while closed join the queue, in arrival order, at the opening; credited when `credited`. */
  const batch = (closedHours: number, credited: boolean) => {
    const mean = lambda * closedHours;
    if (mean <= 0) return;
    const counts = poisson(mean);
    if (credited) {
      credit(convolve(queue.p, exceeding(counts)), queue.offset, 1);
      arrived += mean;
    }
    queue = trimmed(convolve(queue.p, counts.p), queue.offset + counts.offset);
  };
  /** An open interval of `hours` business hours, in steps of a few expected events. */
  const open = (hours: number, credited: boolean) => {
    const rate = lambda + c * mu; // of uniformization
    for (let left = hours; left > 0; ) {
      const h = Math.min(left, eventsPerStep / rate);
      left -= h;
      const { ended, during, base } = evolve(queue, h, lambda, c, mu, work);
      // Leads arriving during the step find the queue as it is at their arrival (Poisson arrivals see time averages).
      if (credited) {
        credit(during, base, lambda);
        arrived += lambda * h;
      }
      queue = trimmed(ended, base);
    }
  };
  // A stretch [from, to) split where the credited period begins: the burn-in's leads join the queue uncredited.
  const split = (from: number, to: number, step: (hours: number, credited: boolean) => void) => {
    const cut = Math.min(Math.max(periodFrom, from), to);
    if (cut > from) step((cut - from) / hourMs, false);
    if (to > cut) step((to - cut) / hourMs, true);
  };

  let at = followFrom;
  for (const [start, end] of intervals) {
    // The closed stretch's two parts join at the opening in arrival order: Poisson(a + b) is Poisson(a) then Poisson(b).
    split(at, start, batch);
    split(start, end, open);
    at = end;
  }
  // Leads that arrive after the window's last open interval wait for the next opening: credited there.
  if (window.toMs > at) split(at, window.toMs, batch);
  return attained.map((a) => (arrived > 0 ? a / arrived : 1));
}

/**
 * Whether no lead of [fromMs, toMs) but with a chance below 1e-9 finds every member busy, from an empty
 * queue. Until the queue first holds c leads it is the same as one with a member for every lead (M/M/infinity,
 * serving only while open), whose number of leads is Poisson of a mean m that grows by lambda an hour while
 * closed and tends to lambda / mu while open (m' = lambda - mu m). A lead waits only after the queue first
 * reaches c, which happens at an arrival that finds c - 1 or at an opening whose batch brings it to c or more:
 * the expected number of such events, at most (leads + openings) x P(Poisson(max m) >= c - 1), bounds the
 * chance that any lead waits, and so the share of the leads that miss any SLA.
 */
function noLeadWaits(intervals: [number, number][], fromMs: number, toMs: number, c: number, mu: number, lambda: number): boolean {
  if (c === 0) return false;
  let m = 0;
  let most = 0;
  let at = fromMs;
  const steady = lambda / mu;
  for (const [start, end] of intervals) {
    m += (lambda * (start - at)) / hourMs;
    most = Math.max(most, m);
    m = steady + (m - steady) * Math.exp((-mu * (end - start)) / hourMs);
    most = Math.max(most, m);
    at = end;
  }
  m += (lambda * (toMs - at)) / hourMs;
  most = Math.max(most, m);
  const events = (lambda * (toMs - fromMs)) / hourMs + intervals.length + 1;
  return events * poissonTail(most, c - 1) < 1e-9;
}

/** P(Poisson(mean) >= k), from above: the terms past the computed ones are below 1e-15 in all. */
function poissonTail(mean: number, k: number): number {
  if (k <= 0) return 1;
  const counts = poisson(mean);
  let tail = 1e-15;
  for (let i = Math.max(0, k - counts.offset); i < counts.p.length; i++) tail += counts.p[i]!;
  return Math.min(1, tail);
}

/** P(B > j), j = 0, 1, ..: the batch's j-th lead (from 0) exists, and finds the queue and j more ahead of it. */
function exceeding(counts: Distribution): Float64Array {
  const exceed = new Float64Array(counts.offset + counts.p.length);
  let below = 0;
  for (let j = 0; j < exceed.length; j++) {
    below += j >= counts.offset ? counts.p[j - counts.offset]! : 0;
    exceed[j] = Math.max(0, 1 - below);
  }
  return exceed;
}

/** Sum of weights[i] x chances[offset + i]. */
function weighted(weights: Float64Array, chances: Float64Array, offset: number): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]! * chances[offset + i]!;
  return sum;
}

/**
 * The birth-death chain (up at lambda, down at min(n, c) mu) over `h` hours from `queue`, by uniformization:
 * the distribution at the end (`ended`) and its integral over the step (`during`), both from `base`.
 */
function evolve(
  queue: Distribution,
  h: number,
  lambda: number,
  c: number,
  mu: number,
  work?: QueueLoadWork,
): { ended: Float64Array; during: Float64Array; base: number } {
  const rate = lambda + c * mu;
  const up = lambda / rate;
  const jumps = poisson(rate * h); // P(k events in the step), k from jumps.offset
  const k0 = jumps.offset;
  const steps = k0 + jumps.p.length;
  const base = Math.max(0, queue.offset - steps);
  const size = queue.offset + queue.p.length + steps - base;
  let now = new Float64Array(size);
  let then = new Float64Array(size);
  const ended = new Float64Array(size);
  const during = new Float64Array(size);
  now.set(queue.p, queue.offset - base);
  let lo = queue.offset - base;
  let hi = lo + queue.p.length;
  let tail = 1;
  for (let k = 0; k < steps; k++) {
    const w = k >= k0 ? jumps.p[k - k0]! : 0;
    tail -= w;
    const stay = Math.max(0, tail) / rate; // the integral of P(Poisson(rate u) = k) du over the step
    if (work) work.stateSteps += hi - lo;
    for (let i = lo; i < hi; i++) {
      const m = now[i]!;
      ended[i]! += w * m;
      during[i]! += stay * m;
    }
    if (k + 1 === steps) break;
    const nlo = Math.max(0, lo - 1);
    const nhi = Math.min(size, hi + 1);
    then.fill(0, nlo, nhi);
    for (let i = lo; i < hi; i++) {
      const m = now[i]!;
      if (m === 0) continue;
      const n = base + i;
      const down = (Math.min(n, c) * mu) / rate;
      then[i + 1]! += m * up;
      if (n > 0) then[i - 1]! += m * down;
      then[i]! += m * (1 - up - down);
    }
    const swap = now;
    now = then;
    then = swap;
    lo = nlo;
    hi = nhi;
  }
  return { ended, during, base };
}

/**
 * P(W <= t | n leads ahead), n = 0 .. length - 1: 1 while a member is free (n < c), else the chance that
 * n - c + 1 completions at rate c mu come within t: P(Poisson(c mu t) >= n - c + 1).
 */
function waitWithin(c: number, rate: number, hours: number): (length: number) => Float64Array {
  let known = new Float64Array(0);
  return (length) => {
    if (known.length >= length) return known;
    const size = Math.max(length, 2 * known.length);
    const counts = poisson(rate * hours);
    const chances = new Float64Array(size);
    let below = 0; // P(Poisson < n - c + 1)
    for (let n = 0; n < size; n++) {
      if (n < c) chances[n] = 1;
      else {
        const k = n - c;
        below += k >= counts.offset && k < counts.offset + counts.p.length ? counts.p[k - counts.offset]! : 0;
        chances[n] = Math.max(0, 1 - below);
      }
    }
    known = chances;
    return known;
  };
}

/** Poisson probabilities P(X = offset + i), leaving out the negligible ends. */
function poisson(mean: number): Distribution {
  if (mean <= 0) return { offset: 0, p: Float64Array.of(1) };
  // In logarithms: e^-mean underflows past a mean of about 745.
  const logMean = Math.log(mean);
  const mode = Math.floor(mean);
  const at = (k: number) => Math.exp(-mean + k * logMean - logGamma(k + 1));
  let lo = mode;
  while (lo > 0 && at(lo - 1) > negligible * 1e-3) lo--;
  let hi = mode + 1;
  while (at(hi) > negligible * 1e-3) hi++;
  const p = new Float64Array(hi - lo);
  for (let k = lo; k < hi; k++) p[k - lo] = at(k);
  return { offset: lo, p };
}

/** ln Gamma(x) for x >= 1 (Lanczos, g = 7): relative error near 1e-15. */
function logGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = g[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += g[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (x === 0) continue;
    for (let j = 0; j < b.length; j++) out[i + j]! += x * b[j]!;
  }
  return out;
}

/** A distribution made of weights from `offset` on: normalised, its negligible ends dropped. */
function trimmed(weights: Float64Array, offset: number): Distribution {
  let total = 0;
  for (const w of weights) total += w;
  let lo = 0;
  let hi = weights.length;
  for (let mass = 0; lo < hi - 1 && mass + weights[lo]! < negligible * total; ) mass += weights[lo++]!;
  for (let mass = 0; hi > lo + 1 && mass + weights[hi - 1]! < negligible * total; ) mass += weights[--hi]!;
  const p = weights.slice(lo, hi);
  for (let i = 0; i < p.length; i++) p[i]! /= total;
  return { offset: offset + lo, p };
}
