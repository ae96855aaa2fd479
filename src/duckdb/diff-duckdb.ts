/**
 * `diff --engine duckdb`: the behaviour diff with both versions' pipelines compiled to SQL and run in
 * embedded DuckDB, counting what the compiled engine's diff counts (diff/diff-leads.ts).
 *
 * Each record is read once, through both versions' intakes (each counts it by its own dictionary and read
 * settings, as the compiled diff's do), and each version's leads go into a leads table of their own; versions
 * that read every record alike (the same dictionary and read settings) share one table. Each version's
 * pipeline query decides its leads and assigns its owners in input order over the leads that version read,
 * as its Assigner would; the two are joined on the input order, and SQL compares the fields the assignment
 * cannot change (`comparedFields`: score points, grade, stage, SLA, content, retention), so that only the
 * leads that may differ come back whole. Such a lead is decided again by each version's JavaScript pipeline
 * from the lead its table holds, for the rules behind the change and its description, as decide-pair.ts's
 * fused path does; every other lead comes back as what `keptForAssignment` keeps (id, total, thresholds,
 * exclusion, the route's rule, queue and assignment), so the accumulator counts every lead in input order.
 */
import { isDeepStrictEqual } from "node:util";
import type { PolicyPlan } from "../compile/plan.js";
import { sqlDialects } from "../compile/sql-dialect.js";
import { BehaviourAccumulator, defaultTopLimit, type AccumulatorOptions, type BehaviourDiff } from "../diff/behaviour-diff.js";
import { noteInput, type ReadOptions } from "../input/intake.js";
import type { ReadReport } from "../input/read-report.js";
import { defaultMemoryLimit, explainDuckDbError, openDuckDb } from "../load/duckdb-database.js";
import type { LeadInput } from "../load/lead-input.js";
import type { Lead } from "../model/lead.js";
import type { LeadOutcome } from "../model/outcome.js";
import type { PolicySet } from "../model/policy-set.js";
import { createSimulator, type Simulator } from "../simulate/simulate-leads.js";
import { businessIntervalsRelation } from "../sql/business-intervals.js";
import { createLeadsTable, leadColumns, orderColumn } from "../sql/lead-columns.js";
import { pipelineQuery } from "../sql/pipeline-sql.js";
import { outcomeColumns, type SqlRow } from "../sql/read-outcome.js";
import { jsonRows } from "./json-rows.js";
import { LeadStaging } from "./stage-leads.js";
import type { DuckDbOptions } from "./simulate-duckdb.js";
import { loadBusinessIntervals } from "./load-intervals.js";

const dialect = sqlDialects.duckdb;
const q = (name: string) => dialect.identifier(name);
const sides = ["base", "head"] as const;
type Side = (typeof sides)[number];

/** The column of the joined rows that says the lead may differ in a field the assignment cannot change. */
const differsColumn = "differs";
const leadColumn = (side: Side) => `${side}:lead`;
const sideColumn = (side: Side, column: string) => `${side}:${column}`;

/** The outcome columns an unchanged lead is counted from: what `keptForAssignment` keeps, with the assignment. */
const slimColumns = (plan: PolicyPlan): string[] => [
  ...(plan.scoring ? ["score.total", "score.grade", "score.thresholds", "score.exclusion"] : []),
  ...(plan.lifecycle ? ["stage"] : []),
  ...(plan.routing ? ["route.rule", "route.queue", "route.assignedQueue", "route.owner"] : []),
];

