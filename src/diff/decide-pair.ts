/**
 * One record decided by both versions of a diff, before owners are assigned.
 *
 * When both policy sets can be fused (fused/fused-row.ts), each version first
 * decides the lead with its fused function, which leaves every compared field
 * in its record (score points, grade, stage, SLA, content, retention).
 * A change moves few leads: a lead whose compared fields are all the same is
 * counted from those records, without building either outcome, and only a
 * lead with a difference is decided again by the reference pipeline, for the
 * rules behind it and its description. tests/diff-fused.test.ts keeps this
 * equal to comparing every lead's two reference outcomes.
 */
import { isDeepStrictEqual } from "node:util";
import type { LeadOutcome } from "../model/outcome.js";
import type { Lead } from "../model/lead.js";
import { parseInstant } from "../model/instants.js";
import { fusedRow, newFusedLead, type FusedLead } from "../fused/fused-row.js";
import type { Simulator } from "../simulate/simulate-leads.js";
import { keptForAssignment, type BehaviourAccumulator, type DecidedPair } from "./behaviour-diff.js";

export interface PairDecision {
  /** Each side's outcome, as `keptForAssignment` keeps it when both decided; null when that version rejected the row. */
  sides: [LeadOutcome | null, LeadOutcome | null];
  /** The pair, compared where the assignment cannot change it, when both versions decided the lead. */
  pair: DecidedPair | null;
}

export type DecidePair = (values: Record<string, unknown>, row: number, accumulator: BehaviourAccumulator) => PairDecision;

/** What `keptForAssignment` keeps of an outcome, and the exclusion `decided` reads, from the fused function's record. */
function slimOutcome(lead: FusedLead): LeadOutcome {
  return {
    id: lead.id,
    score: lead.scored ? { total: lead.total, grade: lead.grade, thresholds: [...lead.thresholds], excluded: lead.excluded } : null,
    lifecycle: lead.staged ? { after: lead.stageAfter } : null,
    route: lead.queue === null ? null : { rule: lead.routeRule, queue: lead.queue, assignedQueue: null, owner: null },
  } as LeadOutcome;
}

const decision = (pair: DecidedPair | null, base: LeadOutcome | null, head: LeadOutcome | null): PairDecision =>
  pair ? { sides: [pair.base, pair.head], pair } : { sides: [base, head], pair: null };

/** A version's reading of a lead's arrival (its routing's arrival fact), in ms; null without one. */
export function arrivalReader(simulator: Simulator): (lead: Lead) => number | null {
  const fact = simulator.plan.routing?.arrivalFact;
  if (fact === undefined) return () => null;
  return (lead) => {
    const value = lead[fact];
    const ms = typeof value === "string" ? parseInstant(value) : Number.NaN;
    return Number.isNaN(ms) ? null : ms;
  };
}

/** The reference: both versions' pipelines on every lead. */
function decideByPipelines(versions: readonly [Simulator, Simulator]): DecidePair {
  const arrival = versions.map(arrivalReader);
  return (values, row, accumulator) => {
    const taken = versions.map((v) => v.take(values, row));
    // Read before the pipelines write their derived facts on the leads.
    const arrivals = [taken[0] ? arrival[0]!(taken[0].lead) : null, taken[1] ? arrival[1]!(taken[1].lead) : null] as const;
    const [b, h] = taken.map((t, i) => t && versions[i]!.decideTakenSync(t));
    return decision(b && h ? keptForAssignment(accumulator.decided(b, h, false, arrivals)) : null, b ?? null, h ?? null);
  };
}

/**
 * Whether two decided leads agree in every compared field but the assignment's (`comparedFields`; the points make
 * the total). `at[k]` is where the head's dimension k is in the base's list.
 */
function alike(base: FusedLead, head: FusedLead, at: readonly number[]): boolean {
  if (
    base.grade !== head.grade ||
    base.thresholds.length !== head.thresholds.length ||
    base.thresholds.some((t, i) => t !== head.thresholds[i]) ||
    base.stageAfter !== head.stageAfter ||
    base.retentionAction !== head.retentionAction ||
    base.retentionDueDate !== head.retentionDueDate ||
    base.sla !== head.sla ||
    base.content !== head.content
  )
    return false;
  for (let k = 0; k < at.length; k++) if (base.points[at[k]!] !== head.points[k]) return false;
  return true;
}

export function pairDecider(versions: readonly [Simulator, Simulator]): DecidePair {
  // The records are compared; the row text the functions also write is not read.
  const [baseRow, headRow] = versions.map((v) => fusedRow(v.plan, v.asOfMs, { json: { end: "}" } }));
  // Points are compared by dimension id; versions that score by other dimensions are compared by their pipelines.
  const [baseIds, headIds] = versions.map((v) => v.plan.scoring?.dimensions.map((d) => d.id) ?? []) as [string[], string[]];
  const at = headIds.map((id) => baseIds.indexOf(id));
  const sameDimensions =
    baseIds.length === headIds.length &&
    !at.includes(-1) &&
    new Set(headIds).size === headIds.length &&
    !!versions[0].plan.scoring === !!versions[1].plan.scoring;
  if (!baseRow || !headRow || !sameDimensions) return decideByPipelines(versions);
  const [base, head] = versions.map((v) => newFusedLead(v.plan)) as [FusedLead, FusedLead];
  const arrival = versions.map(arrivalReader);
  // Versions with the same dictionary and read settings read every record into the same lead: it is normalized
  // once, and each intake still counts it by its own policies. Fused functions never write on a lead.
  const [baseIntake, headIntake] = [versions[0].intake, versions[1].intake];
  const readAlike =
    isDeepStrictEqual(versions[0].plan.dictionary, versions[1].plan.dictionary) &&
    isDeepStrictEqual(baseIntake.normalizer.settings, headIntake.normalizer.settings);
  return (values, row, accumulator) => {
    const normalized = readAlike ? baseIntake.normalizer.normalize(values, row) : undefined;
    const b = versions[0].take(values, row, normalized);
    const h = versions[1].take(values, row, normalized);
    if (b) baseRow(b.lead, b.flagged, base);
    if (h) headRow(h.lead, h.flagged, head);
    if (!b || !h) return decision(null, b ? slimOutcome(base) : null, h ? slimOutcome(head) : null);
    const arrivals = [arrival[0]!(b.lead), arrival[1]!(h.lead)] as const;
    if (alike(base, head, at)) return decision(accumulator.decided(slimOutcome(base), slimOutcome(head), true, arrivals), null, null);
    // The pipelines write their derived facts on the lead: each version decides a lead of its own.
    const headLead = normalized ? { ...h, lead: headIntake.normalizer.normalize(values, row).lead } : h;
    return decision(
      keptForAssignment(accumulator.decided(versions[0].decideTakenSync(b), versions[1].decideTakenSync(headLead), false, arrivals)),
      null,
      null,
    );
  };
}
