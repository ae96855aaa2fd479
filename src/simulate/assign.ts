/**
 * Assignment inside a queue, in input order so simulation is deterministic:
 * each queue picks its members by model/queue-picker.ts (round robin in
 * member order, or smooth weighted round robin; members at capacity are
 * skipped); when all are, the lead overflows to the queue's overflow queue.
 */
import type { LeadOutcome } from "../model/outcome.js";
import type { RoutingSpec } from "../model/policy.js";
import { newQueueState, pickMember, type QueueState } from "../model/queue-picker.js";

export interface Assignment {
  queue: string | null;
  owner: string | null;
}

export class Assigner {
  private readonly states = new Map<string, QueueState>();

  constructor(routing: RoutingSpec) {
    for (const queue of routing.queues) this.states.set(queue.id, newQueueState(queue));
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
      const member = pickMember(state);
      if (member !== null) return { queue: id, owner: state.queue.members[member]!.id };
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
}
