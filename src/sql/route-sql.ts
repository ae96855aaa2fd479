/**
 * Routing as SQL: the meaning of simulate/route.ts and simulate/assign.ts.
 *
 * Decision. The first rule whose condition holds, else the fallback (rule "fallback"): `route.rule`,
 * `route.queue` (the derived fact later steps read), and the rule's SLA hours and queue calendar.
 *
 * SLA deadlines. `calendar.addHours(arrival, hours)` walks the calendar's working intervals from the
 * first one ending after the arrival, spending the hours. With the business time before each interval
 * precomputed (business-intervals.ts: the relation `__business_intervals`, the calendar's own layout),
 * the walk is two lookups in that relation, each the next row by an ordered column (`nextRowJoin`):
 *   1. the arrival's interval, the first with `end_ms > arrival`: the lead arrived in hours when it has
 *      started (`start_ms <= arrival`), and the business time elapsed at the arrival is B = `before_ms`
 *      plus the part of the interval already gone;
 *   2. for each SLA, X = hours * 3,600,000 ms: the first interval with `through_ms >= B + ceil(X)` (all
 *      whole milliseconds, so the comparison is exact, and X > 0 so it is never before the arrival's); the
 *      walk enters it at `from` (its start, or the arrival in the arrival's own interval) having spent
 *      D = before_ms + (from - start_ms) - B, and the deadline is `from + (X - D)`: the very sums the
 *      JavaScript walk does (D is whole, so X - D is exact), so even a fractional X rounds alike.
 * A lead without an arrival gets no deadlines and did not arrive outside hours.
 *
 * Assignment. Leads are assigned in input order (`__lead_order`); a queue's k-th lead goes to a member
 * that depends only on k (assignment-slots.ts: a prefix of picks, then a repeating cycle or, when every
 * member has a capacity, overflow). A queue with a capacity is thus full after a fixed number K of leads,
 * and the lead that fills it has an input order F: every later lead arriving there overflows, into the
 * queue's overflow queue, and so on along the chain (never into a queue the lead has already tried, as
 * the JavaScript `seen` set says). Given F of every queue that can overflow, a lead's queue is the first
 * of its chain not full at its turn, and its slot its row number among that queue's leads. The F are
 * found before that, one queue at a time: a queue's leads are counted with the F found so far (a queue not
 * yet reached counts as never full), and F is the order of its K-th lead. In the overflow graph's order
 * (queues that overflow into a queue first) each F is final at once. With a cycle of overflow, every F
 * is computed again, once per queue that can overflow: F computed from F's no earlier than the true ones
 * is no earlier than its true one, and each round makes at least the next queue to fill exact.
 */
import { conditionKey } from "../model/condition-listing.js";
import type { Queue, RoutingSpec, Sla } from "../model/policy.js";
import { fillsAfter, queueSlots } from "./assignment-slots.js";
import { businessIntervalsRelation, refuseUnorderedWeeks } from "./business-intervals.js";
import { orderColumn } from "./lead-columns.js";
import { conditionsStep, type SqlStep, type StepSqlContext } from "./step-sql.js";

const hourMs = 3_600_000;
const slaHours = ["firstTouchHours", "escalateAfterHours", "reassignAfterHours"] as const satisfies readonly (keyof Sla)[];
/** Each SLA's deadline in the route outcome. */
const slaDeadlines = {
  firstTouchHours: "firstTouchDue",
  escalateAfterHours: "escalateAt",
  reassignAfterHours: "reassignAt",
} as const;

export function routeSteps(routing: RoutingSpec, context: StepSqlContext): SqlStep[] {
  refuseUnorderedWeeks(routing);
  // Every step after the decision joins the business intervals or numbers leads in input order, over the
  // few columns the decision leaves: narrow steps (step-sql.ts).
  const [decision, ...timed] = decisionSteps(routing, context);
  return [
    conditionsStep("route", context),
    decision!,
    ...[...timed, ...assignmentSteps(routing, context)].map((step) => ({ ...step, narrow: true })),
  ];
}

