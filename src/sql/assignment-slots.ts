/**
 * A queue's picks laid out in advance: the member that takes the queue's k-th lead depends only on k
 * (model/queue-picker.ts, the algorithm simulate/assign.ts runs lead by lead), so the picks are a sequence,
 * made by running that algorithm on the queue alone. The sequence is eventually periodic: the picker's
 * state (the round-robin position, the weighted counters, and the loads of members with a capacity) is
 * finite once the members with a capacity are full, and integer weights keep the counters whole. So it is
 * a prefix and a cycle, found by running until a state repeats. A queue whose every member has a capacity
 * ends in "no one" (null, absorbing: the picker then changes nothing); its cycle is empty and every lead
 * after the prefix overflows.
 */
import type { Queue } from "../model/policy.js";
import { newQueueState, pickMember } from "../model/queue-picker.js";

export interface QueueSlots {
  /** The members (ids) of the queue's first leads, in order: lead k (1-based) takes prefix[k - 1]. */
  prefix: string[];
  /** The members of every lead after the prefix, repeating; empty when those leads overflow. */
  cycle: string[];
}

/** More picks than any policy should need before repeating (capacities in the hundreds of thousands). */
const mostPicks = 5_000_000;

export function queueSlots(queue: Queue): QueueSlots {
  const state = newQueueState(queue);
  const limited = queue.members.map((m) => m.capacity !== undefined);
  const seen = new Map<string, number>();
  const picks: (string | null)[] = [];
  for (;;) {
    // Loads matter only for members with a capacity; the others' loads only grow.
    const key = JSON.stringify([state.next, state.current, state.assigned.map((n, i) => (limited[i] ? n : 0))]);
    const first = seen.get(key);
    if (first !== undefined) {
      const cycle = picks.slice(first);
      return {
        prefix: picks.slice(0, first) as string[],
        cycle: cycle.length === 1 && cycle[0] === null ? [] : (cycle as string[]),
      };
    }
    if (picks.length >= mostPicks) throw new Error(`queue ${queue.id}: its assignment does not repeat within ${mostPicks} leads`);
    seen.set(key, picks.length);
    const member = pickMember(state);
    picks.push(member === null ? null : queue.members[member]!.id);
  }
}

/** Whether the queue ever overflows, and after how many leads: the prefix's length when the cycle is empty. */
export const fillsAfter = (slots: QueueSlots): number | null => (slots.cycle.length === 0 ? slots.prefix.length : null);
