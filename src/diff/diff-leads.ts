/**
 * The behaviour diff on one thread: each record of the leads decided by both
 * versions (diff/decide-pair.ts), each version's owners assigned in input
 * order, and the pair counted (parallel/diff-parallel.ts does the same with
 * worker threads).
 */
import type { PolicySet } from "../model/policy-set.js";
import type { LeadInput } from "../load/lead-input.js";
import { createSimulator } from "../simulate/simulate-leads.js";
import { noteInput, type ReadOptions } from "../input/intake.js";
import type { ReadReport } from "../input/read-report.js";
import { Assigner } from "../simulate/assign.js";
import { BehaviourAccumulator, defaultTopLimit, type AccumulatorOptions, type BehaviourDiff } from "./behaviour-diff.js";
import { pairDecider } from "./decide-pair.js";

/**
 * Streams the leads once and decides each with both versions in lock step,
 * so memory holds the aggregates and the top list, never the leads.
 */
export async function diffBehaviour(
  base: PolicySet,
  head: PolicySet,
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  asOf: string,
  reads: [ReadOptions, ReadOptions],
  accumulate: AccumulatorOptions = { topLimit: defaultTopLimit },
  onProgress?: (leads: number) => void,
): Promise<{ behaviour: BehaviourDiff; reads: [ReadReport, ReadReport] }> {
  const versions = [createSimulator(base, { asOf, ...reads[0] }), createSimulator(head, { asOf, ...reads[1] })] as const;
  const assigners = versions.map((v) => v.plan.routing && new Assigner(v.plan.routing));
  const decide = pairDecider(versions);
  const accumulator = new BehaviourAccumulator(head, accumulate);
  for await (const input of inputs) {
    if (!("record" in input)) {
      // The header, lines that are no leads and unreadable parts are news for both versions' intakes.
      for (const version of versions) noteInput(version.intake, input);
      continue;
    }
    const { sides, pair } = decide(input.record.values, input.record.row, accumulator);
    // Each version assigns the leads it decided, in input order; a row either version rejects is left out of the comparison.
    sides.forEach((outcome, side) => outcome && assigners[side]?.assignLead(outcome));
    if (!pair) continue;
    accumulator.assigned(pair);
    if (onProgress && accumulator.partial.leads % 1000 === 0) onProgress(accumulator.partial.leads);
  }
  return { behaviour: accumulator.result(), reads: [versions[0].intake.report(), versions[1].intake.report()] };
}
