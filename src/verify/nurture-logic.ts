/**
 * Nurture: programs whose audiences overlap with no priority between them, steps and tracks no lead can
 * reach, programs every entrant leaves at once, assets a step can never send, consent gates that close a
 * program in a region, and stages whose leads may be in no program. Audiences are read as the decider reads
 * them (simulate/nurture.ts): entry and no exit, only downstream programs for a lead in an open opportunity,
 * a lead taken by the first program in priority order. Every witness is decided by the nurture decider as
 * of the analysis time, with the send log it needs (witness.ts, `nurtureDecisionOf`), and only reported when
 * the decision shows the problem. Nothing here is an error: no command that decides leads refuses over it.
 */
import type { Check } from "../analyse/check.js";
import { problemAt } from "../analyse/check.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { approvalsOf } from "../model/content-approvals.js";
import type { Condition } from "../model/condition.js";
import type { NurtureChannel, NurtureProgramDefinition, NurtureSpec, NurtureTrack } from "../model/policy.js";
import { programsByPriority } from "../model/nurture-order.js";
import { type Analysis, analysisFor, approximate, type SolveResult, withWitness } from "./analysis.js";
import { confirmedNurtureWitness, type WitnessSend } from "./witness.js";

const dayMs = 86_400_000;
const none = (conditions: readonly Condition[]): Condition[] => conditions.map((c) => ({ not: c }));
const unconfirmed = " (the nurture decider did not confirm the lead the analysis built)";

/** The send log a witness needs to be past a track's first step: the step at `index` sent (none: nothing sent). */
const sentStep = (p: NurtureProgramDefinition, t: NurtureTrack, index: number | undefined): WitnessSend[] =>
  index === undefined || index < 0 ? [] : [{ program: p.id, step: t.steps[index]!.id, channel: t.steps[index]!.channel }];

/** A question answered with no lead: proven, not just given up on (an undecided one is a note, never a finding). */
const impossible = (r: SolveResult) => r.witness === null && r.complete;

/** The conditions the analysis asks about a nurture policy, each defined once. */
function audiences(nurture: NurtureSpec) {
  const open = nurture.contactPolicy.openOpportunity;
  /** Whose audience the lead is in: entry, no exit, and for a program that is not downstream, no open opportunity. */
  const audience = (p: NurtureProgramDefinition): Condition => ({
    all: [p.entry, ...none(p.exits.map((e) => e.when)), ...(open && !p.downstream ? [{ not: open }] : [])],
  });
  const ordered = programsByPriority(nurture.programs);
  /** Which program takes the lead: in its audience, and in none before it in priority order. */
  const member = (p: NurtureProgramDefinition): Condition => ({
    all: [audience(p), ...none(ordered.slice(0, ordered.indexOf(p)).map(audience))],
  });
  /** A member the program keeps: no escalation hands it to sales. */
  const kept = (p: NurtureProgramDefinition): Condition => ({
    all: [member(p), ...none((p.escalations ?? []).map((e) => e.when))],
  });
  /** A kept member on this track: its condition holds and no earlier track's does (null: an earlier track takes everyone). */
  const onTrack = (p: NurtureProgramDefinition, t: NurtureTrack): Condition | null => {
    const earlier = p.tracks.slice(0, p.tracks.indexOf(t));
    if (earlier.some((e) => !e.when)) return null;
    return { all: [kept(p), ...(t.when ? [t.when] : []), ...none(earlier.map((e) => e.when!))] };
  };
  /** Every consent gate naming the channel lets the lead through: out of its region, or meeting what it requires. */
  const consented = (channel: NurtureChannel): Condition => ({
    all: nurture.consentGates.filter((g) => g.channels.includes(channel)).map((g) => ({ any: [{ not: g.region }, g.requires] })),
  });
  return { audience, kept, onTrack, consented };
}

