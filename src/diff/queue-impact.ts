/**
 * What a change does to each queue's load: leads per business day before -> after against the queue's
 * capacity (members x capacity), and the first-touch SLA attainment predicted under that load in the
 * queue's business hours (simulate/queue-load.ts, docs/queue-load.md). Each side is read from its own
 * version's routing: its queues, members, calendars and SLAs.
 */
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import { parseInstant } from "../model/instants.js";
import { estimateQueueLoad, type QueueLoadEstimate } from "../simulate/queue-load.js";
import type { Volumes } from "./behaviour-diff.js";

/** Utilisation over which a queue is flagged, unless the caller sets another (`diff --max-utilisation`). */
export const defaultMaxUtilisation = 0.85;

export interface QueueSide {
  members: number;
  /** Members x capacity; null when a member's capacity is not stated. */
  capacityPerBusinessDay: number | null;
  estimate: QueueLoadEstimate;
}

export interface QueueImpact {
  queue: string;
  /** The queue in each version; null where that version has no such queue. */
  base: QueueSide | null;
  head: QueueSide | null;
  /** Why the council should look: the head runs over the utilisation limit, or is overloaded. */
  warning: string | null;
}

export interface QueueLoadImpact {
  /** The arrival window the rates are read over (the leads' first and last arrival). */
  window: { first: string; last: string };
  maxUtilisation: number;
  /** Queues whose leads differ between the versions, by id. */
  queues: QueueImpact[];
}

function side(
  set: PolicySet,
  queue: string,
  routed: Record<string, number> | undefined,
  window: { fromMs: number; toMs: number },
): QueueSide | null {
  const routing = specOf(set, "Routing");
  const definition = routing?.queues.find((q) => q.id === queue);
  const calendar = routing?.calendars.find((c) => c.id === definition?.calendar);
  if (!routing || !definition || !calendar) return null;
  const members = definition.members.length;
  const capacities = definition.members.map((m) => m.dailyCapacity ?? m.capacity);
  const stated = capacities.every((c) => c !== undefined);
  const total = stated ? capacities.reduce((n: number, c) => n + c!, 0) : null;
  const slaOf = (rule: string) => (rule === "fallback" ? routing.fallback.sla : routing.rules.find((r) => r.id === rule)?.sla);
  const estimate = estimateQueueLoad({
    calendar,
    members,
    capacityPerMember: total === null || members === 0 ? null : total / members,
    window,
    arrivals: Object.entries(routed ?? {}).map(([rule, leads]) => ({ firstTouchHours: slaOf(rule)?.firstTouchHours ?? null, leads })),
  });
  return { members, capacityPerBusinessDay: total, estimate };
}

/** Each queue whose leads differ between the versions; null when the leads carry no arrival (no rate can be read). */
export function queueLoadImpact(
  base: PolicySet,
  head: PolicySet,
  volumes: Volumes,
  maxUtilisation = defaultMaxUtilisation,
): QueueLoadImpact | null {
  const { first, last } = volumes.arrivals;
  if (first === null || last === null) return null;
  const window = { fromMs: parseInstant(first), toMs: parseInstant(last) };
  const total = (rules: Record<string, number> | undefined) => Object.values(rules ?? {}).reduce((n, x) => n + x, 0);
  const ids = [...new Set([...Object.keys(volumes.base.queues), ...Object.keys(volumes.head.queues)])].sort();
  const queues = ids
    .filter((id) => total(volumes.base.queues[id]) !== total(volumes.head.queues[id]))
    .map((queue): QueueImpact => {
      const before = side(base, queue, volumes.base.queues[queue], window);
      const after = side(head, queue, volumes.head.queues[queue], window);
      const utilisation = after?.estimate.utilisation ?? null;
      const warning = after?.estimate.overloaded
        ? "overloaded: more leads than the members first-touch, the backlog grows"
        : utilisation !== null && utilisation > maxUtilisation
          ? `over ${Math.round(maxUtilisation * 100)}% utilisation`
          : null;
      return { queue, base: before, head: after, warning };
    });
  return { window: { first, last }, maxUtilisation, queues };
}
