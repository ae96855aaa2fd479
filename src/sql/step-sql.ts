/**
 * The pipeline as SQL: a chain of named queries, each `SELECT *, <new columns> FROM <the one before>`,
 * so every column a later step reads (a condition's result, a derived fact such as `score.total`) is
 * already a column there: standard SQL, no lateral aliases. Derived facts are columns named as the fact;
 * a condition's result is the column `holds:<its key>` (`holds:rule:fit.title.vp`).
 */
import type { PolicyPlan } from "../compile/plan.js";
import type { SqlDialect } from "../compile/sql-dialect.js";
import { buildFactCatalogue } from "../model/facts.js";
import type { PipelineStep } from "../model/facts.js";
import { conditionSql, type ConditionSqlContext } from "./condition-sql.js";

/**
 * One query of the chain: its name (a view or CTE) and the columns it adds, as `expression AS name`. A
 * step may look one row up in a relation beside the leads (`join`: a clause from the dialect, such as
 * `nextRowJoin`); its columns then read the relation's columns through the join's alias, and the step
 * still keeps every row of the one before, once, with exactly its columns plus the new ones.
 */
export interface SqlStep {
  name: string;
  /** Each column: `sql AS name`, and what it comes from, for a reader of the generated SQL. */
  columns: { name: string; sql: string; comment?: string }[];
  join?: string;
}

export interface StepSqlContext {
  plan: PolicyPlan;
  dialect: SqlDialect;
  asOfMs: number;
  /** The condition of a step by key, as a column reference. */
  holds(key: string): string;
  /** A literal. */
  literal(value: unknown): string;
  /** A column by name. */
  column(name: string): string;
}

export const holdsColumn = (key: string) => `holds:${key}`;

export function stepSqlContext(plan: PolicyPlan, dialect: SqlDialect, asOfMs: number): StepSqlContext {
  return {
    plan,
    dialect,
    asOfMs,
    holds: (key) => dialect.identifier(holdsColumn(key)),
    literal: (value) => dialect.literal(value),
    column: (name) => dialect.identifier(name),
  };
}

/** The query that evaluates every condition of one step, as `holds:<key>` columns. */
export function conditionsStep(step: PipelineStep, context: StepSqlContext): SqlStep {
  const facts = buildFactCatalogue(context.plan.set);
  const conditions: ConditionSqlContext = {
    dialect: context.dialect,
    asOfMs: context.asOfMs,
    fact: (name) => {
      const info = facts.get(name);
      // A fact the set does not define reads as undefined in JavaScript (json-rules-engine's
      // allowUndefinedFacts): no value, which every comparison treats as a lead without one.
      if (!info) return { column: "NULL", type: "string" };
      return { column: context.column(name), type: info.type };
    },
  };
  return {
    name: `${step}_conditions`,
    columns: context.plan.steps[step].map((listed) => ({
      name: holdsColumn(listed.key),
      sql: conditionSql(listed.condition, conditions),
      comment: `${listed.role} ${listed.ruleId} (${listed.policy.file})`,
    })),
  };
}

/**
 * A line comment (`-- ...`, in every dialect) holding `text` with nothing that could end it: line
 * breaks and other control or format characters become spaces, so a policy id or a file name read into
 * a comment can never start a statement.
 */
export function sqlComment(text: string): string {
  return `-- ${text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, " ")}`;
}

/**
 * What each step keeps of the columns before it: all of them, less those it defines again. A dictionary
 * field may have the name of a derived fact (`stage`); from the step that derives it on, the fact is the
 * derived one, as in the JavaScript pipeline's facts. Names compare without case, as SQL's do.
 */
export function keptColumns(initial: readonly string[], steps: readonly SqlStep[], dialect: SqlDialect): string[] {
  const seen = new Set(initial.map((name) => name.toLowerCase()));
  return steps.map((step, i) => {
    const replaced = step.columns.map((c) => c.name).filter((name) => seen.has(name.toLowerCase()));
    for (const c of step.columns) seen.add(c.name.toLowerCase());
    return dialect.allColumns(step.join ? (i === 0 ? undefined : dialect.identifier(steps[i - 1]!.name)) : undefined, replaced);
  });
}

/**
 * The chain as one query over `source` (whose columns are `initial`): a WITH clause of the steps, selecting
 * `columns` (every column) of the last.
 */
export function chainSql(
  source: string,
  initial: readonly string[],
  steps: readonly SqlStep[],
  dialect: SqlDialect,
  columns?: readonly string[],
): string {
  const kept = keptColumns(initial, steps, dialect);
  const parts = steps.map((step, i) => {
    const from = i === 0 ? source : dialect.identifier(steps[i - 1]!.name);
    const columns = step.columns.map((c) => `    ${c.sql} AS ${dialect.identifier(c.name)}`).join(",\n");
    return `${dialect.identifier(step.name)} AS (\n  SELECT ${kept[i]}${columns ? `,\n${columns}` : ""}\n  FROM ${from}${step.join ? `\n  ${step.join}` : ""}\n)`;
  });
  const selected = columns ? columns.map((c) => dialect.identifier(c)).join(", ") : "*";
  return `WITH\n${parts.join(",\n")}\nSELECT ${selected} FROM ${dialect.identifier(steps[steps.length - 1]!.name)}`;
}