export async function diffBehaviourDuckDb(
  base: PolicySet,
  head: PolicySet,
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  asOf: string,
  reads: [ReadOptions, ReadOptions],
  accumulate: AccumulatorOptions = { topLimit: defaultTopLimit },
  onProgress?: (leads: number) => void,
  options: DuckDbOptions = {},
): Promise<{ behaviour: BehaviourDiff; reads: [ReadReport, ReadReport] }> {
  const versions = [createSimulator(base, { asOf, ...reads[0] }), createSimulator(head, { asOf, ...reads[1] })] as const;
  const plans = [versions[0].plan, versions[1].plan] as const;
  const [baseIntake, headIntake] = [versions[0].intake, versions[1].intake];
  // As in decide-pair.ts: versions that read every record into the same lead normalize it once (and take or reject it alike).
  const readAlike =
    isDeepStrictEqual(plans[0].dictionary, plans[1].dictionary) &&
    isDeepStrictEqual(baseIntake.normalizer.settings, headIntake.normalizer.settings);
  const tables: Record<Side, string> = readAlike ? { base: "leads", head: "leads" } : { base: "leads_base", head: "leads_head" };
  const columns = plans.map((p) => leadColumns(p.dictionary));

  const memoryLimit = options.memoryLimit ?? defaultMemoryLimit;
  const database = await openDuckDb({ memoryLimit, threads: options.threads ?? 1 });
  const { connection } = database;
  try {
    // Reading: every record through both intakes, in input order; each version's leads into its table.
    for (const [i, side] of sides.entries()) await connection.run(createLeadsTable(plans[i]!.dictionary, dialect, tables[side]));
    const stagings = (readAlike ? [tables.base] : [tables.base, tables.head]).map((table, i) =>
      LeadStaging.in(database.folder, table, columns[i]!),
    );
    let order = 0;
    /** The leads both versions took: the rows the comparison must give back. */
    let decidedByBoth = 0;
    for await (const input of inputs) {
      if (!("record" in input)) {
        for (const version of versions) noteInput(version.intake, input);
        continue;
      }
      const { values, row } = input.record;
      const normalized = readAlike ? baseIntake.normalizer.normalize(values, row) : undefined;
      const taken = versions.map((v) => v.take(values, row, normalized));
      // The order is the record's, shared by both tables, so the two sides join on it.
      order++;
      if (taken[0] && taken[1]) decidedByBoth++;
      if (readAlike) {
        if (!taken[0] !== !taken[1]) throw new Error(`row ${row}: versions that read alike took it differently`);
        if (taken[0]) stagings[0]!.add(taken[0].lead, order);
      } else taken.forEach((t, i) => t && stagings[i]!.add(t.lead, order));
      // Progress is the reading's: the queries that follow report none.
      if (onProgress && order % 1000 === 0) onProgress(order);
    }
    for (const [i, staging] of stagings.entries()) await staging.load(connection, tables[sides[i]!], dialect);

    // Deciding: each version's query over its leads (owners assigned in the order of the leads it read), kept for the join.
    for (const [i, side] of sides.entries()) {
      const plan = plans[i]!;
      if (plan.routing) await loadBusinessIntervals(connection, plan.routing, tables[side]);
      const selected = [orderColumn, plan.dictionary.idField, ...outcomeColumns(plan)];
      await connection.run(
        `CREATE TEMP TABLE ${decidedTable(side)} AS ${pipelineQuery(plan, dialect, versions[i]!.asOfMs, tables[side], selected)}`,
      );
      // The other version lays out its own calendars.
      await connection.run(`DROP TABLE IF EXISTS ${q(businessIntervalsRelation)}`);
    }

    // Comparing: the leads both versions decided, in input order.
    const accumulator = new BehaviourAccumulator(head, accumulate);
    const slim = sides.map((side, i) => slimOutcome(plans[i]!, side));
    const again = sides.map((side, i) => decideAgain(versions[i]!, side, readAlike ? "base" : side));
    for await (const rows of jsonRows(connection, comparisonQuery(plans, tables), orderColumn, decidedByBoth, dialect)) {
      for (const row of rows) {
        const arrivals = [arrivalOf(row, "base"), arrivalOf(row, "head")] as const;
        if (row[differsColumn] !== true) accumulator.assigned(accumulator.decided(slim[0]!(row), slim[1]!(row), true, arrivals));
        else accumulator.assigned(accumulator.decided(again[0]!(row), again[1]!(row), false, arrivals));
      }
    }
    return { behaviour: accumulator.result(), reads: [baseIntake.report(), headIntake.report()] };
  } catch (error) {
    throw explainDuckDbError(error, memoryLimit);
  } finally {
    database.close();
  }
}

const decidedTable = (side: Side) => `decided_${side}`;

function arrivalOf(row: SqlRow, side: Side): number | null {
  const ms = row[sideColumn(side, "arrival")];
  return ms === null || ms === undefined ? null : Number(ms);
}

/**
 * The join of both versions' decisions on the input order: each side's id and slim columns, whether the
 * lead may differ, and for those that may, each side's lead as its table holds it.
 */
function comparisonQuery(plans: readonly [PolicyPlan, PolicyPlan], tables: Record<Side, string>): string {
  const order = q(orderColumn);
  const selected = sides.flatMap((side, i) => {
    const alias = side === "base" ? "b" : "h";
    return [`${alias}.${q(plans[i]!.dictionary.idField)} AS ${q(sideColumn(side, "id"))}`].concat(
      slimColumns(plans[i]!).map((c) => `${alias}.${q(c)} AS ${q(sideColumn(side, c))}`),
    );
  });
  // A shared table's lead is read once, as the base's.
  const held = tables.base === tables.head ? (["base"] as const) : sides;
  // Each version's arrival, as its routing reads it, for the volumes by week (BehaviourDiff.volumes).
  const arrivals = sides.map((side, i) => {
    const fact = plans[i]!.routing?.arrivalFact;
    const from = tables.base === tables.head ? "base" : side;
    return `${fact === undefined ? "NULL" : dialect.epochMs(`${from}.${q(fact)}`)} AS ${q(sideColumn(side, "arrival"))}`;
  });
  return [
    `SELECT p.*, ${[...held.map((side) => `CASE WHEN p.${q(differsColumn)} THEN ${side} END AS ${q(leadColumn(side))}`), ...arrivals].join(", ")}`,
    "FROM (",
    `  SELECT b.${order}, ${selected.join(", ")}, (${differsSql(plans)}) AS ${q(differsColumn)}`,
    `  FROM ${decidedTable("base")} b JOIN ${decidedTable("head")} h ON b.${order} = h.${order}`,
    ") p",
    ...held.map((side) => `JOIN ${tables[side]} ${side} ON ${side}.${order} = p.${order}`),
  ].join("\n");
}

