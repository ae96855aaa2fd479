/**
 * One flat row per lead: the columns of every simulate output format.
 */
import type { LeadOutcome } from "../model/outcome.js";

export type FlatRow = Record<string, string | number | null>;

export function simulationColumns(dimensions: readonly string[]): string[] {
  return [
    "id",
    ...dimensions,
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
  ];
}

/** `industry (score, route); country`: fields read as empty because the export's value was bad, and the steps that read them. */
export function describeFlagged(flagged: NonNullable<LeadOutcome["flagged"]>): string {
  return flagged.map((f) => (f.steps.length > 0 ? `${f.field} (${f.steps.join(", ")})` : f.field)).join("; ");
}

export function flattenOutcome(row: LeadOutcome, dimensions: readonly string[]): FlatRow {
  const flat: FlatRow = { id: row.id };
  for (const d of dimensions) flat[d] = row.score?.dimensions[d] ?? null;
  return Object.assign(flat, {
    total: row.score?.total ?? null,
    grade: row.score?.grade ?? null,
    thresholds: row.score?.thresholds.join(";") ?? null,
    stage_before: row.lifecycle?.before ?? null,
    stage_after: row.lifecycle?.after ?? null,
    transitions: row.lifecycle?.path.join(";") ?? null,
    routing_rule: row.route?.rule ?? null,
    queue: row.route?.assignedQueue ?? null,
    owner: row.route?.owner ?? null,
    first_touch_due: row.route?.sla.firstTouchDue ?? null,
    escalate_at: row.route?.sla.escalateAt ?? null,
    reassign_at: row.route?.sla.reassignAt ?? null,
    eligible_content: row.content?.eligible.join(";") ?? null,
    retention_rule: row.retention?.rule ?? null,
    retention_action: row.retention?.action ?? null,
    retention_due: row.retention?.dueDate ?? null,
    flagged: row.flagged ? describeFlagged(row.flagged) : null,
  });
}
