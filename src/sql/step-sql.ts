/**
 * The pipeline as SQL: a chain of named queries, each `SELECT *, <new columns> FROM <the one before>`,
 * so every column a later step reads (a condition's result, a derived fact such as `score.total`) is
 * already a column there: standard SQL, no lateral aliases. Derived facts are columns named as the fact;
 * a condition's result is the column `holds:<its key>` (`holds:rule:fit.title.vp`).
 */
import type { PolicyPlan } from "../compile/plan.js";
import type { SqlDialect, SqlType } from "../compile/sql-dialect.js";
import { UsageError } from "../diagnostics/index.js";
import { buildFactCatalogue } from "../model/facts.js";
import type { PipelineStep } from "../model/facts.js";
import { conditionSql, type ConditionSqlContext } from "./condition-sql.js";
import { orderColumn } from "./lead-columns.js";

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
  /** A window or a join that reads few columns: computed over those only (`stepQueries`). */
  narrow?: boolean;
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
  /** `expression` as the type (a NULL of it when none), spelled by the dialect. */
  cast(type: SqlType, expression?: string): string;
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
    cast: (type, expression = "NULL") => `CAST(${expression} AS ${dialect.types[type]})`,
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
    columns: context.plan.steps[step].map((listed) => {
      const comment = `${listed.role} ${listed.ruleId} (${listed.policy.file})`;
      return { name: holdsColumn(listed.key), sql: conditionOf(listed.condition, conditions, comment), comment };
    }),
  };
}

/** A condition's SQL; a usage error (a pattern the dialect refuses) names the policy element it is in. */
function conditionOf(condition: Parameters<typeof conditionSql>[0], context: ConditionSqlContext, element: string): string {
  try {
    return conditionSql(condition, context);
  } catch (error) {
    if (error instanceof UsageError && error.diagnostics.length === 0) throw new UsageError(`${element}: ${error.message}`, error.hint);
    throw error;
  }
}

/**
 * A line comment (`-- ...`, in every dialect) holding `text` with nothing that could end it: line
 * breaks and other control or format characters become spaces, so a policy id or a file name read into
 * a comment can never start a statement.
 */
export function sqlComment(text: string): string {
  return `-- ${text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, " ")}`;
}

/** SQL text, or a relation the query reads: the chain's source (null) or another query of it, by name. */
export type QueryPart = string | { relation: string | null };

/** One named query of the chain: a CTE of one query, a view of the compiled files, a dbt model. */
export interface StepQuery {
  name: string;
  /** `SELECT ... FROM <relation> AS <its name> ...`, its columns as `format` wrote them. */
  parts: QueryPart[];
  /** The step it computes; none for a query joining a narrow run back. */
  step?: SqlStep;
}

/** The alias under which a query reads the chain's source. */
const sourceAlias = "leads";

/**
 * The chain's named queries, each step as `SELECT <the columns before it, less those it defines again>,
 * <its columns> FROM <the query before>`. A dictionary field may have the name of a derived fact (`stage`);
 * from the step that derives it on, the fact is the derived one, as in the JavaScript pipeline's facts.
 * Names compare without case, as SQL's do. Every relation is read under an alias (its name, `leads` for
 * the source), so a writer may put any reference in its place (a dbt `ref`).
 *
 * A run of `narrow` steps is computed over the order column and the columns the run reads (any column
 * before it whose identifier its SQL holds), not every lead column: a window or a join materializes every
 * column it carries, and carrying the dozens of a lead's made them most of the query's cost. A query
 * named `<the run's last query>_leads` then joins the run's columns back by the order column, which is
 * unique in the leads relation. For a dialect without lateral aliases, a step whose columns read one
 * another is first split (`withoutLateralAliases`).
 */
