/**
 * A row of the pipeline query (pipeline-sql.ts) as the engines' outcome of each step it covers, in the
 * shape of model/outcome.ts: what the differential tests compare, and what an SQL engine hands to the
 * writers. A step the set has no policy for is null, as in the JavaScript pipeline.
 */
import type { PolicyPlan } from "../compile/plan.js";
import type { ContentOutcome, LifecycleOutcome, RetentionOutcome, RouteOutcome, ScoreOutcome } from "../model/outcome.js";

export type SqlRow = Record<string, unknown>;

export interface SqlOutcome {
  score: ScoreOutcome | null;
  lifecycle: LifecycleOutcome | null;
  route: RouteOutcome | null;
  content: ContentOutcome | null;
  retention: RetentionOutcome | null;
}

const dispositionFields = ["required", "code", "dueAt", "status"] as const;
const routeColumns = [
  "route.rule",
  "route.queue",
  "route.assignedQueue",
  "route.owner",
  "route.sla.firstTouchDue",
  "route.sla.escalateAt",
  "route.sla.reassignAt",
  "route.sla.arrivedOutsideHours",
];

/** The columns `outcomeReader` reads: what an engine selects from the pipeline query, not its every column. */
export function outcomeColumns(plan: PolicyPlan): string[] {
  const scoring = plan.scoring;
  return [
    ...(scoring
      ? [
          ...scoring.dimensions.flatMap((d) => [`score.${d.id}`, `score.${d.id}.decay`, `score.${d.id}.reset`]),
          "score.total",
          "score.grade",
          "score.exclusion",
          "score.thresholds",
          "score.rules",
        ]
      : []),
    ...(plan.lifecycle
      ? [
          "lifecycle.before",
          "stage",
          "lifecycle.path",
          "lifecycle.oscillation",
          "lifecycle.enteredAt",
          ...dispositionFields.map((f) => `disposition.${f}`),
        ]
      : []),
    ...(plan.routing ? routeColumns : []),
    ...(plan.content ? ["content.eligible"] : []),
    ...(plan.retention ? ["retention.rule", "retention.action", "retention.dueDate"] : []),
  ];
}

/** Reads rows; column names and rule outcomes are worked out once (rows come by the million). */
export function outcomeReader(plan: PolicyPlan): (row: SqlRow) => SqlOutcome {
  const scoring = plan.scoring;
  const lifecycle = plan.lifecycle;
  const dimensions = (scoring?.dimensions ?? []).map((d) => ({
    id: d.id,
    points: `score.${d.id}`,
    decay: `score.${d.id}.decay`,
    reset: `score.${d.id}.reset`,
  }));
  // One frozen outcome per rule, shared by every lead it holds for, as the pipeline's scorer shares them.
  const rules = new Map((scoring?.rules ?? []).map((r) => [r.id, Object.freeze({ id: r.id, dimension: r.dimension, points: r.points })]));
  const score = (row: SqlRow): ScoreOutcome => {
    const byDimension: Record<string, number> = {};
    const decay: Record<string, number> = {};
    const reset: string[] = [];
    for (const d of dimensions) {
      byDimension[d.id] = row[d.points] as number;
      const lost = row[d.decay] as number;
      if (lost > 0) decay[d.id] = lost;
      if (row[d.reset] === true) reset.push(d.id);
    }
    return {
      dimensions: byDimension,
      total: row["score.total"] as number,
      grade: row["score.grade"] as string | null,
      thresholds: row["score.thresholds"] as string[],
      excluded: row["score.exclusion"] as string | null,
      rules: (row["score.rules"] as string[]).map((id) => rules.get(id)!),
      decay,
      reset,
    };
  };
  const stage = (row: SqlRow): LifecycleOutcome => ({
    before: row["lifecycle.before"] as string | null,
    after: row.stage as string | null,
    path: row["lifecycle.path"] as string[],
    oscillation: row["lifecycle.oscillation"] as string[] | null,
    enteredAt: row["lifecycle.enteredAt"] as string | null,
    disposition: {
      required: row["disposition.required"] as boolean,
      code: row["disposition.code"] as string | null,
      dueAt: row["disposition.dueAt"] as string | null,
      status: row["disposition.status"] as LifecycleOutcome["disposition"]["status"],
    },
  });
  const retention = (row: SqlRow): RetentionOutcome => ({
    rule: row["retention.rule"] as string | null,
    action: row["retention.action"] as RetentionOutcome["action"],
    dueDate: row["retention.dueDate"] as string | null,
  });
  const route = (row: SqlRow): RouteOutcome => ({
    rule: row["route.rule"] as string,
    queue: row["route.queue"] as string,
    assignedQueue: row["route.assignedQueue"] as string | null,
    owner: row["route.owner"] as string | null,
    sla: {
      firstTouchDue: row["route.sla.firstTouchDue"] as string | null,
      escalateAt: row["route.sla.escalateAt"] as string | null,
      reassignAt: row["route.sla.reassignAt"] as string | null,
      arrivedOutsideHours: row["route.sla.arrivedOutsideHours"] as boolean,
    },
  });
  const content = plan.content !== undefined;
  return (row) => ({
    score: scoring ? score(row) : null,
    lifecycle: lifecycle ? stage(row) : null,
    route: plan.routing ? route(row) : null,
    content: content ? { eligible: row["content.eligible"] as string[] } : null,
    retention: plan.retention ? retention(row) : null,
  });
}
