/**
 * Who in a queue takes its next lead: round robin in member order, or smooth weighted round robin (the
 * nginx algorithm: evenly interleaved, exact shares); members at capacity are skipped, and when all are
 * the queue takes no one (null: the lead overflows). A queue's picks depend only on how many it has made,
 * so the k-th lead a queue takes always goes to the same member. The one algorithm both engines use:
 * simulate/assign.ts picks lead by lead in input order, and the SQL compiler (sql/assignment-slots.ts)
 * lays a queue's picks out in advance as a table of slots.
 */
import type { Queue } from "./policy.js";

export interface QueueState {
  queue: Queue;
  next: number;
  current: number[];
  assigned: number[];
}

export function newQueueState(queue: Queue): QueueState {
  return { queue, next: 0, current: queue.members.map(() => 0), assigned: queue.members.map(() => 0) };
}

/** The member (index) that takes the queue's next lead, counted as assigned; null when every member is at capacity. */
export function pickMember(state: QueueState): number | null {
  const member = state.queue.strategy === "weighted" ? pickWeighted(state) : pickRoundRobin(state);
  if (member !== null) state.assigned[member] = state.assigned[member]! + 1;
  return member;
}

function hasRoom(state: QueueState, i: number): boolean {
  const capacity = state.queue.members[i]!.capacity;
  return capacity === undefined || state.assigned[i]! < capacity;
}

function pickRoundRobin(state: QueueState): number | null {
  const n = state.queue.members.length;
  for (let k = 0; k < n; k++) {
    const i = (state.next + k) % n;
    if (hasRoom(state, i)) {
      state.next = (i + 1) % n;
      return i;
    }
  }
  return null;
}

function pickWeighted(state: QueueState): number | null {
  const members = state.queue.members;
  let total = 0;
  let best = -1;
  for (let i = 0; i < members.length; i++) {
    if (!hasRoom(state, i)) continue;
    const weight = members[i]!.weight ?? 1;
    state.current[i]! += weight;
    total += weight;
    if (best < 0 || state.current[i]! > state.current[best]!) best = i;
  }
  if (best < 0) return null;
  state.current[best]! -= total;
  return best;
}