export const nurtureLogic: Check = {
  name: "nurture-logic",
  description:
    "Overlapping programs without a priority between them, unreachable tracks and steps, programs every entrant exits at once, assets a step cannot send, consent gates closing a program in a region, and stages with leads in no program.",
  codes: [
    "logic/nurture-overlap",
    "logic/nurture-unreachable-step",
    "logic/nurture-exit-on-entry",
    "logic/nurture-asset-unsendable",
    "logic/nurture-consent-blocked",
    "logic/nurture-no-program",
  ],
  check(ctx) {
    const a = analysisFor(ctx);
    const nurture = a?.plan.nurture;
    const policy = ctx.set.byKind.NurtureProgram;
    if (!a || !nurture || !policy) return [];
    const { audience, kept, onTrack, consented } = audiences(nurture);
    const problems: Diagnostic[] = [];
    const report = (
      pointer: string,
      code: Diagnostic["code"],
      message: string,
      hint: string,
      severity: Diagnostic["severity"],
      ruleId: string,
      lead: ReturnType<typeof confirmedNurtureWitness>,
      sent: readonly WitnessSend[] = [],
    ) => problems.push(withWitness(problemAt(policy, pointer, code, message, hint, { severity, ruleId }), lead, sent));

    nurture.programs.forEach((p, i) => {
      const at = `/spec/programs/${i}`;
      const ask = (goal: Condition, asks: string, pointer = at) => a.solve(goal, { policy, pointer, ruleId: p.id, asks });

      // 3. Every entrant leaves at once.
      const entry = ask(p.entry, `whether a lead can enter \`${p.id}\``, `${at}/entry`);
      if (!entry.witness) return; // a contradiction, reported by its own check
      const stays = ask({ all: [p.entry, ...none(p.exits.map((e) => e.when))] }, `whether a lead entering \`${p.id}\` can stay in it`);
      if (impossible(stays)) {
        const lead = confirmedNurtureWitness(a, entry.witness, (d) => d.passed.some((x) => x.program === p.id && x.why === "exit"));
        report(
          `${at}/exits`,
          "logic/nurture-exit-on-entry",
          `every lead that enters program \`${p.id}\` meets one of its exits (${p.exits.map((e) => `\`${e.id}\``).join(", ")}) at once, so it never keeps a lead${approximate(stays.inexact)}${lead ? "" : unconfirmed}`,
          "Narrow the exits, or the entry, so that some entrants stay.",
          "warning",
          p.id,
          lead,
        );
        return;
      }

      // 1. Overlap with an earlier program in the file, where the priorities do not say which takes the lead.
      for (const q of nurture.programs.slice(0, i)) {
        if (p.priority !== undefined && q.priority !== undefined && p.priority !== q.priority) continue;
        const both = ask({ all: [audience(q), audience(p)] }, `whether programs \`${q.id}\` and \`${p.id}\` share a lead`);
        if (!both.witness) continue;
        const lead = confirmedNurtureWitness(a, both.witness, (d) =>
          [q.id, p.id].every((id) => d.program === id || d.passed.some((x) => x.program === id && x.why === "priority")),
        );
        const [first] = programsByPriority([q, p]);
        const priorities =
          p.priority === undefined && q.priority === undefined
            ? "neither has a priority"
            : p.priority === q.priority
              ? `both have priority ${p.priority}`
              : `\`${p.priority === undefined ? p.id : q.id}\` has no priority`;
        const by = p.priority === q.priority ? "coming first in the file" : "having a priority at all";
        report(
          at,
          "logic/nurture-overlap",
          `programs \`${q.id}\` and \`${p.id}\` can both hold a lead and ${priorities}: \`${first!.id}\` takes it only by ${by}${approximate(both.inexact)}${lead ? "" : unconfirmed}`,
          "Give the programs different priorities, or make their audiences exclusive.",
          "warning",
          p.id,
          lead,
        );
      }

      const keeps = ask(kept(p), `whether program \`${p.id}\` keeps any lead`);
      if (!keeps.witness) return; // every lead is taken by a program before it or escalated: nothing below can be told apart

      /** Per track some lead takes, the first step some lead reaches on each channel, and who is on the track. */
      const sending: { t: NurtureTrack; on: Condition; first: Map<string, number>; via: (number | undefined)[] }[] = [];
      p.tracks.forEach((t, k) => {
        const trackAt = `${at}/tracks/${k}`;
        const on = onTrack(p, t);
        const taken = on ? ask(on, `whether a lead of \`${p.id}\` takes track \`${t.id}\``, trackAt) : null;
        if (taken === null || impossible(taken)) {
          // 2. A track never chosen: an earlier track takes every lead, or its condition excludes the program's leads.
          const alone = ask(
            t.when ? { all: [kept(p), t.when] } : kept(p),
            `whether a lead of \`${p.id}\` meets track \`${t.id}\``,
            trackAt,
          );
          const lead = confirmedNurtureWitness(a, alone.witness, (d) => d.program === p.id && d.track !== null && d.track !== t.id);
          const why = alone.witness
            ? "an earlier track takes every lead of the program that meets its condition"
            : "its condition cannot hold for any lead of the program";
          report(
            trackAt,
            "logic/nurture-unreachable-step",
            `track \`${t.id}\` of program \`${p.id}\` is never chosen, so none of its ${t.steps.length} steps is ever sent: ${why}${approximate([...(taken?.inexact ?? []), ...alone.inexact])}`,
            "Move the track above the tracks that take its leads, narrow them, or remove it.",
            "warning",
            p.id,
            alone.witness ? lead : null,
          );
          return;
        }
        if (!on || !taken.witness) return; // undecided: only a proof removes a track
        const reach = stepsReached(a, p, t, on, trackAt);
        const first = new Map<string, number>();
        sending.push({ t, on, first, via: reach.via });
        const indexOf = (step: string | undefined) => t.steps.findIndex((x) => x.id === step);
        t.steps.forEach((step, s) => {
          const stepAt = `${trackAt}/steps/${s}`;
          if (reach.earliestDays[s] === undefined) {
            // 2. A step every lead jumps over: sent the last step before it that some lead reaches, the witness goes past it.
            const before = reach.earliestDays.slice(0, s).findLastIndex((d) => d !== undefined);
            const sent = sentStep(p, t, before);
            const lead = confirmedNurtureWitness(
              a,
              taken.witness,
              (d) => d.program === p.id && d.track === t.id && (d.next ? indexOf(d.next.step) > s : d.status === "completed"),
              sent,
            );
            report(
              stepAt,
              "logic/nurture-unreachable-step",
              `step \`${step.id}\` of track \`${t.id}\` (program \`${p.id}\`) is never sent: ${reach.skippedBy[s] ?? "no step before it leads to it"}${lead ? "" : unconfirmed}`,
              "Narrow the branch that jumps over it, or remove the step.",
              "warning",
              p.id,
              lead,
              sent,
            );
            return;
          }
          if (!first.has(step.channel)) first.set(step.channel, s);
          if (step.asset === undefined) return;
          const asset = a.plan.content?.assets.find((x) => x.id === step.asset);
          if (!asset || !a.plan.content) return;
          // 4. The asset's stages exclude every lead on the track, or an approval has expired by the step's earliest send.
          const inStage = a.plan.lifecycle
            ? ask(
                { all: [on, { fact: "stage", operator: "in", value: asset.stages }] },
                `whether a lead on track \`${t.id}\` of \`${p.id}\` is in a stage asset \`${asset.id}\` is for`,
                stepAt,
              )
            : null;
          const earliestMs = a.asOfMs + reach.earliestDays[s]! * dayMs;
          const expired = approvalsOf(a.plan.content, asset, earliestMs).filter((x) => x.status === "expired");
          if (!(inStage && impossible(inStage)) && expired.length === 0) return;
          // The witness: a lead on the track its consent gates let through (else it is suppressed, not blocked),
          // sent the step it reaches this one from, at the analysis time.
          const sent = sentStep(p, t, reach.via[s]);
          const reachable = ask(
            { all: [on, consented(step.channel)] },
            `whether a lead on track \`${t.id}\` of \`${p.id}\` may get ${step.channel}`,
            stepAt,
          );
          const lead = confirmedNurtureWitness(
            a,
            reachable.witness,
            (d) => d.status === "blocked" && d.next?.step === step.id && d.because.some((b) => b.by === "asset" && b.id === asset.id),
            sent,
          );
          const why =
            inStage && impossible(inStage)
              ? `it is only for stages ${asset.stages.join(", ")}, and no lead on the track is in one${approximate(inStage.inexact)}`
              : `its ${expired.map((x) => `${x.role} approval expires on ${x.expiresOn}`).join(" and ")}, and the step cannot go out before ${new Date(earliestMs).toISOString().slice(0, 10)} (${reach.earliestDays[s]} days of waits after ${new Date(a.asOfMs).toISOString().slice(0, 10)}, counted as calendar days: business days only come later)`;
          report(
            stepAt,
            "logic/nurture-asset-unsendable",
            `step \`${step.id}\` of track \`${t.id}\` (program \`${p.id}\`) can never send asset \`${asset.id}\`: ${why}${lead ? "" : unconfirmed}`,
            "Use an asset open to the track's stages and approved for as long as the program runs, or renew the approval.",
            "warning",
            p.id,
            lead,
            sent,
          );
        });
      });

      // 5. A consent gate no lead of the program in its region can meet, for a channel the program sends on.
      const channels = new Set(sending.flatMap(({ first }) => [...first.keys()]));
      nurture.consentGates.forEach((g, gi) => {
        if (!g.channels.some((c) => channels.has(c))) return;
        // Most gates are met by some lead: that question first, the region's only when none is.
        const meets = ask({ all: [kept(p), g.region, g.requires] }, `whether a lead of \`${p.id}\` in the region of \`${g.id}\` meets it`);
        if (!impossible(meets)) return;
        const inRegion = ask({ all: [kept(p), g.region] }, `whether program \`${p.id}\` keeps leads in the region of \`${g.id}\``);
        if (!inRegion.witness) return;
        // The witness: a lead in the region on the first track that sends on the gate's channels, sent the step before the first such send.
        const track = sending.find(({ first }) => g.channels.some((c) => first.has(c)))!;
        const step = Math.min(...g.channels.flatMap((c) => (track.first.has(c) ? [track.first.get(c)!] : [])));
        const sent = sentStep(p, track.t, track.via[step]);
        const onTrackInRegion = ask(
          { all: [track.on, g.region] },
          `whether track \`${track.t.id}\` of \`${p.id}\` has leads in the region of \`${g.id}\``,
        );
        const lead = confirmedNurtureWitness(
          a,
          onTrackInRegion.witness,
          (d) =>
            d.status === "suppressed" &&
            d.next?.step === track.t.steps[step]!.id &&
            d.because.some((b) => b.by === "consent" && b.id === g.id),
          sent,
        );
        report(
          `/spec/consentGates/${gi}`,
          "logic/nurture-consent-blocked",
          `consent gate \`${g.id}\` stops every ${g.channels.filter((c) => channels.has(c)).join(" and ")} touch of program \`${p.id}\` in its region: no lead the program keeps there meets what it requires${approximate(meets.inexact)}${lead ? "" : unconfirmed}`,
          "Intended (the program is not for that region)? Then exclude the region in the program's entry; otherwise loosen the entry or the gate.",
          "warning",
          p.id,
          lead,
          sent,
        );
      });
    });

    // 6. Stages some of whose leads are in no program.
    const lifecycle = a.plan.lifecycle;
    for (const stage of lifecycle?.stages ?? []) {
      if (stage.terminal) continue;
      const nowhere = a.solve(
        { all: [{ fact: "stage", operator: "equal", value: stage.id }, ...none(nurture.programs.map(audience))] },
        { policy, pointer: "/spec/programs", ruleId: stage.id, asks: `whether a lead in stage ${stage.id} can be in no program` },
      );
      if (!nowhere.witness) continue;
      const lead = confirmedNurtureWitness(a, nowhere.witness, (d) => d.status === "none");
      report(
        "/spec/programs",
        "logic/nurture-no-program",
        `some leads in stage \`${stage.id}\` are in no program's audience, so nothing nurtures them${lead ? "" : unconfirmed}`,
        "Intended (e.g. unsubscribed leads)? Then nothing to do; otherwise widen a program's entry or add a program for them.",
        "info",
        stage.id,
        lead,
      );
    }
    return problems;
  },
};

