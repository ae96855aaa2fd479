/**
 * Assignment inside a queue, in input order so simulation is deterministic:
 * round robin in member order, or smooth weighted round robin (the nginx
 * algorithm: evenly interleaved, exact shares); members at capacity are
 * skipped; when all are, the lead overflows to the queue's overflow queue.
 */
import type { LeadOutcome } from "../model/outcome.js";
import type { Queue, RoutingSpec } from "../model/policy.js";

export interface Assignment {
  queue: string | null;
  owner: string | null;
}

interface QueueState {
  queue: Queue;
  next: number;
  current: number[];
  assigned: number[];
}

export class Assigner {
  private readonly states = new Map<string, QueueState>();

  constructor(routing: RoutingSpec) {
    for (const queue of routing.queues) {
      this.states.set(queue.id, { queue, next: 0, current: queue.members.map(() => 0), assigned: queue.members.map(() => 0) });
    }
  }

  /** Fills in who takes a routed lead (and the queue that did, after any overflow). */
  assignLead(outcome: LeadOutcome): void {
    if (!outcome.route) return;
    const assignment = this.assign(outcome.route.queue);
    outcome.route.assignedQueue = assignment.queue;
    outcome.route.owner = assignment.owner;
  }

  assign(queueId: string): Assignment {
    const seen = new Set<string>();
    let id: string | undefined = queueId;
    while (id && !seen.has(id)) {
      seen.add(id);
      const state: QueueState = this.states.get(id)!;
      const member = state.queue.strategy === "weighted" ? this.pickWeighted(state) : this.pickRoundRobin(state);
      if (member !== null) {
        state.assigned[member] = state.assigned[member]! + 1;
        return { queue: id, owner: state.queue.members[member]!.id };
      }
      id = state.queue.overflow;
    }
    return { queue: null, owner: null };
  }

  /** Leads assigned per queue and member so far. */
  load(): Record<string, Record<string, number>> {
    const result: Record<string, Record<string, number>> = {};
    for (const [id, state] of this.states) {
      result[id] = Object.fromEntries(state.queue.members.map((m, i) => [m.id, state.assigned[i]!]));
    }
    return result;
  }

  private hasRoom(state: QueueState, i: number): boolean {
    const capacity = state.queue.members[i]!.capacity;
    return capacity === undefined || state.assigned[i]! < capacity;
  }

  private pickRoundRobin(state: QueueState): number | null {
    const n = state.queue.members.length;
    for (let k = 0; k < n; k++) {
      const i = (state.next + k) % n;
      if (this.hasRoom(state, i)) {
        state.next = (i + 1) % n;
        return i;
      }
    }
    return null;
  }

  private pickWeighted(state: QueueState): number | null {
    const members = state.queue.members;
    let total = 0;
    let best = -1;
    for (let i = 0; i < members.length; i++) {
      if (!this.hasRoom(state, i)) continue;
      const weight = members[i]!.weight ?? 1;
      state.current[i]! += weight;
      total += weight;
      if (best < 0 || state.current[i]! > state.current[best]!) best = i;
    }
    if (best < 0) return null;
    state.current[best]! -= total;
    return best;
  }
}