/**
 * Whether the two sides may differ in a compared field other than the assignment's (`comparedFields` less
 * queue and owner, which `assigned` compares). It may say so of a lead that does not (the lead is then
 * compared whole), never the other way: a step only one version has differs wherever it decides.
 */
function differsSql([base, head]: readonly [PolicyPlan, PolicyPlan]): string {
  const terms: string[] = [];
  const column = (alias: "b" | "h", name: string) => `${alias}.${q(name)}`;
  // A field's values on both sides, NULL where a version lacks the step (the outcome's field is then null).
  const compare = (name: string, has: readonly [boolean, boolean]) => {
    if (has[0] || has[1]) terms.push(`${has[0] ? column("b", name) : "NULL"} IS DISTINCT FROM ${has[1] ? column("h", name) : "NULL"}`);
  };
  // The score: its total and points by dimension id; other dimensions, or scoring on one side only, differ wherever scored.
  const dimensions = [base, head].map((p) => p.scoring?.dimensions.map((d) => d.id).sort() ?? []);
  if (base.scoring && head.scoring && isDeepStrictEqual(dimensions[0], dimensions[1]))
    for (const name of ["score.total", ...dimensions[0]!.map((id) => `score.${id}`)]) compare(name, [true, true]);
  else if (base.scoring || head.scoring) terms.push("TRUE");
  compare("score.grade", [!!base.scoring, !!head.scoring]);
  compare("score.thresholds", [!!base.scoring, !!head.scoring]);
  compare("stage", [!!base.lifecycle, !!head.lifecycle]);
  if (base.routing && head.routing)
    for (const name of ["route.sla.firstTouchDue", "route.sla.escalateAt", "route.sla.reassignAt", "route.sla.arrivedOutsideHours"])
      compare(name, [true, true]);
  else if (base.routing || head.routing) terms.push("TRUE");
  compare("content.eligible", [!!base.content, !!head.content]);
  compare("retention.action", [!!base.retention, !!head.retention]);
  compare("retention.dueDate", [!!base.retention, !!head.retention]);
  return terms.length > 0 ? terms.join(" OR ") : "FALSE";
}

/** An unchanged lead's side as `keptForAssignment` keeps it, with its exclusion and its assignment. */
function slimOutcome(plan: PolicyPlan, side: Side): (row: SqlRow) => LeadOutcome {
  const at = (c: string) => sideColumn(side, c);
  const [id, total, grade, thresholds, excluded] = [
    at("id"),
    at("score.total"),
    at("score.grade"),
    at("score.thresholds"),
    at("score.exclusion"),
  ];
  const [rule, queue, assignedQueue, owner] = [at("route.rule"), at("route.queue"), at("route.assignedQueue"), at("route.owner")];
  return (row) =>
    ({
      id: String(row[id] ?? ""),
      score: plan.scoring ? { total: row[total], grade: row[grade], thresholds: row[thresholds], excluded: row[excluded] } : null,
      lifecycle: plan.lifecycle ? { after: row[at("stage")] } : null,
      route:
        plan.routing && row[queue] !== null
          ? { rule: row[rule], queue: row[queue], assignedQueue: row[assignedQueue], owner: row[owner] }
          : null,
    }) as LeadOutcome;
}

/**
 * A lead that may differ, decided by the version's JavaScript pipeline from the lead its table holds (the
 * lead of `from`'s column when both share one), with the owner the SQL assigned. Each version decides a
 * lead of its own: the pipelines write derived facts on it.
 */
function decideAgain(version: Simulator, side: Side, from: Side): (row: SqlRow) => LeadOutcome {
  const fields = leadColumns(version.plan.dictionary)
    .map((c) => c.name)
    .filter((name) => name !== orderColumn);
  const [held, assignedQueue, owner] = [leadColumn(from), sideColumn(side, "route.assignedQueue"), sideColumn(side, "route.owner")];
  return (row) => {
    const values = row[held] as Record<string, unknown>;
    const lead: Lead = Object.create(null);
    for (const name of fields) lead[name] = (values[name] ?? null) as Lead[string];
    const outcome = version.decideTakenSync({ lead, flagged: [], problems: [] });
    if (outcome.route) {
      outcome.route.assignedQueue = row[assignedQueue] as string | null;
      outcome.route.owner = row[owner] as string | null;
    }
    return outcome;
  };
}
