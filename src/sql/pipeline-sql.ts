/**
 * The whole pipeline as one SQL query over the leads relation: each kind the policy set has, in
 * pipeline order (model/facts.ts), as the chain of step-sql.ts. `sqlSteps` says which steps the SQL
 * compiler covers so far for a set (issue 16 adds them one by one; the rest stay with the JavaScript engines).
 */
import type { PolicyPlan } from "../compile/plan.js";
import type { SqlDialect } from "../compile/sql-dialect.js";
import type { PipelineStep } from "../model/facts.js";
import { contentSteps } from "./content-sql.js";
import { lifecycleSteps } from "./lifecycle-sql.js";
import { retentionSteps } from "./retention-sql.js";
import { scoreSteps } from "./score-sql.js";
import { chainSql, type SqlStep, stepSqlContext } from "./step-sql.js";

/** Routing is not compiled yet, and content gates may read `route.queue`: content waits for it. */
export function sqlSteps(plan: PolicyPlan): PipelineStep[] {
  return ["score", "lifecycle", ...(plan.routing ? [] : (["content"] as const)), "retention"];
}

export function pipelineSteps(plan: PolicyPlan, dialect: SqlDialect, asOfMs: number): SqlStep[] {
  const context = stepSqlContext(plan, dialect, asOfMs);
  return [
    ...(plan.scoring ? scoreSteps(plan.scoring, context) : []),
    ...(plan.lifecycle ? lifecycleSteps(plan.lifecycle, context) : []),
    ...(plan.content && !plan.routing ? contentSteps(plan.content, context) : []),
    ...(plan.retention ? retentionSteps(plan.retention, context) : []),
  ];
}

/** The query deciding every lead of `source` (a table or view with the leads relation's columns), selecting `columns` (all). */
export function pipelineQuery(plan: PolicyPlan, dialect: SqlDialect, asOfMs: number, source: string, columns?: readonly string[]): string {
  return chainSql(source, pipelineSteps(plan, dialect, asOfMs), dialect, columns);
}
