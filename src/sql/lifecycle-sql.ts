/**
 * The lifecycle as SQL: the meaning of simulate/lifecycle.ts. The walk (recycle on inactivity, then the
 * first guarded transition out of the current stage until none applies, cut short at a stage already
 * visited) is laid out at compile time as a tree of every walk the transitions allow (lifecycleWalks):
 * the SQL picks a walk by which guards hold, and its stage, path and oscillation are literals of that
 * walk. Guards read only facts from before the lifecycle, so each is one column evaluated once.
 * Columns: `lifecycle.before`, `stage` (the derived fact), `lifecycle.path`, `lifecycle.oscillation`,
 * `lifecycle.enteredAt`, and `disposition.required`, `.code`, `.dueAt`, `.status`.
 */
import { conditionKey } from "../model/condition-listing.js";
import type { LifecycleSpec } from "../model/policy.js";
import { UsageError } from "../diagnostics/index.js";
import { conditionsStep, type SqlStep, type StepSqlContext } from "./step-sql.js";

const dayMs = 86_400_000;
const hourMs = 3_600_000;

export function lifecycleSteps(lifecycle: LifecycleSpec, context: StepSqlContext): SqlStep[] {
  const { holds, literal, column, dialect, cast } = context;
  const list = (values: readonly string[]) => dialect.textList(values);
  const inList = (value: string, values: readonly string[]) =>
    values.length === 0 ? "FALSE" : `coalesce(${value} IN (${values.map(literal).join(", ")}), FALSE)`;
  const initial = lifecycle.stages.find((s) => s.initial)?.id ?? null;
  const before = column("lifecycle.before");
  const recorded = column("lifecycle.recorded");
  const recycled = column("lifecycle.recycled");
  const text = (value: string | null) => (value === null ? cast("text") : literal(value));

  const start: SqlStep = {
    name: "lifecycle_start",
    columns: [{ name: "lifecycle.before", sql: cast("text", column(lifecycle.stageFact)) }],
  };
  // The recorded stage (or the initial one), and whether it is recycled for inactivity.
  const recycle = lifecycle.recycle;
  const origin: SqlStep = {
    name: "lifecycle_origin",
    columns: [
      { name: "lifecycle.recorded", sql: `coalesce(${before}, ${text(initial)})` },
      {
        name: "lifecycle.recycled",
        sql: recycle
          ? `(${inList(`coalesce(${before}, ${text(initial)})`, recycle.from)} AND coalesce(floor((${literal(context.asOfMs)} - ${dialect.epochMs(column(recycle.activityFact))}) / ${literal(dayMs)}) > ${literal(recycle.afterDays)}, FALSE))`
          : "FALSE",
      },
    ],
  };

  const walks = lifecycleWalks(lifecycle);
  const guard = (t: Transition) => holds(conditionKey("transition", t.id));
  const node = (n: WalkNode): string =>
    "walk" in n
      ? literal(n.walk)
      : `CASE ${n.next.map(({ transition, then }) => `WHEN ${guard(transition)} THEN ${node(then)}`).join(" ")} ELSE ${literal(n.otherwise)} END`;
  const roots = [
    ...walks.recycled.map(({ from, root }) => `WHEN ${recycled} AND ${recorded} = ${literal(from)} THEN ${node(root)}`),
    ...walks.recorded.map(({ from, root }) => `WHEN ${recorded} = ${literal(from)} THEN ${node(root)}`),
  ];
  const walk = column("lifecycle.walk");
  const byWalk = (value: (w: Walk) => string) =>
    walks.ends.length === 0
      ? value(stayed)
      : `CASE ${walk} ${walks.ends.map((w, i) => `WHEN ${literal(i)} THEN ${value(w)}`).join(" ")} END`;
  const walked: SqlStep = {
    name: "lifecycle_walk",
    columns: [{ name: "lifecycle.walk", sql: roots.length === 0 ? literal(0) : `CASE ${roots.join(" ")} ELSE ${literal(0)} END` }],
  };
  const after = column("stage");
  const asOfIso = literal(new Date(context.asOfMs).toISOString());
  const entered = lifecycle.stageEnteredFact ? cast("text", column(lifecycle.stageEnteredFact)) : cast("text");
  const outcome: SqlStep = {
    name: "lifecycle",
    columns: [
      { name: "stage", sql: byWalk((w) => (w.stage === null ? recorded : literal(w.stage))) },
      { name: "lifecycle.path", sql: byWalk((w) => list(w.path)) },
      { name: "lifecycle.oscillation", sql: byWalk((w) => (w.oscillation ? list(w.oscillation) : cast("textList"))) },
    ],
  };
  const enteredStep: SqlStep = {
    name: "lifecycle_entered",
    columns: [{ name: "lifecycle.enteredAt", sql: `CASE WHEN ${dialect.distinct(after, before)} THEN ${asOfIso} ELSE ${entered} END` }],
  };
  return [conditionsStep("lifecycle", context), start, origin, walked, outcome, enteredStep, ...dispositionSteps(lifecycle, context)];
}

type Transition = LifecycleSpec["transitions"][number];

/** Where a walk ends: its stage (null: the recorded one, nothing having moved it), path and oscillation. */
interface Walk {
  stage: string | null;
  path: string[];
  oscillation: string[] | null;
}
const stayed: Walk = { stage: null, path: [], oscillation: null };

