/**
 * What the pipeline decides for one lead at one as-of time.
 */
export interface ScoreOutcome {
  dimensions: Record<string, number>;
  total: number;
  grade: string | null;
  thresholds: string[];
  excluded: string | null;
  /** Scoring rules whose condition held (in model order), with points granted. */
  rules: { id: string; dimension: string; points: number }[];
  /** Points taken off by inactivity decay, per dimension. */
  decay: Record<string, number>;
  reset: string[];
}

export interface DispositionOutcome {
  required: boolean;
  code: string | null;
  dueAt: string | null;
  status: "not-required" | "logged" | "logged-late" | "invalid-code" | "pending" | "overdue";
}

export interface LifecycleOutcome {
  before: string | null;
  after: string | null;
  /** Transition ids applied, in order ("recycle" for inactivity recycling). */
  path: string[];
  /** Stages of a cycle the guards would loop through, when one was cut short. */
  oscillation: string[] | null;
  enteredAt: string | null;
  disposition: DispositionOutcome;
}

export interface SlaOutcome {
  firstTouchDue: string | null;
  escalateAt: string | null;
  reassignAt: string | null;
  /** The lead arrived outside the calendar's business hours, so the clock started later. */
  arrivedOutsideHours: boolean;
}

export interface RouteOutcome {
  /** The routing rule that matched, or "fallback". */
  rule: string;
  /** The queue the rule sends the lead to. */
  queue: string;
  /** The queue that actually took it (differs when capacity overflowed). */
  assignedQueue: string | null;
  owner: string | null;
  sla: SlaOutcome;
}

export interface ContentOutcome {
  eligible: string[];
}

export interface RetentionOutcome {
  rule: string | null;
  action: "delete" | "anonymize" | "archive" | "hold" | null;
  dueDate: string | null;
}

export interface LeadOutcome {
  id: string;
  /** Fields read as empty because the export's value was bad or missing, and the steps that read them. Absent when none. */
  flagged?: { field: string; steps: string[] }[];
  score: ScoreOutcome | null;
  lifecycle: LifecycleOutcome | null;
  route: RouteOutcome | null;
  content: ContentOutcome | null;
  retention: RetentionOutcome | null;
}

/**
 * The columns of a flat row (CSV, table) after the lead id and one column per scoring dimension. A dimension
 * may not take one of these names, nor `id` (see analyse/checks/unique-ids.ts).
 */
export const outcomeColumns = [
  "total",
  "grade",
  "thresholds",
  "stage_before",
  "stage_after",
  "transitions",
  "routing_rule",
  "queue",
  "owner",
  "first_touch_due",
  "escalate_at",
  "reassign_at",
  "eligible_content",
  "retention_rule",
  "retention_action",
  "retention_due",
  "flagged",
] as const;
