/**
 * One flat row per lead: the columns of every simulate output format.
 */
import { outcomeColumns, type LeadOutcome } from "../model/outcome.js";

export type FlatCell = string | number | null;
export type FlatRow = Record<string, FlatCell>;

export function simulationColumns(dimensions: readonly string[]): string[] {
  return ["id", ...dimensions, ...outcomeColumns];
}

/** `industry (score, route); country`: fields read as empty because the export's value was bad, and the steps that read them. */
export function describeFlagged(flagged: NonNullable<LeadOutcome["flagged"]>): string {
  return flagged.map((f) => (f.steps.length > 0 ? `${f.field} (${f.steps.join(", ")})` : f.field)).join("; ");
}

/** A lead's cells in the order of `simulationColumns` (CSV writes them as they are; the table picks some by name). */
export function simulationCells(row: LeadOutcome, dimensions: readonly string[]): FlatCell[] {
  const score = row.score;
  const lifecycle = row.lifecycle;
  const route = row.route;
  const retention = row.retention;
  const cells: FlatCell[] = [row.id];
  for (const d of dimensions) cells.push(score?.dimensions[d] ?? null);
  cells.push(
    score?.total ?? null,
    score?.grade ?? null,
    score?.thresholds.join(";") ?? null,
    lifecycle?.before ?? null,
    lifecycle?.after ?? null,
    lifecycle?.path.join(";") ?? null,
    route?.rule ?? null,
    route?.assignedQueue ?? null,
    route?.owner ?? null,
    route?.sla.firstTouchDue ?? null,
    route?.sla.escalateAt ?? null,
    route?.sla.reassignAt ?? null,
    row.content?.eligible.join(";") ?? null,
    retention?.rule ?? null,
    retention?.action ?? null,
    retention?.dueDate ?? null,
    row.flagged ? describeFlagged(row.flagged) : null,
  );
  return cells;
}

/** Where the assignment (queue, owner) sits among a row's cells: after the id, the dimensions and seven cells. */
export function assignmentCell(dimensions: readonly string[]): number {
  return 1 + dimensions.length + 7;
}

/** A lead's cells by column name. */
export function flattenOutcome(row: LeadOutcome, dimensions: readonly string[]): FlatRow {
  const cells = simulationCells(row, dimensions);
  const flat: FlatRow = {};
  simulationColumns(dimensions).forEach((column, i) => {
    flat[column] = cells[i]!;
  });
  return flat;
}