function decisionSteps(routing: RoutingSpec, context: StepSqlContext): SqlStep[] {
  const { holds, literal, column, dialect, cast } = context;
  const calendarOf = new Map(routing.queues.map((q) => [q.id, q.calendar]));
  type Choice = { id: string; queue: string; sla: Sla };
  const fallback: Choice = { id: "fallback", ...routing.fallback };
  /** A value by the first rule whose condition holds, the fallback's when none does. */
  const firstMatch = (value: (choice: Choice) => string) =>
    routing.rules.length === 0
      ? value(fallback)
      : `CASE ${routing.rules.map((r) => `WHEN ${holds(conditionKey("route", r.id))} THEN ${value(r)}`).join(" ")} ELSE ${value(fallback)} END`;
  const arrival = column("route.arrivalMs");
  const elapsed = column("route.arrivalBusinessMs");
  const intervals = dialect.identifier(businessIntervalsRelation);
  const of = (alias: string, name: string) => `${dialect.identifier(alias)}.${dialect.identifier(name)}`;

  const decision: SqlStep = {
    name: "route",
    columns: [
      { name: "route.rule", sql: firstMatch((r) => literal(r.id)) },
      { name: "route.queue", sql: firstMatch((r) => literal(r.queue)) },
      { name: "route.calendar", sql: firstMatch((r) => literal(calendarOf.get(r.queue)!)) },
      { name: "route.arrivalMs", sql: dialect.epochMs(column(routing.arrivalFact)) },
      ...slaHours.map((hours) => ({
        name: `route.${hours}`,
        sql: firstMatch((r) => (r.sla[hours] === undefined ? cast("double") : literal(r.sla[hours]))),
      })),
    ],
  };
  const arrivalInterval: SqlStep = {
    name: "route_arrival_interval",
    join: dialect.nextRowJoin({
      relation: intervals,
      alias: "arrival_interval",
      key: "calendar",
      equals: column("route.calendar"),
      column: "end_ms",
      value: arrival,
      strict: true,
    }),
    columns: [
      { name: "route.arrivedInHours", sql: `coalesce(${of("arrival_interval", "start_ms")} <= ${arrival}, FALSE)` },
      {
        name: "route.arrivalBusinessMs",
        sql: `${of("arrival_interval", "before_ms")} + (CASE WHEN ${arrival} > ${of("arrival_interval", "start_ms")} THEN ${arrival} - ${of("arrival_interval", "start_ms")} ELSE 0 END)`,
      },
    ],
  };
  const deadlineSteps = slaHours.map((hours): SqlStep => {
    const alias = `${hours}_interval`;
    const spent = `(${column(`route.${hours}`)} * ${literal(hourMs)})`;
    const start = of(alias, "start_ms");
    // Where the walk enters the interval: its start, or the arrival in the arrival's own interval.
    const from = `(CASE WHEN ${arrival} > ${start} THEN ${arrival} ELSE ${start} END)`;
    return {
      name: `route_${slaDeadlines[hours]}`,
      join: dialect.nextRowJoin({
        relation: intervals,
        alias,
        key: "calendar",
        equals: column("route.calendar"),
        column: "through_ms",
        value: `${elapsed} + ${dialect.greater(`ceil(${spent})`, literal(1))}`,
        strict: false,
      }),
      columns: [
        {
          name: `route.${slaDeadlines[hours]}Ms`,
          sql: `CASE WHEN ${start} IS NULL THEN NULL ELSE ${from} + (${spent} - ((${of(alias, "before_ms")} - ${elapsed}) + (${from} - ${start}))) END`,
        },
      ],
    };
  });
  const sla: SqlStep = {
    name: "route_sla",
    columns: [
      ...slaHours.map((hours) => ({
        name: `route.sla.${slaDeadlines[hours]}`,
        sql: dialect.isoOfMs(column(`route.${slaDeadlines[hours]}Ms`)),
      })),
      { name: "route.sla.arrivedOutsideHours", sql: `(${arrival} IS NOT NULL AND NOT ${column("route.arrivedInHours")})` },
    ],
  };
  return [decision, arrivalInterval, ...deadlineSteps, sla];
}

