/**
 * The audit of a production nurture send log (area `nurture`): each send the log records checked against the
 * NurtureProgram policy, and each membership the platform holds against the programs' exits.
 *
 * What a send is checked against, and when:
 * - `unknown-program`, `unknown-step`: the send names a program the policy does not define, or a step no track
 *   of its program has (such a send is checked by the contact policy only).
 * - `contact-cap`, `quiet-period`, `sales-hold`: the send log itself, as of each send: more than `maxTouches`
 *   marketing sends (every channel but `call-task`) in the rolling `windowDays` ending at the send (each send
 *   past the cap is one finding), a send inside a quiet period, a marketing send within `holdDays` after a sales
 *   touch (a `call-task` in the log, or the latest `salesTouch` field of the lead when it is before the send).
 * - `asset`: the send's asset version approved at the send time by every role its risk level needs (a
 *   ContentApproval asset, `approvalsOfVersion`); an unknown asset, or a marketing send without an asset or
 *   a version, is a finding too.
 * - The lead's CURRENT state (the export as of the audit date, decided by the same pipeline and nurture
 *   conditions as `leadrules nurture`): `open-opportunity` (a send of a program that is not downstream to a lead
 *   in an open opportunity now), `consent` (a consent gate whose region holds for the lead and names the
 *   channel, whose `requires` does not hold now) and `after-exit` (a membership row still active while an exit
 *   of its program holds now; reported once per membership, with the program's last send to the lead). The
 *   export says nothing about the past, so no history is guessed: a send before a lead opted out is reported
 *   as a send without consent, and a lead not in the export is checked only on what does not need its state.
 * - `no-entrants`: a program with no entry (`entered_at` of a membership row; without a membership file, no
 *   lead's first send in the program) in the 180 days before the audit date: the biannual workflow review.
 */
import type { Facts } from "../compile/compile-condition.js";
import type { PolicyPlan } from "../compile/plan.js";
import { conditionKey } from "../model/condition-listing.js";
import { approvalsOfVersion } from "../model/content-approvals.js";
import { isoOf, parseInstant } from "../model/instants.js";
import type { NurtureTouch } from "../model/nurture-inputs.js";
import type { NurtureSpec } from "../model/policy.js";
import type { Membership } from "../input/membership.js";

/** The checks of the area, in report order. */
export const nurtureChecks = [
  "unknown-program",
  "unknown-step",
  "after-exit",
  "contact-cap",
  "quiet-period",
  "sales-hold",
  "open-opportunity",
  "consent",
  "asset",
  "no-entrants",
] as const;
export type NurtureCheck = (typeof nurtureChecks)[number];

/** Checks that read the membership file: without one they do not run. */
export const membershipChecks: readonly NurtureCheck[] = ["after-exit"];

/** One deviation: a send (or a membership, or a program) and why it breaks the policy, in one line. */
export interface SendFinding {
  check: NurtureCheck;
  /** The lead; null for a program's finding (`no-entrants`). */
  lead: string | null;
  program: string;
  /** The step sent; null where none is concerned (a membership without a send, a program). */
  step: string | null;
  /** When it was sent (ISO), or null as for `step`. */
  sentAt: string | null;
  /** The consent gate, exit, quiet period, asset... the finding is about, or the program. */
  subject: string;
  reason: string;
}

export interface NurtureAuditInputs {
  /** Every send of the log, in time order. */
  touches: readonly NurtureTouch[];
  /** The membership file's rows; absent without `--members`. */
  members?: readonly Membership[];
}

/** What the audit keeps of a lead of the export that the log or the membership file names. */
interface LeadState {
  holds: boolean[];
  salesTouchMs: number[];
}

const dayMs = 86_400_000;
const noEntrantsDays = 180;
const marketing = (channel: string) => channel !== "call-task";

