/**
 * The whole pipeline as one SQL query over the leads relation: each kind the policy set has, in
 * pipeline order (model/facts.ts), as the chain of step-sql.ts.
 */
import type { PolicyPlan } from "../compile/plan.js";
import type { SqlDialect } from "../compile/sql-dialect.js";
import { contentSteps } from "./content-sql.js";
import { leadColumns } from "./lead-columns.js";
import { lifecycleSteps } from "./lifecycle-sql.js";
import { retentionSteps } from "./retention-sql.js";
import { routeSteps } from "./route-sql.js";
import { scoreSteps } from "./score-sql.js";
import { chainSql, type SqlStep, stepSqlContext } from "./step-sql.js";

export function pipelineSteps(plan: PolicyPlan, dialect: SqlDialect, asOfMs: number): SqlStep[] {
  const context = stepSqlContext(plan, dialect, asOfMs);
  return [
    ...(plan.scoring ? scoreSteps(plan.scoring, context) : []),
    ...(plan.lifecycle ? lifecycleSteps(plan.lifecycle, context) : []),
    ...(plan.routing ? routeSteps(plan.routing, context) : []),
    ...(plan.content ? contentSteps(plan.content, context) : []),
    ...(plan.retention ? retentionSteps(plan.retention, context) : []),
  ];
}

/**
 * The query deciding every lead of `source` (a table or view with the leads relation's columns), selecting
 * `columns` (all). With routing, it reads the business-interval relation too (business-intervals.ts), which
 * the engine creates first for the years of the leads' arrivals.
 */
export function pipelineQuery(plan: PolicyPlan, dialect: SqlDialect, asOfMs: number, source: string, columns?: readonly string[]): string {
  const initial = leadColumns(plan.dictionary).map((c) => c.name);
  return chainSql(source, initial, pipelineSteps(plan, dialect, asOfMs), dialect, columns);
}
