/**
 * Aggregates over simulated leads. Holds counts, never leads, so it works the
 * same on a 300-lead corpus and a streamed export of millions.
 */
import { parseInstant } from "../model/instants.js";
import type { LeadOutcome, RouteOutcome } from "../model/outcome.js";
import type { ReadReport } from "../input/read-report.js";

const dayMs = 86_400_000;

/**
 * Set when the policies had decision-logic errors and were simulated anyway (`allowInvalid`): the rows
 * show what the flawed policies do, for diagnosis only.
 */
export interface DiagnosisOnly {
  /** The error-level findings of the policies simulated. */
  errors: number;
  /** Their codes, sorted, each once. */
  codes: string[];
}

export interface SimulationSummary {
  /** Present only when policies with decision-logic errors were simulated (`allowInvalid`): the results are for diagnosis only. */
  diagnosisOnly?: DiagnosisOnly;
  /** What was read from the export: rows, leads decided, rows rejected or flagged, fields missing (set once the file is read). */
  read?: ReadReport;
  leads: number;
  /** Leads whose id an earlier row of the file already used (still simulated). Absent when 0. */
  duplicateIds?: number;
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

/**
 * What the summary counts of one lead, for a decider that writes no outcome (the fused row function of
 * render/fused fills one such record per lead, reused): the same parts of the outcome `addDecision` reads.
 */
export interface LeadCounts {
  /** The policies score: `grade` and `thresholds` count. */
  scored: boolean;
  grade: string | null;
  /** The thresholds reached, in model order. */
  thresholds: string[];
  /** The policies have a lifecycle: the stage counts. */
  staged: boolean;
  stageAfter: string | null;
  stageChanged: boolean;
  oscillated: boolean;
  dispositionOverdue: boolean;
  /** The routing rule that matched ("fallback"); null without routing. */
  routeRule: string | null;
  arrivedOutsideHours: boolean;
  retentionAction: string | null;
  retentionDueDate: string | null;
}

export class SummaryAccumulator {
  private readonly summary: SimulationSummary = {
    leads: 0,
    byStage: counts(),
    byGrade: counts(),
    byQueue: counts(),
    byRoutingRule: counts(),
    thresholds: counts(),
    stageChanges: 0,
    oscillations: 0,
    unassigned: 0,
    arrivedOutsideHours: 0,
    dispositionsOverdue: 0,
    retentionOverdue: counts(),
    retentionDueWithin30Days: counts(),
  };

  constructor(private readonly asOfMs: number) {}

  add(row: LeadOutcome): void {
    this.addDecision(row);
    this.addAssignment(row.route);
  }

  /** Everything but who took the lead (parallel workers count this part). */
  addDecision(row: LeadOutcome): void {
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
      count(s.byRoutingRule, row.route.rule);
      if (row.route.sla.arrivedOutsideHours) s.arrivedOutsideHours++;
    }
    const retention = row.retention;
    if (retention) this.addRetention(retention.action, retention.dueDate);
  }

  /** The same as `addDecision`, from the counted parts of a lead rather than its outcome. */
  addCounted(lead: LeadCounts): void {
    const s = this.summary;
    s.leads++;
    if (lead.scored) {
      count(s.byGrade, lead.grade ?? "none");
      for (const t of lead.thresholds) count(s.thresholds, t);
    }
    if (lead.staged) {
      count(s.byStage, lead.stageAfter ?? "none");
      if (lead.stageChanged) s.stageChanges++;
      if (lead.oscillated) s.oscillations++;
      if (lead.dispositionOverdue) s.dispositionsOverdue++;
    }
    if (lead.routeRule !== null) {
      count(s.byRoutingRule, lead.routeRule);
      if (lead.arrivedOutsideHours) s.arrivedOutsideHours++;
    }
    this.addRetention(lead.retentionAction, lead.retentionDueDate);
  }

  private addRetention(action: string | null, dueDate: string | null): void {
    if (dueDate && action && action !== "hold") {
      const dueMs = parseInstant(dueDate);
      if (dueMs <= this.asOfMs) count(this.summary.retentionOverdue, action);
      else if (dueMs <= this.asOfMs + 30 * dayMs) count(this.summary.retentionDueWithin30Days, action);
    }
  }

  /** Who took the lead: decided in input order, in the main thread. */
  addAssignment(route: Pick<RouteOutcome, "assignedQueue" | "owner"> | null): void {
    if (route) this.addAssigned(route.assignedQueue, route.owner);
  }

  /** The same, for a routed lead: the queue that took it and its owner. */
  addAssigned(assignedQueue: string | null, owner: string | null): void {
    count(this.summary.byQueue, assignedQueue ?? "unassigned");
    if (!owner) this.summary.unassigned++;
  }

  /** Adds counts kept by another accumulator (a worker's); sums do not depend on the order. */
  merge(other: SimulationSummary): void {
    const s = this.summary as unknown as Record<string, number | Record<string, number>>;
    for (const [key, value] of Object.entries(other as unknown as Record<string, number | Record<string, number>>)) {
      if (typeof value === "number") s[key] = ((s[key] as number | undefined) ?? 0) + value;
      else for (const [k, n] of Object.entries(value)) count(s[key] as Record<string, number>, k, n);
    }
  }

  /** The counts so far, as they are (for merging). */
  counts(): SimulationSummary {
    return this.summary;
  }

  duplicateId(): void {
    this.summary.duplicateIds = (this.summary.duplicateIds ?? 0) + 1;
  }

  /** A part of the input that could not be read: the summary says the file was not fully read. */
  /** The summary, starting with what was read. */
  result(read?: ReadReport): SimulationSummary {
    const s = this.summary;
    return {
      ...(read ? { read } : {}),
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

/**
 * An empty map of counts that inherits nothing: keys are ids from policies and leads, and an id named
 * `constructor` or `__proto__` must count from 0 like any other, not from something inherited.
 */
export function counts<T = number>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Adds n to a count in a map of counts (made by `counts()`). */
export function count(map: Record<string, number>, key: string, n = 1): void {
  map[key] = (Object.hasOwn(map, key) ? map[key]! : 0) + n;
}

/** The map with its keys in order, still inheriting nothing. */
export function sorted<T>(map: Record<string, T>): Record<string, T> {
  const result = counts<T>();
  for (const key of Object.keys(map).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) result[key] = map[key]!;
  return result;
}
