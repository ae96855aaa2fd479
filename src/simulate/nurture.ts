/**
 * Nurture: which program and track a lead is in as of a time, its next touch and when it goes out, or
 * why it gets none. It reads the lead after the whole pipeline (stage, score, grade, queue) and the
 * results of the nurture step's conditions, so the compiled engine and json-rules-engine decide alike.
 *
 * In order: the programs whose audience the lead is in (entry holds, no exit holds; only downstream
 * programs for a lead in an open opportunity), the lowest priority wins and the others are collisions
 * avoided; an escalation hands the lead to sales; a breaker pauses the program; the first track that
 * holds; the next step after the last one the send log shows (a branch of that step may jump ahead);
 * consent for its channel; its due time (the wait in the program's business days); the contact policy
 * moves it past quiet periods, sales touches and the touch cap; the asset must be approved and open to
 * the lead's stage when it goes out. docs/nurture.md says the same with examples.
 */
import type { PolicyPlan } from "../compile/plan.js";
import { approvalsOf } from "../model/content-approvals.js";
import { conditionKey } from "../model/condition-listing.js";
import type { Facts } from "../compile/compile-condition.js";
import { parseInstant, isoOf } from "../model/instants.js";
import type { NurtureChannel, NurtureProgramDefinition, NurtureSpec, NurtureTrack } from "../model/policy.js";
import type { NurtureSignals, NurtureTouch } from "../model/nurture-inputs.js";
import { programsByPriority } from "../model/nurture-order.js";
import { createBusinessCalendar } from "./business-hours.js";
import { createBusinessDays, type BusinessDays } from "./business-days.js";

const dayMs = 86_400_000;

export const nurtureStatuses = [
  "scheduled",
  "held",
  "capped",
  "suppressed",
  "blocked",
  "paused",
  "escalated",
  "completed",
  "no-track",
  "none",
] as const;
/**
 * `scheduled`: the next touch goes out when due; `held`: a quiet period or a sales touch moves it; `capped`: the
 * contact policy's cap moves it; `suppressed`: its channel lacks consent; `blocked`: its asset is not approved or
 * not open to the lead's stage when it would go out; `paused`: a breaker holds the program; `escalated`: handed to
 * sales; `completed`: the track is done; `no-track`: no track of the program takes the lead; `none`: in no program.
 */
export type NurtureStatus = (typeof nurtureStatuses)[number];

/** Why a program whose audience the lead is in, or was in, does not have it. */
export interface ProgramPassed {
  program: string;
  why: "exit" | "open-opportunity" | "priority";
  /** The exit that holds (`why: exit`). */
  exit?: string;
}

export interface NurtureNext {
  step: string;
  /** The branch of the step sent last that jumped to this step; null on the track's default path. */
  branch: string | null;
  channel: NurtureChannel;
  asset: string | null;
  assetVersion: string | null;
  /** When the wait ends, in the program's working hours. */
  dueAt: string;
  /** When it goes out after the contact policy. */
  plannedAt: string;
}

export interface NurtureDecision {
  id: string;
  status: NurtureStatus;
  program: string | null;
  track: string | null;
  /** Programs the lead entered but is not in, and why (an exit, an open opportunity, a program before it by priority). */
  passed: ProgramPassed[];
  escalation: { id: string; route: string; queue: string | null } | null;
  next: NurtureNext | null;
  /** What moved the next touch (`held`, `capped`) or stopped it (`suppressed`, `blocked`, `paused`). */
  because: { by: "quiet-period" | "sales-touch" | "contact-cap" | "consent" | "asset" | "breaker"; id: string; until?: string }[];
  /**
   * When the lead entered its program, which the first step's wait counts from: a membership file's entry, else
   * when it entered its stage (the lifecycle's `stageEnteredFact`, if the stage did not change in this run),
   * else the as-of time.
   */
  enteredAt: string | null;
  /** The track's end on its default path from the next step, when nothing else ends it first. */
  completesAt: string | null;
  /** Marketing touches in the contact window before the as-of time. */
  touches: number;
}