function assignmentSteps(routing: RoutingSpec, context: StepSqlContext): SqlStep[] {
  const { literal, column, dialect } = context;
  const order = column(orderColumn);
  const queue = column("route.queue");
  const queues = new Map(routing.queues.map((q) => [q.id, q]));
  const slots = new Map(routing.queues.map((q) => [q.id, queueSlots(q)]));
  /** The queues a lead routed to `start` tries, in order: its overflow chain, each queue once. */
  const chainOf = (start: string): Queue[] => {
    const chain: Queue[] = [];
    for (let q = queues.get(start); q && !chain.includes(q); q = q.overflow === undefined ? undefined : queues.get(q.overflow))
      chain.push(q);
    return chain;
  };
  const starts = [...new Set([...routing.rules.map((r) => r.queue), routing.fallback.queue])];
  const chains = new Map(starts.map((s) => [s, chainOf(s)]));
  // The queues whose filling sends leads on: a capacity, and an overflow queue.
  const overflowing = routing.queues.filter((q) => q.overflow !== undefined && fillsAfter(slots.get(q.id)!) !== null);
  const filledAt = new Map<string, string>();
  /** The queue is full when the lead of this row arrives there (by the F found so far). */
  const full = (q: Queue): string => {
    const after = fillsAfter(slots.get(q.id)!);
    if (after === null) return "FALSE";
    if (after === 0) return "TRUE";
    const at = filledAt.get(q.id);
    return at === undefined ? "FALSE" : `coalesce(${order} > ${at}, FALSE)`;
  };
  /** The lead of this row arrives at `target`: routed to a queue whose chain holds it, every queue before it full. */
  const arrives = (target: Queue): string => {
    const ways = starts.flatMap((s) => {
      const chain = chains.get(s)!;
      const at = chain.indexOf(target);
      return at < 0 ? [] : [`(${[`${queue} = ${literal(s)}`, ...chain.slice(0, at).map(full)].join(" AND ")})`];
    });
    return ways.length === 0 ? "FALSE" : `(${ways.join(" OR ")})`;
  };

  const steps: SqlStep[] = [];
  const update = (q: Queue, round: number) => {
    const arrived = `route.assign.${q.id}.arrived.${round}`;
    const filled = `route.assign.${q.id}.filledAt.${round}`;
    const here = arrives(q);
    steps.push(
      {
        name: `route_assign_${q.id}_arrivals_${round}`,
        columns: [
          {
            name: arrived,
            sql: `CASE WHEN ${here} THEN sum(CASE WHEN ${here} THEN 1 ELSE 0 END) OVER (ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) ELSE NULL END`,
          },
        ],
      },
      {
        name: `route_assign_${q.id}_fills_${round}`,
        columns: [
          {
            name: filled,
            sql: `max(CASE WHEN ${column(arrived)} = ${literal(fillsAfter(slots.get(q.id)!)!)} THEN ${order} ELSE NULL END) OVER ()`,
          },
        ],
      },
    );
    filledAt.set(q.id, column(filled));
  };
  const sequence = overflowOrder(routing.queues, overflowing);
  const rounds = sequence ? 1 : overflowing.length;
  for (let round = 1; round <= rounds; round++) for (const q of sequence ?? overflowing) update(q, round);

  const reached = column("route.assign.queue");
  const slot = column("route.assign.slot");
  const chainEnd = (chain: Queue[]) => {
    const last = chain[chain.length - 1]!;
    const tried = chain.map((q) => `WHEN NOT ${full(q)} THEN ${literal(q.id)}`);
    if (last.overflow !== undefined) return `CASE ${tried.join(" ")} ELSE NULL END`;
    // The end of a chain without an overflow takes the lead, full or not: its slot says whether anyone does.
    return chain.length === 1 ? literal(last.id) : `CASE ${tried.slice(0, -1).join(" ")} ELSE ${literal(last.id)} END`;
  };
  const slotMember = (q: Queue) => {
    const { prefix, cycle } = slots.get(q.id)!;
    const list = dialect.textList([...prefix, ...cycle]);
    const p = literal(prefix.length);
    const inCycle =
      cycle.length === 0
        ? "NULL"
        : dialect.listItem(
            list,
            `${p} + (${dialect.remainder(`(${slot} - ${p} - ${literal(1)})`, literal(cycle.length))}) + ${literal(1)}`,
          );
    return `CASE WHEN ${slot} <= ${p} THEN ${dialect.listItem(list, slot)} ELSE ${inCycle} END`;
  };
  steps.push(
    {
      name: "route_assign_queue",
      columns: [
        {
          name: "route.assign.queue",
          sql: `CASE ${starts.map((s) => `WHEN ${queue} = ${literal(s)} THEN ${chainEnd(chains.get(s)!)}`).join(" ")} ELSE NULL END`,
        },
      ],
    },
    {
      name: "route_assign_slot",
      columns: [
        {
          name: "route.assign.slot",
          sql: `CASE WHEN ${reached} IS NULL THEN NULL ELSE row_number() OVER (PARTITION BY ${reached} ORDER BY ${order}) END`,
        },
      ],
    },
    {
      name: "route_assign_owner",
      columns: [
        {
          name: "route.owner",
          sql: `CASE ${routing.queues.map((q) => `WHEN ${reached} = ${literal(q.id)} THEN ${slotMember(q)}`).join(" ")} ELSE NULL END`,
        },
      ],
    },
    {
      name: "route_assign",
      columns: [{ name: "route.assignedQueue", sql: `CASE WHEN ${column("route.owner")} IS NULL THEN NULL ELSE ${reached} END` }],
    },
  );
  return steps;
}

/**
 * The queues that can overflow in the order of the overflow graph (every queue before the queues it
 * overflows into), or null when the graph has a cycle.
 */
function overflowOrder(queues: readonly Queue[], overflowing: readonly Queue[]): Queue[] | null {
  const indegree = new Map(queues.map((q) => [q.id, 0]));
  for (const q of queues) if (q.overflow !== undefined && indegree.has(q.overflow)) indegree.set(q.overflow, indegree.get(q.overflow)! + 1);
  const ready = queues.filter((q) => indegree.get(q.id) === 0);
  const sorted: Queue[] = [];
  for (let q = ready.shift(); q; q = ready.shift()) {
    sorted.push(q);
    const next = q.overflow === undefined ? undefined : queues.find((n) => n.id === q!.overflow);
    if (next && indegree.set(next.id, indegree.get(next.id)! - 1).get(next.id) === 0) ready.push(next);
  }
  return sorted.length === queues.length ? sorted.filter((q) => overflowing.includes(q)) : null;
}