export function stepQueries(
  initial: readonly string[],
  given: readonly SqlStep[],
  dialect: SqlDialect,
  format: { name?: (step: string) => string; column?: (column: SqlStep["columns"][number]) => string } = {},
): StepQuery[] {
  const chain = dialect.lateralAliases
    ? given
    : given.flatMap((step, i) => withoutLateralAliases(step, allNames(initial, given.slice(0, i)), dialect));
  const name = format.name ?? ((step: string) => step);
  const column = format.column ?? ((c) => `  ${c.sql} AS ${dialect.identifier(c.name)}`);
  const id = dialect.identifier;
  const alias = (relation: string | null) => id(relation ?? sourceAlias);
  const read = (relation: string | null): QueryPart[] => [{ relation }, ` AS ${alias(relation)}`];
  const queries: StepQuery[] = [];
  /** The columns of the relation the next step reads, in its order (names compare without case). */
  let columns = new Columns(initial);
  let from: string | null = null;
  /** The run of narrow steps in progress: the query before it and its columns, and the columns the run defines. */
  let run: { wide: string | null; columns: Columns; defined: string[] } | undefined;
  const joinBack = () => {
    if (!run) return;
    const defined = [...new Set(run.defined)];
    const replaced = defined.filter((c) => run!.columns.has(c));
    const narrow = queries[queries.length - 1]!.name;
    const joined = `${narrow}_leads`;
    queries.push({
      name: joined,
      parts: [
        `SELECT ${dialect.allColumns(alias(run.wide), run.columns.names(), replaced)}, ${defined.map((c) => `${id(narrow)}.${id(c)}`).join(", ")}\nFROM `,
        ...read(run.wide),
        "\nJOIN ",
        ...read(narrow),
        ` USING (${id(orderColumn)})`,
        dialect.queryEnd,
      ],
    });
    run.columns.define(defined);
    columns = run.columns;
    from = joined;
    run = undefined;
  };
  for (const [i, step] of chain.entries()) {
    if (!step.narrow) joinBack();
    const defined = step.columns.map((c) => c.name);
    let kept: string;
    if (step.narrow && !run) {
      let end = i;
      while (chain[end + 1]?.narrow) end++;
      const text = chain
        .slice(i, end + 1)
        .map((s) => [s.join ?? "", ...s.columns.map((c) => c.sql)].join(" "))
        .join(" ");
      const before = [...allNames(initial, chain.slice(0, i))];
      const reads = [orderColumn, ...before.filter((c) => c !== orderColumn && text.includes(id(c)))];
      run = { wide: from, columns, defined: [] };
      columns = new Columns(reads);
      kept = reads.map((c) => `${alias(from)}.${id(c)}`).join(", ");
    } else {
      kept = dialect.allColumns(
        alias(from),
        columns.names(),
        defined.filter((c) => columns.has(c)),
      );
    }
    const own = step.columns.map(column).join(",\n");
    queries.push({
      name: name(step.name),
      parts: [`SELECT ${kept}${own ? `,\n${own}` : ""}\nFROM `, ...read(from), step.join ? `\n${step.join}` : "", dialect.queryEnd],
      step,
    });
    columns.define(defined);
    run?.defined.push(...defined);
    from = queries[queries.length - 1]!.name;
  }
  joinBack();
  return queries;
}

/**
 * A relation's columns in order, as a step's SELECT leaves them: the columns before it, less those it
 * defines again, then its own. Names compare without case, as SQL's do.
 */
class Columns {
  #names: string[] = [];
  constructor(initial: readonly string[]) {
    this.define(initial);
  }
  has(name: string): boolean {
    return this.#names.some((c) => c.toLowerCase() === name.toLowerCase());
  }
  names(): readonly string[] {
    return this.#names;
  }
  /** `defined` at the end, replacing a column of the same name. */
  define(defined: readonly string[]): void {
    const again = new Set(defined.map((c) => c.toLowerCase()));
    this.#names = [...this.#names.filter((c) => !again.has(c.toLowerCase())), ...new Set(defined)];
  }
}

/** A query's text, its relations named by `relation`. */
export function querySql(query: StepQuery, relation: (name: string | null) => string): string {
  return query.parts.map((part) => (typeof part === "string" ? part : relation(part.relation))).join("");
}

/**
 * A step whose columns read others of its own (`score.exclusion` in scoring's), as steps each reading
 * only columns of the ones before: for an engine without lateral aliases. A column reads another when it
 * holds its identifier and no column of that name is before the step (which the engines with lateral
 * aliases read first). The last step keeps the step's name.
 */
function withoutLateralAliases(step: SqlStep, before: ReadonlySet<string>, dialect: SqlDialect): SqlStep[] {
  const known = new Set([...before].map((c) => c.toLowerCase()));
  const level = new Map<string, number>();
  for (const column of step.columns) {
    const reads = step.columns.filter(
      (other) => level.has(other.name) && !known.has(other.name.toLowerCase()) && column.sql.includes(dialect.identifier(other.name)),
    );
    level.set(column.name, Math.max(0, ...reads.map((other) => level.get(other.name)! + 1)));
  }
  const last = Math.max(0, ...level.values());
  if (last === 0) return [step];
  if (step.join) throw new Error(`the step ${step.name} joins a relation and its columns read each other`);
  return Array.from({ length: last + 1 }, (_, k) => ({
    ...step,
    name: k === last ? step.name : `${step.name}_${k + 1}`,
    columns: step.columns.filter((c) => level.get(c.name) === k),
  }));
}

/** Every column name the chain has after `steps`, in order of definition, each once. */
function allNames(initial: readonly string[], steps: readonly SqlStep[]): Set<string> {
  return new Set([...initial, ...steps.flatMap((s) => s.columns.map((c) => c.name))]);
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
  const queries = stepQueries(initial, steps, dialect);
  const relation = (name: string | null) => (name === null ? source : dialect.identifier(name));
  const parts = queries.map((q) => `${dialect.identifier(q.name)} AS (\n${querySql(q, relation)}\n)`);
  const selected = columns ? columns.map((c) => dialect.identifier(c)).join(", ") : "*";
  return `WITH\n${parts.join(",\n")}\nSELECT ${selected} FROM ${dialect.identifier(queries[queries.length - 1]!.name)}`;
}