/** A point of the walk: the guards tried in order, each leading on, else the walk ends here (by its number). */
type WalkNode = { walk: number } | { next: { transition: Transition; then: WalkNode }[]; otherwise: number };

/** More points than this and the walks are refused: the SQL would be too large to read or plan. */
const maxWalkNodes = 20_000;

/**
 * Every walk simulate/lifecycle.ts can take, as a tree per starting point, laid out here rather than
 * unrolled in the SQL: the walk's state (stage, path, stages visited) is known at every point but for
 * which guards hold, so the SQL is one CASE over the guards, each its own column read once, and every
 * outcome a literal chosen by the walk's number. Rounds of SQL each reading the round before several
 * times grew exponentially when an optimizer inlined them (a filter on `stage` pushed down took DuckDB
 * past 10 GB); this tree is as large as the walks are many.
 */
function lifecycleWalks(lifecycle: LifecycleSpec) {
  const ends: Walk[] = [stayed];
  const endOf = new Map<string, number>([[JSON.stringify(stayed), 0]]);
  const end = (walk: Walk) => {
    const key = JSON.stringify(walk);
    if (!endOf.has(key)) endOf.set(key, ends.push(walk) - 1);
    return endOf.get(key)!;
  };
  let nodes = 0;
  const transitions = lifecycle.transitions;
  /** The walk from `stage` (moved there by `path`, `visited` in order), after `steps` of the loop. */
  const from = (stage: string, path: string[], visited: string[], steps: number, moved: boolean): WalkNode => {
    if (++nodes > maxWalkNodes)
      throw new UsageError(
        `the lifecycle's transitions allow more than ${maxWalkNodes} distinct walks, too many to compile to SQL`,
        "Simplify the transitions (fewer stages each transition leaves from), or decide these leads with simulate.",
      );
    const stop = end({ stage: moved ? stage : null, path, oscillation: null });
    if (steps > transitions.length) return { walk: stop };
    const next = transitions
      .filter((t) => t.from.includes(stage))
      .map((transition) => {
        const to = transition.to;
        const walked = [...path, transition.id];
        const at = visited.indexOf(to);
        const then: WalkNode =
          at >= 0
            ? { walk: end({ stage: to, path: walked, oscillation: [...visited.slice(at), to] }) }
            : from(to, walked, [...visited, to], steps + 1, true);
        return { transition, then };
      });
    return next.length === 0 ? { walk: stop } : { next, otherwise: stop };
  };
  const stages = [...new Set(transitions.flatMap((t) => t.from))];
  const recycle = lifecycle.recycle;
  return {
    recycled: (recycle?.from ?? []).map((r) => ({
      from: r,
      root: from(recycle!.to, ["recycle"], r === recycle!.to ? [r] : [r, recycle!.to], 0, true),
    })),
    recorded: stages.map((s) => ({ from: s, root: from(s, [], [s], 0, false) })),
    ends,
  };
}

function dispositionSteps(lifecycle: LifecycleSpec, context: StepSqlContext): SqlStep[] {
  const { literal, column, dialect, cast } = context;
  const rules = lifecycle.dispositions;
  const stage = column("stage");
  const required = rules ? `coalesce(${stage} IN (${rules.stages.map(literal).join(", ") || "NULL"}), FALSE)` : "FALSE";
  if (!rules)
    return [
      {
        name: "lifecycle_disposition",
        columns: [
          { name: "disposition.required", sql: "FALSE" },
          { name: "disposition.code", sql: cast("text") },
          { name: "disposition.dueMs", sql: cast("double") },
          { name: "disposition.dueAt", sql: cast("text") },
          { name: "disposition.status", sql: literal("not-required") },
        ],
      },
    ];
  const entered = column("lifecycle.enteredAt");
  const dueMs = column("disposition.dueMs");
  const code = column("disposition.code");
  const valid =
    rules.codes.length === 0
      ? "FALSE"
      : `(${rules.codes.map((c) => `(${code} = ${literal(c.code)} AND coalesce(${stage} IN (${c.stages.map(literal).join(", ") || "NULL"}), FALSE))`).join(" OR ")})`;
  const late = `(${dueMs} IS NOT NULL AND coalesce(${dialect.epochMs(column(rules.loggedAtFact))} > ${dueMs}, FALSE))`;
  return [
    {
      name: "lifecycle_disposition_due",
      columns: [
        { name: "disposition.required", sql: required },
        { name: "disposition.code", sql: `CASE WHEN ${required} THEN ${cast("text", column(rules.codeFact))} ELSE NULL END` },
        {
          name: "disposition.dueMs",
          sql: `CASE WHEN ${required} AND ${entered} IS NOT NULL THEN ${dialect.epochMs(entered)} + ${literal(rules.deadlineHours * hourMs)} ELSE NULL END`,
        },
      ],
    },
    {
      name: "lifecycle_disposition",
      columns: [
        { name: "disposition.dueAt", sql: dialect.isoOfMs(dueMs) },
        {
          name: "disposition.status",
          sql: `CASE WHEN NOT ${column("disposition.required")} THEN ${literal("not-required")} WHEN ${code} IS NOT NULL THEN (CASE WHEN NOT ${valid} THEN ${literal("invalid-code")} WHEN ${late} THEN ${literal("logged-late")} ELSE ${literal("logged")} END) WHEN ${dueMs} IS NOT NULL AND ${literal(context.asOfMs)} > ${dueMs} THEN ${literal("overdue")} ELSE ${literal("pending")} END`,
        },
      ],
    },
  ];
}