export interface NurtureAudit {
  /** Whether the lead has sends or memberships (only those leads' state is kept). */
  wants(id: string): boolean;
  /** A lead of the export as decided, with the nurture step's condition results. */
  add(id: string, facts: Facts, holds: boolean[]): void;
  /** Every finding, in check order, then in log order. */
  result(): SendFinding[];
}

export function createNurtureAudit(plan: PolicyPlan, nurture: NurtureSpec, asOfMs: number, inputs: NurtureAuditInputs): NurtureAudit {
  const at = (key: string) => plan.at("nurture", key);
  const programs = new Map(nurture.programs.map((p) => [p.id, p]));
  const exits = new Map(
    nurture.programs.map((p) => [p.id, p.exits.map((e) => ({ id: e.id, at: at(conditionKey("exit", `${p.id}/${e.id}`)) }))]),
  );
  const contact = nurture.contactPolicy;
  const openOpportunity = contact.openOpportunity ? at(conditionKey("open-opportunity", "open-opportunity")) : null;
  const gates = nurture.consentGates.map((g) => ({
    id: g.id,
    channels: new Set<string>(g.channels),
    region: at(conditionKey("consent-region", g.id)),
    requires: at(conditionKey("consent", g.id)),
  }));
  const quiet = (contact.quietPeriods ?? []).map((q) => ({ id: q.id, fromMs: parseInstant(q.from), toMs: parseInstant(q.to) + dayMs }));
  const salesFacts = contact.salesTouch?.facts ?? [];
  const holdMs = (contact.salesTouch?.holdDays ?? 0) * dayMs;
  const windowMs = contact.windowDays * dayMs;
  const content = plan.content;
  const assets = new Map((content?.assets ?? []).map((a) => [a.id, a]));
  const named = new Set([...inputs.touches.map((t) => t.lead), ...(inputs.members ?? []).map((m) => m.lead)]);
  const states = new Map<string, LeadState>();

  return {
    wants: (id) => named.has(id),
    add(id, facts, holds) {
      if (!named.has(id) || states.has(id)) return;
      const salesTouchMs = salesFacts
        .map((f) => (typeof facts[f] === "string" ? parseInstant(facts[f] as string) : Number.NaN))
        .filter((ms) => Number.isFinite(ms));
      states.set(id, { holds, salesTouchMs });
    },
    result() {
      const found: SendFinding[] = [];
      const send = (check: NurtureCheck, t: NurtureTouch, subject: string, reason: string) =>
        found.push({ check, lead: t.lead, program: t.program, step: t.step, sentAt: isoOf(t.sentAtMs), subject, reason });
      const byLead = new Map<string, NurtureTouch[]>();
      for (const t of inputs.touches) {
        const list = byLead.get(t.lead);
        if (list) list.push(t);
        else byLead.set(t.lead, [t]);
      }

      for (const t of inputs.touches) {
        const program = programs.get(t.program);
        if (!program) send("unknown-program", t, t.program, `program ${t.program} is not in the NurtureProgram policy`);
        else if (!program.tracks.some((track) => track.steps.some((s) => s.id === t.step)))
          send("unknown-step", t, t.step, `no track of program ${t.program} has a step ${t.step}`);
      }

      // Memberships still active while an exit of the program holds now.
      for (const m of inputs.members ?? []) {
        const state = states.get(m.lead);
        if (m.status !== "active" || !state || !programs.has(m.program)) continue;
        const exit = exits.get(m.program)!.find((e) => state.holds[e.at] === true);
        if (!exit) continue;
        const last = (byLead.get(m.lead) ?? []).filter((t) => t.program === m.program).at(-1);
        found.push({
          check: "after-exit",
          lead: m.lead,
          program: m.program,
          step: last?.step ?? null,
          sentAt: last ? isoOf(last.sentAtMs) : null,
          subject: `${m.program}/${exit.id}`,
          reason: `still active in ${m.program} (membership row ${m.row}) though its exit ${exit.id} holds now`,
        });
      }

      for (const [lead, touches] of byLead) {
        const state = states.get(lead);
        const marketingSends = touches.filter((t) => marketing(t.channel));
        marketingSends.forEach((t, i) => {
          const inWindow = marketingSends.slice(0, i + 1).filter((s) => s.sentAtMs > t.sentAtMs - windowMs).length;
          if (inWindow > contact.maxTouches)
            send(
              "contact-cap",
              t,
              "contact-cap",
              `marketing send ${inWindow} in ${contact.windowDays} days, over the cap of ${contact.maxTouches}`,
            );
          const period = quiet.find((q) => t.sentAtMs >= q.fromMs && t.sentAtMs < q.toMs);
          if (period) send("quiet-period", t, period.id, `sent in the quiet period ${period.id}`);
          if (holdMs > 0) {
            const sales = [...touches.filter((s) => !marketing(s.channel)).map((s) => s.sentAtMs), ...(state?.salesTouchMs ?? [])].filter(
              (ms) => ms < t.sentAtMs,
            );
            const last = sales.length > 0 ? Math.max(...sales) : null;
            if (last !== null && t.sentAtMs < last + holdMs)
              send("sales-hold", t, "sales-touch", `sent within ${contact.salesTouch!.holdDays} days of the sales touch at ${isoOf(last)}`);
          }
        });
        if (state) {
          for (const t of touches) {
            const program = programs.get(t.program);
            if (program && !program.downstream && openOpportunity !== null && state.holds[openOpportunity] === true)
              send("open-opportunity", t, t.program, `program ${t.program} is not downstream and the lead is in an open opportunity now`);
            const gate = gates.find((g) => g.channels.has(t.channel) && state.holds[g.region] === true && state.holds[g.requires] !== true);
            if (gate) send("consent", t, gate.id, `${t.channel} without the consent ${gate.id} needs (the lead's consent now)`);
          }
        }
        if (content) for (const t of marketingSends) checkAsset(t);
      }

      // Programs nobody entered in the last 180 days.
      const sinceMs = asOfMs - noEntrantsDays * dayMs;
      const entries = new Map<string, number[]>();
      if (inputs.members) for (const m of inputs.members) entries.set(m.program, [...(entries.get(m.program) ?? []), m.enteredAtMs]);
      else
        for (const touches of byLead.values()) {
          const first = new Map<string, number>();
          for (const t of touches) if (!first.has(t.program)) first.set(t.program, t.sentAtMs);
          for (const [program, ms] of first) entries.set(program, [...(entries.get(program) ?? []), ms]);
        }
      for (const program of nurture.programs) {
        if ((entries.get(program.id) ?? []).some((ms) => ms > sinceMs && ms <= asOfMs)) continue;
        found.push({
          check: "no-entrants",
          lead: null,
          program: program.id,
          step: null,
          sentAt: null,
          subject: program.id,
          reason: `no lead entered ${program.id} in the ${noEntrantsDays} days before the audit date (${inputs.members ? "membership entered_at" : "first sends"})`,
        });
      }
      return found
        .map((f, i) => ({ f, i }))
        .sort((a, b) => nurtureChecks.indexOf(a.f.check) - nurtureChecks.indexOf(b.f.check) || a.i - b.i)
        .map(({ f }) => f);

      function checkAsset(t: NurtureTouch): void {
        if (t.asset === null) return void send("asset", t, "(none)", `a ${t.channel} send records no asset`);
        const asset = assets.get(t.asset);
        if (!asset) return void send("asset", t, t.asset, `asset ${t.asset} is not in the ContentApproval policy`);
        if (t.assetVersion === null) return void send("asset", t, t.asset, `the send records no version of ${t.asset}`);
        const missing = approvalsOfVersion(content!, asset, t.assetVersion, t.sentAtMs).filter((a) => a.status !== "approved");
        if (missing.length > 0)
          send(
            "asset",
            t,
            t.asset,
            `${t.asset} ${t.assetVersion} not approved when sent (${missing.map((a) => `${a.role}: ${a.status}`).join(", ")})`,
          );
      }
    },
  };
}
