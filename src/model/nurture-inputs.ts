/**
 * What a nurture run reads besides leads and policies: the touches a send log records, and the signals
 * the circuit breakers watch.
 */
import type { NurtureChannel } from "./policy.js";

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
