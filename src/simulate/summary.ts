/**
 * Aggregates over simulated leads. Holds counts, never leads, so it works the
 * same on a 300-lead corpus and a streamed export of millions.
 */
import { parseInstant } from "../compile/instants.js";
import type { LeadOutcome } from "../model/outcome.js";

const dayMs = 86_400_000;

export interface SimulationSummary {
  leads: number;
  skipped: number;
  byStage: Record<string, number>;
  byGrade: Record<string, number>;
  byQueue: Record<string, number>;
  byRoutingRule: Record<string, number>;
  thresholds: Record<string, number>;
  stageChanges: number;
  oscillations: number;
  unassigned: number;
  arrivedOutsideHours: number;
  dispositionsOverdue: number;
  retentionOverdue: Record<string, number>;
  retentionDueWithin30Days: Record<string, number>;
}

export class SummaryAccumulator {
  private readonly summary: SimulationSummary = {
    leads: 0,
    skipped: 0,
    byStage: {},
    byGrade: {},
    byQueue: {},
    byRoutingRule: {},
    thresholds: {},
    stageChanges: 0,
    oscillations: 0,
    unassigned: 0,
    arrivedOutsideHours: 0,
    dispositionsOverdue: 0,
    retentionOverdue: {},
    retentionDueWithin30Days: {},
  };

  constructor(private readonly asOfMs: number) {}

  add(row: LeadOutcome): void {
    const s = this.summary;
    s.leads++;
    if (row.score) {
      count(s.byGrade, row.score.grade ?? "none");
      for (const t of row.score.thresholds) count(s.thresholds, t);
    }
    if (row.lifecycle) {
      count(s.byStage, row.lifecycle.after ?? "none");
      if (row.lifecycle.after !== row.lifecycle.before) s.stageChanges++;
      if (row.lifecycle.oscillation) s.oscillations++;
      if (row.lifecycle.disposition.status === "overdue") s.dispositionsOverdue++;
    }
    if (row.route) {
      count(s.byQueue, row.route.assignedQueue ?? "unassigned");
      count(s.byRoutingRule, row.route.rule);
      if (!row.route.owner) s.unassigned++;
      if (row.route.sla.arrivedOutsideHours) s.arrivedOutsideHours++;
    }
    const retention = row.retention;
    if (retention?.dueDate && retention.action && retention.action !== "hold") {
      const dueMs = parseInstant(retention.dueDate);
      if (dueMs <= this.asOfMs) count(s.retentionOverdue, retention.action);
      else if (dueMs <= this.asOfMs + 30 * dayMs) count(s.retentionDueWithin30Days, retention.action);
    }
  }

  skip(): void {
    this.summary.skipped++;
  }

  result(): SimulationSummary {
    const s = this.summary;
    return {
      ...s,
      byStage: sorted(s.byStage),
      byGrade: sorted(s.byGrade),
      byQueue: sorted(s.byQueue),
      byRoutingRule: sorted(s.byRoutingRule),
      thresholds: sorted(s.thresholds),
      retentionOverdue: sorted(s.retentionOverdue),
      retentionDueWithin30Days: sorted(s.retentionDueWithin30Days),
    };
  }
}

function count(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

export function sorted<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
