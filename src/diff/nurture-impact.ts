/**
 * Nurture in the behaviour diff: where both versions have a NurtureProgram, each lead's nurture decision by
 * both (simulate/nurture.ts, as `leadrules nurture` decides it as of the diff's time, without a send log or
 * signals), compared: the audience moves between programs (base program -> head program, "(none)" for no
 * program) and the planned next touches per lead, by status and by channel, before -> after.
 *
 * It is a second pass over the same leads, after the behaviour diff, on one thread with each version's
 * pipeline on the compiled engine (`createSimulator`, `decideSync`), whichever engine decided the behaviour
 * (fused, worker threads, DuckDB): the fused function and the SQL write no nurture decision. It holds counts
 * only, never the leads, and counts in input order, so it is bounded and deterministic.
 */
import type { LeadInput } from "../load/lead-input.js";
import type { ReadOptions } from "../input/intake.js";
import { noteInput } from "../input/intake.js";
import type { PolicySet } from "../model/policy-set.js";
import type { NurtureTouch } from "../model/nurture-inputs.js";
import { createNurtureJudge, type NurtureDecision, nurtureStatuses } from "../simulate/nurture.js";
import { createSimulator } from "../simulate/simulate-leads.js";
import { count, counts, sorted } from "../simulate/summary.js";

/** The program key of a lead in no program. */
export const noProgram = "(none)";

export interface NurtureSide {
  /** Leads per program ("(none)": in no program). */
  byProgram: Record<string, number>;
  /** Leads per status of their nurture decision, every status listed. */
  byStatus: Record<string, number>;
  /** Planned next touches by channel (leads with a next step). */
  byChannel: Record<string, number>;
}

export interface NurtureImpact {
  /** The leads both versions decided (the behaviour diff's leads). */
  leads: number;
  /** Leads whose program, track, status or next touch (step, channel) differs between the versions. */
  changedLeads: number;
  /**
   * Leads in the same program both times: whose next step differs, and whose next touch on the same step is
   * planned earlier or later (a wait or a calendar change moves it without changing any count above).
   */
  nextTouch: { otherStep: number; earlier: number; later: number };
  /** base program -> head program -> leads, for the leads whose program changed ("(none)": no program). */
  programMoves: Record<string, Record<string, number>>;
  base: NurtureSide;
  head: NurtureSide;
}

const noTouches: readonly NurtureTouch[] = Object.freeze([]);

function emptySide(): NurtureSide {
  const byStatus = counts();
  for (const status of nurtureStatuses) byStatus[status] = 0;
  return { byProgram: counts(), byStatus, byChannel: counts() };
}

function countSide(side: NurtureSide, d: NurtureDecision): void {
  count(side.byProgram, d.program ?? noProgram);
  count(side.byStatus, d.status);
  if (d.next) count(side.byChannel, d.next.channel);
}

/** Whether two decisions of one lead differ in what the report shows: program, track, status, next step, channel and time. */
function sameNurture(b: NurtureDecision, h: NurtureDecision): boolean {
  return (
    b.program === h.program &&
    b.track === h.track &&
    b.status === h.status &&
    (b.next?.step ?? null) === (h.next?.step ?? null) &&
    (b.next?.channel ?? null) === (h.next?.channel ?? null) &&
    (b.next?.plannedAt ?? null) === (h.next?.plannedAt ?? null)
  );
}

/** Counts pairs of nurture decisions of the same leads, in input order. */
export class NurtureImpactAccumulator {
  private leads = 0;
  private changedLeads = 0;
  private readonly moves = counts<Record<string, number>>();
  private readonly nextTouch = { otherStep: 0, earlier: 0, later: 0 };
  private readonly base = emptySide();
  private readonly head = emptySide();

  add(b: NurtureDecision, h: NurtureDecision): void {
    this.leads++;
    countSide(this.base, b);
    countSide(this.head, h);
    if (b.program !== h.program) count((this.moves[b.program ?? noProgram] ??= counts()), h.program ?? noProgram);
    if (!sameNurture(b, h)) this.changedLeads++;
    if (b.program !== null && b.program === h.program && b.next && h.next) {
      if (b.next.step !== h.next.step) this.nextTouch.otherStep++;
      // ISO instants in UTC compare as text.
      else if (h.next.plannedAt < b.next.plannedAt) this.nextTouch.earlier++;
      else if (h.next.plannedAt > b.next.plannedAt) this.nextTouch.later++;
    }
  }

  result(): NurtureImpact {
    const side = (s: NurtureSide): NurtureSide => ({
      byProgram: sorted(s.byProgram),
      byStatus: { ...s.byStatus },
      byChannel: sorted(s.byChannel),
    });
    return {
      leads: this.leads,
      changedLeads: this.changedLeads,
      nextTouch: { ...this.nextTouch },
      programMoves: Object.fromEntries(Object.entries(sorted(this.moves)).map(([from, row]) => [from, sorted(row)])),
      base: side(this.base),
      head: side(this.head),
    };
  }
}

/**
 * Both versions' nurture decisions on the leads, counted; null unless both versions have a NurtureProgram.
 * `reads` are the behaviour diff's: the leads are read as it read them (bad rows are not written again).
 */
export async function diffNurture(
  base: PolicySet,
  head: PolicySet,
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  asOf: string,
  reads: readonly [ReadOptions, ReadOptions],
): Promise<NurtureImpact | null> {
  if (!base.byKind.NurtureProgram || !head.byKind.NurtureProgram) return null;
  // The behaviour diff already wrote the rejected rows (--rejects) and reported what was read.
  const quiet = ({ onBadRow: _written, ...read }: ReadOptions): ReadOptions => read;
  const versions = [createSimulator(base, { asOf, ...quiet(reads[0]) }), createSimulator(head, { asOf, ...quiet(reads[1]) })] as const;
  const judges = versions.map((v) => createNurtureJudge(v.plan, v.plan.nurture!, v.asOfMs));
  const decide = (side: 0 | 1, values: Record<string, unknown>, row: number): NurtureDecision | undefined => {
    const decided = versions[side].decideSync(values, row);
    if (!decided) return undefined;
    const { facts } = decided.evaluation;
    return judges[side]!.decide(facts, versions[side].engine.evaluate("nurture", facts) as boolean[], noTouches);
  };
  const accumulator = new NurtureImpactAccumulator();
  for await (const input of inputs) {
    if (!("record" in input)) {
      for (const version of versions) noteInput(version.intake, input);
      continue;
    }
    const { values, row } = input.record;
    const b = decide(0, values, row);
    const h = decide(1, values, row);
    // As in the behaviour diff, a row either version rejects is left out of the comparison.
    if (b && h) accumulator.add(b, h);
  }
  return accumulator.result();
}
