/**
 * A row of the pipeline query (pipeline-sql.ts) as the engines' outcome of each step it covers, in the
 * shape of model/outcome.ts: what the differential tests compare, and what an SQL engine hands to the
 * writers. A step the set has no policy for is null, as in the JavaScript pipeline.
 */
import type { PolicyPlan } from "../compile/plan.js";
import type { ContentOutcome, LifecycleOutcome, RetentionOutcome, ScoreOutcome } from "../model/outcome.js";

export type SqlRow = Record<string, unknown>;

export interface SqlOutcome {
  score: ScoreOutcome | null;
  lifecycle: LifecycleOutcome | null;
  content: ContentOutcome | null;
  retention: RetentionOutcome | null;
}

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
          ...scoring.thresholds.map((t) => `threshold.${t.id}`),
          ...scoring.rules.map((r) => `holds:rule:${r.id}`),
        ]
      : []),
    ...(plan.lifecycle
      ? ["lifecycle.before", "stage", "lifecycle.path", "lifecycle.oscillation", "lifecycle.enteredAt"].concat(
          ["required", "code", "dueAt", "status"].map((f) => `disposition.${f}`),
        )
      : []),
    ...(plan.content ? ["content.eligible"] : []),
    ...(plan.retention ? ["retention.rule", "retention.action", "retention.dueDate"] : []),
  ];
}

export function outcomeReader(plan: PolicyPlan): (row: SqlRow) => SqlOutcome {
  const scoring = plan.scoring;
  const lifecycle = plan.lifecycle;
  const score = (row: SqlRow): ScoreOutcome | null =>
    scoring
      ? {
          dimensions: Object.fromEntries(scoring.dimensions.map((d) => [d.id, row[`score.${d.id}`] as number])),
          total: row["score.total"] as number,
          grade: row["score.grade"] as string | null,
          thresholds: scoring.thresholds.filter((t) => row[`threshold.${t.id}`] === true).map((t) => t.id),
          excluded: row["score.exclusion"] as string | null,
          rules: scoring.rules
            .filter((r) => row[`holds:rule:${r.id}`] === true)
            .map((r) => ({ id: r.id, dimension: r.dimension, points: r.points })),
          decay: Object.fromEntries(
            scoring.dimensions
              .filter((d) => (row[`score.${d.id}.decay`] as number) > 0)
              .map((d) => [d.id, row[`score.${d.id}.decay`] as number]),
          ),
          reset: scoring.dimensions.filter((d) => row[`score.${d.id}.reset`] === true).map((d) => d.id),
        }
      : null;
  const stage = (row: SqlRow): LifecycleOutcome | null =>
    lifecycle
      ? {
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
        }
      : null;
  const retention = (row: SqlRow): RetentionOutcome | null =>
    plan.retention
      ? {
          rule: row["retention.rule"] as string | null,
          action: row["retention.action"] as RetentionOutcome["action"],
          dueDate: row["retention.dueDate"] as string | null,
        }
      : null;
  const content = (row: SqlRow): ContentOutcome | null => (plan.content ? { eligible: row["content.eligible"] as string[] } : null);
  return (row) => ({ score: score(row), lifecycle: stage(row), content: content(row), retention: retention(row) });
}
