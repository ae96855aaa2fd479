/**
 * What `diff` finds between two versions of a policy set: the policies changed and
 * their version bumps, the text patches, the behaviour on the leads and the
 * version-rule violations. Formatted by format/diff-report.ts.
 */
import type { ReadReport } from "../input/read-report.js";
import type { BehaviourDiff } from "./behaviour-diff.js";
import type { GateViolation } from "./gates.js";
import type { PolicyChange } from "./semantic-diff.js";
import type { QueueLoadImpact } from "./queue-impact.js";
import type { BacktestComparison } from "../backtest/compare.js";
import type { NurtureImpact } from "./nurture-impact.js";

export interface DiffReport {
  base: { ref: string; commit: string };
  head: { ref: string; commit: string | null };
  asOf: string;
  /** What the head version read from the leads file, and rows left out of the comparison (either version rejected them). */
  leads: { file: string; count: number; leftOut: number; read: ReadReport };
  policies: (PolicyChange & { requiredBump: string; actualBump: string })[];
  textDiffs: { file: string; patch: string }[];
  behaviour: BehaviourDiff;
  /** Each queue whose leads change: load and predicted SLA attainment before -> after; null when the leads carry no arrival. */
  queueLoad: QueueLoadImpact | null;
  /** Both versions backtested on a history of known outcomes (`--history`, `--outcome`); null when none was given. */
  backtest: { file: string; comparison: BacktestComparison } | null;
  /**
   * Both versions' nurture decisions on the same leads (diff/nurture-impact.ts): audience moves between programs
   * and next touches by status and channel; present only when both versions have a NurtureProgram and some lead's
   * nurture changes.
   */
  nurture?: NurtureImpact;
  violations: GateViolation[];
}