export interface NurtureJudge {
  /** `entries`: when the lead entered each program, by program id, where a membership file says. */
  decide(facts: Facts, holds: boolean[], touches: readonly NurtureTouch[], entries?: ReadonlyMap<string, number>): NurtureDecision;
}

interface PreparedProgram {
  program: NurtureProgramDefinition;
  entry: number;
  exits: { id: string; at: number }[];
  escalations: { id: string; route: string; at: number }[];
  tracks: { track: NurtureTrack; at: number | null }[];
  days: BusinessDays;
}

const marketing = (channel: NurtureChannel) => channel !== "call-task";

export function createNurtureJudge(plan: PolicyPlan, nurture: NurtureSpec, asOfMs: number, signals: NurtureSignals = {}): NurtureJudge {
  const at = (key: string) => plan.at("nurture", key);
  const calendars = new Map((plan.routing?.calendars ?? []).map((c) => [c.id, c]));
  const routes = new Map((plan.routing?.rules ?? []).map((r) => [r.id, r.queue]));
  const assets = new Map((plan.content?.assets ?? []).map((a) => [a.id, a]));
  const idField = plan.dictionary.idField;
  // The stage after the pipeline (a derived fact), and the field the export holds the stage in.
  const stageAfter = plan.lifecycle ? "stage" : undefined;
  const stageField = plan.lifecycle?.stageFact;
  const stageEnteredFact = plan.lifecycle?.stageEnteredFact;
  const ordered = programsByPriority(nurture.programs).map((program): PreparedProgram => {
    const calendar = calendars.get(program.calendar);
    if (!calendar) throw new Error(`program ${program.id}: no calendar ${program.calendar}; validate first`);
    return {
      program,
      entry: at(conditionKey("entry", program.id)),
      exits: program.exits.map((e) => ({ id: e.id, at: at(conditionKey("exit", `${program.id}/${e.id}`)) })),
      escalations: (program.escalations ?? []).map((e) => ({
        id: e.id,
        route: e.route,
        at: at(conditionKey("escalation", `${program.id}/${e.id}`)),
      })),
      tracks: program.tracks.map((track) => ({ track, at: track.when ? at(conditionKey("track", `${program.id}/${track.id}`)) : null })),
      days: createBusinessDays(createBusinessCalendar(calendar), calendar.timeZone),
    };
  });
  const openOpportunity = nurture.contactPolicy.openOpportunity ? at(conditionKey("open-opportunity", "open-opportunity")) : null;
  const gates = nurture.consentGates.map((g) => ({
    id: g.id,
    channels: new Set(g.channels),
    region: at(conditionKey("consent-region", g.id)),
    requires: at(conditionKey("consent", g.id)),
  }));
  const branchAt = (program: string, id: string) => at(conditionKey("branch", `${program}/${id}`));
  const contact = nurture.contactPolicy;
  const windowMs = contact.windowDays * dayMs;
  const quiet = (contact.quietPeriods ?? []).map((q) => ({ id: q.id, fromMs: parseInstant(q.from), toMs: parseInstant(q.to) + dayMs }));
  const salesFacts = contact.salesTouch?.facts ?? [];
  const holdMs = (contact.salesTouch?.holdDays ?? 0) * dayMs;
  // Breakers depend on the run's signals only: which programs are paused, and by which breaker, is settled once.
  const pausedBy = new Map<string, string>();
  for (const breaker of nurture.breakers ?? []) {
    for (const { program } of ordered) {
      if (pausedBy.has(program.id) || (breaker.programs && !breaker.programs.includes(program.id))) continue;
      const rates = signals.programs?.[program.id];
      const value =
        breaker.signal === "sync-lag-minutes"
          ? signals.syncLagMinutes
          : breaker.signal === "bounce-rate"
            ? rates?.bounceRate
            : rates?.unsubscribeRate;
      if (value !== undefined && value > breaker.above) pausedBy.set(program.id, breaker.id);
    }
  }

  /** The step after the last one sent in this track, a branch of that step taken first; null when the track is done. */
  const nextStep = (program: string, track: NurtureTrack, holds: boolean[], sent: readonly NurtureTouch[]) => {
    let last: { index: number; sentAtMs: number } | null = null;
    for (const touch of sent) {
      const index = track.steps.findIndex((s) => s.id === touch.step);
      if (index >= 0 && (last === null || touch.sentAtMs >= last.sentAtMs)) last = { index, sentAtMs: touch.sentAtMs };
    }
    if (last === null) return { step: track.steps[0]!, index: 0, afterMs: null, branch: null };
    const done = track.steps[last.index]!;
    const branch = done.branches?.find((b) => holds[branchAt(program, b.id)] === true);
    const index = branch ? track.steps.findIndex((s) => s.id === branch.goto) : last.index + 1;
    return index < track.steps.length ? { step: track.steps[index]!, index, afterMs: last.sentAtMs, branch: branch?.id ?? null } : null;
  };

  return {
    decide(facts, holds, touches, entries) {
      const id = String(facts[idField] ?? "");
      const marketingTouches = touches.filter((t) => marketing(t.channel) && t.sentAtMs <= asOfMs).map((t) => t.sentAtMs);
      const decision: NurtureDecision = {
        id,
        status: "none",
        program: null,
        track: null,
        passed: [],
        escalation: null,
        enteredAt: null,
        next: null,
        because: [],
        completesAt: null,
        touches: marketingTouches.filter((ms) => ms > asOfMs - windowMs).length,
      };
      const inOpportunity = openOpportunity !== null && holds[openOpportunity] === true;
      let chosen: PreparedProgram | undefined;
      for (const prepared of ordered) {
        if (holds[prepared.entry] !== true) continue;
        const exit = prepared.exits.find((e) => holds[e.at] === true);
        if (exit) decision.passed.push({ program: prepared.program.id, why: "exit", exit: exit.id });
        else if (inOpportunity && !prepared.program.downstream)
          decision.passed.push({ program: prepared.program.id, why: "open-opportunity" });
        else if (chosen) decision.passed.push({ program: prepared.program.id, why: "priority" });
        else chosen = prepared;
      }
      if (!chosen) return decision;
      const program = chosen.program;
      decision.program = program.id;
      const enteredMs = entryOf(facts, program.id, entries);
      decision.enteredAt = isoOf(enteredMs);
      const escalation = chosen.escalations.find((e) => holds[e.at] === true);
      if (escalation) {
        decision.status = "escalated";
        decision.escalation = { id: escalation.id, route: escalation.route, queue: routes.get(escalation.route) ?? null };
        return decision;
      }
      const track = chosen.tracks.find((t) => t.at === null || holds[t.at] === true)?.track;
      if (!track) {
        decision.status = "no-track";
        return decision;
      }
      decision.track = track.id;
      const sent = touches.filter((t) => t.program === program.id && t.sentAtMs <= asOfMs);
      const next = nextStep(program.id, track, holds, sent);
      if (!next) {
        decision.status = "completed";
        return decision;
      }
      const { step } = next;
      // A wait counts from the previous send, or from entry: from the as-of time it would move with every run.
      const dueMs = Math.max(chosen.days.addDays(next.afterMs ?? enteredMs, step.waitDays), chosen.days.nextOpen(asOfMs));
      const planned = marketing(step.channel) ? applyContactPolicy(chosen.days, dueMs, facts, touches, decision) : dueMs;
      const asset = step.asset === undefined ? undefined : assets.get(step.asset);
      decision.next = {
        step: step.id,
        branch: next.branch,
        channel: step.channel,
        asset: step.asset ?? null,
        assetVersion: asset?.version ?? null,
        dueAt: isoOf(dueMs),
        plannedAt: isoOf(planned),
      };
      decision.completesAt = isoOf(completion(chosen.days, planned, track, next.index));
      decision.status = decision.because.some((b) => b.by === "contact-cap")
        ? "capped"
        : decision.because.length > 0
          ? "held"
          : "scheduled";

      const gate = gates.find((g) => g.channels.has(step.channel) && holds[g.region] === true && holds[g.requires] !== true);
      if (gate) {
        decision.status = "suppressed";
        decision.because.push({ by: "consent", id: gate.id });
      } else if (asset && !assetSendable(asset.id, planned, facts)) {
        decision.status = "blocked";
        decision.because.push({ by: "asset", id: asset.id });
      }
      const breaker = pausedBy.get(program.id);
      if (breaker !== undefined) {
        decision.status = "paused";
        decision.because.push({ by: "breaker", id: breaker });
      }
      return decision;
    },
  };

  function entryOf(facts: Facts, program: string, entries: ReadonlyMap<string, number> | undefined): number {
    const listed = entries?.get(program);
    if (listed !== undefined) return Math.min(listed, asOfMs);
    const entered = stageEnteredFact === undefined ? undefined : facts[stageEnteredFact];
    // The stage as read is the stage after the pipeline: the lead has been in it since the export says.
    if (typeof entered === "string" && stageField !== undefined && facts[stageField] === facts.stage) {
      const ms = parseInstant(entered);
      if (Number.isFinite(ms)) return Math.min(ms, asOfMs);
    }
    return asOfMs;
  }

  function assetSendable(assetId: string, ms: number, facts: Facts): boolean {
    const asset = assets.get(assetId)!;
    const stage = stageAfter ? facts[stageAfter] : null;
    return (
      typeof stage === "string" &&
      asset.stages.includes(stage) &&
      approvalsOf(plan.content!, asset, ms).every((a) => a.status === "approved")
    );
  }

  /** Moves a marketing touch past quiet periods, the hold after a sales touch and the touch cap, until none applies. */
  function applyContactPolicy(
    days: BusinessDays,
    dueMs: number,
    facts: Facts,
    touches: readonly NurtureTouch[],
    decision: NurtureDecision,
  ): number {
    const sales = [
      ...salesFacts.map((f) => (typeof facts[f] === "string" ? parseInstant(facts[f] as string) : Number.NaN)),
      ...touches.filter((t) => !marketing(t.channel)).map((t) => t.sentAtMs),
    ].filter((ms) => Number.isFinite(ms) && ms <= asOfMs);
    const lastSales = sales.length > 0 ? Math.max(...sales) : null;
    const sent = touches
      .filter((t) => marketing(t.channel) && t.sentAtMs <= asOfMs)
      .map((t) => t.sentAtMs)
      .sort((a, b) => a - b);
    let ms = dueMs;
    // Each move only goes later, and each rule is passed once it no longer applies: a handful of rounds settle it.
    for (let round = 0; round < 16; round++) {
      const before = ms;
      for (const q of quiet) {
        if (ms >= q.fromMs && ms < q.toMs) {
          ms = days.nextOpen(q.toMs);
          note(decision, "quiet-period", q.id, ms);
        }
      }
      if (lastSales !== null && ms < lastSales + holdMs) {
        ms = days.nextOpen(lastSales + holdMs);
        note(decision, "sales-touch", "sales-touch", ms);
      }
      const inWindow = sent.filter((s) => s > ms - windowMs && s <= ms);
      if (inWindow.length >= contact.maxTouches) {
        // The touch that must leave the window for one more to fit.
        ms = days.nextOpen(inWindow[inWindow.length - contact.maxTouches]! + windowMs);
        note(decision, "contact-cap", "contact-cap", ms);
      }
      if (ms === before) break;
    }
    return ms;
  }
}

function note(decision: NurtureDecision, by: "quiet-period" | "sales-touch" | "contact-cap", id: string, untilMs: number): void {
  const found = decision.because.find((b) => b.by === by && b.id === id);
  if (found) found.until = isoOf(untilMs);
  else decision.because.push({ by, id, until: isoOf(untilMs) });
}

/** The last step's opening on the default path (no branch taken) from the step at `index`, planned at `plannedMs`. */
function completion(days: BusinessDays, plannedMs: number, track: NurtureTrack, index: number): number {
  let ms = plannedMs;
  for (const step of track.steps.slice(index + 1)) ms = days.addDays(ms, step.waitDays);
  return ms;
}
