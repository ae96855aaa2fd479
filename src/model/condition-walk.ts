/**
 * Walks of the condition tree (all / any / not / fact leaves).
 */
import type { Condition } from "./condition.js";

/**
 * The facts a set of conditions reads, most-read first (ties in first-seen
 * order): deciding the facts most conditions depend on early cuts the search
 * soonest.
 */
export function factsOf(conditions: readonly Condition[]): string[] {
  const counts = new Map<string, number>();
  const walk = (c: Condition) => {
    if ("all" in c) c.all.forEach(walk);
    else if ("any" in c) c.any.forEach(walk);
    else if ("not" in c) walk(c.not);
    else counts.set(c.fact, (counts.get(c.fact) ?? 0) + 1);
  };
  conditions.forEach(walk);
  const firstSeen = [...counts.keys()];
  return [...firstSeen].sort((a, b) => counts.get(b)! - counts.get(a)! || firstSeen.indexOf(a) - firstSeen.indexOf(b));
}