/**
 * Which steps of a track a lead can reach, and the fewest days of waits before each (undefined: none
 * reaches it). After a step the decider takes its first branch that holds, else the next step: each way is
 * followed when some lead on the track can take it (undecided counts as possible: only a proof removes a
 * way). `skippedBy` says, for a step no way reaches, which branch takes every lead past it.
 */
function stepsReached(a: Analysis, p: NurtureProgramDefinition, t: NurtureTrack, on: Condition, pointer: string) {
  const earliestDays: (number | undefined)[] = t.steps.map(() => undefined);
  const skippedBy: (string | undefined)[] = t.steps.map(() => undefined);
  /** The step a reached step is reached from: the one before it when a lead can go on from it, else a branch's step. */
  const via: (number | undefined)[] = t.steps.map(() => undefined);
  earliestDays[0] = t.steps[0]!.waitDays;
  const reachTo = (index: number, days: number, from: number) => {
    const step = t.steps[index]!;
    earliestDays[index] = Math.min(earliestDays[index] ?? Infinity, days + step.waitDays);
    if (via[index] === undefined || from === index - 1) via[index] = from;
  };
  t.steps.forEach((step, s) => {
    const days = earliestDays[s];
    if (days === undefined || s === t.steps.length - 1) return;
    const branches = step.branches ?? [];
    const ask = (goal: Condition, asks: string) =>
      a.solve(goal, { policy: a.plan.set.byKind.NurtureProgram!, pointer, ruleId: p.id, asks });
    branches.forEach((b, bi) => {
      const taken = ask(
        { all: [on, b.when, ...none(branches.slice(0, bi).map((e) => e.when))] },
        `whether a lead on track \`${t.id}\` takes branch \`${b.id}\``,
      );
      if (!impossible(taken))
        reachTo(
          t.steps.findIndex((x) => x.id === b.goto),
          days,
          s,
        );
    });
    // Without branches every lead on the track goes on (the track has leads: its caller asked).
    const onward =
      branches.length === 0
        ? null
        : ask({ all: [on, ...none(branches.map((b) => b.when))] }, `whether a lead on track \`${t.id}\` goes on after \`${step.id}\``);
    if (onward === null || !impossible(onward)) reachTo(s + 1, days, s);
    else if (earliestDays[s + 1] === undefined) {
      const always = branches.find((b) =>
        impossible(ask({ all: [on, { not: b.when }] }, `whether branch \`${b.id}\` holds for every lead on track \`${t.id}\``)),
      );
      skippedBy[s + 1] = always
        ? `branch \`${always.id}\` of \`${step.id}\` holds for every lead on the track and jumps to \`${always.goto}\``
        : `the branches of \`${step.id}\` together hold for every lead on the track and jump past it`;
    }
  });
  return { earliestDays, skippedBy, via };
}
