/**
 * What a nurture run reads besides leads and policies: the touches a send log records, and the signals
 * the circuit breakers watch.
 */
import type { NurtureChannel, NurtureSpec } from "./policy.js";

/** One touch a lead got, as a send log records it. */
export interface NurtureTouch {
  lead: string;
  program: string;
  step: string;
  channel: NurtureChannel;
  asset: string | null;
  assetVersion: string | null;
  sentAtMs: number;
  /** The row of the log it was read from (for messages); absent for touches written in a test case. */
  row?: number;
}

/** What the circuit breakers watch, as given to the run (`--signals FILE`). */
export interface NurtureSignals {
  syncLagMinutes?: number;
  /** Per program: the bounce and unsubscribe rates (0..1) of its last send. */
  programs?: Record<string, { bounceRate?: number; unsubscribeRate?: number }>;
}

/**
 * Touches of a program the policy defines, of a step that program does not have: the lead's place in its track
 * would be unknown (the step sent again), so `nurture` and policy tests refuse them. A program the policy does
 * not define is a one-off send (a newsletter), kept: it counts toward the contact policy's cap.
 */
export function touchesOfUnknownSteps<T extends Pick<NurtureTouch, "program" | "step">>(touches: readonly T[], nurture: NurtureSpec): T[] {
  const steps = new Map(nurture.programs.map((p) => [p.id, new Set(p.tracks.flatMap((t) => t.steps.map((s) => s.id)))]));
  return touches.filter((t) => steps.has(t.program) && !steps.get(t.program)!.has(t.step));
}
