/**
 * The lifecycle as SQL: the meaning of simulate/lifecycle.ts. The walk (recycle on inactivity, then the
 * first guarded transition out of the current stage until none applies, cut short at a stage already
 * visited) is unrolled: one query per round, as many rounds as the JavaScript loop can take
 * (transitions + 1), each adding the round's stage, path, visited stages and whether the walk ended.
 * Guards read only facts from before the lifecycle, so each is one column evaluated once.
 * Columns: `lifecycle.before`, `stage` (the derived fact), `lifecycle.path`, `lifecycle.oscillation`,
 * `lifecycle.enteredAt`, and `disposition.required`, `.code`, `.dueAt`, `.status`.
 */
import { conditionKey } from "../model/condition-listing.js";
import type { LifecycleSpec } from "../model/policy.js";
import { conditionsStep, type SqlStep, type StepSqlContext } from "./step-sql.js";

const dayMs = 86_400_000;
const hourMs = 3_600_000;

export function lifecycleSteps(lifecycle: LifecycleSpec, context: StepSqlContext): SqlStep[] {
  const { holds, literal, column, dialect } = context;
  const list = (values: readonly string[]) => dialect.textList(values);
  const inList = (value: string, values: readonly string[]) =>
    values.length === 0 ? "FALSE" : `coalesce(${value} IN (${values.map(literal).join(", ")}), FALSE)`;
  const initial = lifecycle.stages.find((s) => s.initial)?.id ?? null;
  const before = column("lifecycle.before");
  const text = (value: string | null) => (value === null ? "CAST(NULL AS VARCHAR)" : literal(value));

  const start: SqlStep = {
    name: "lifecycle_start",
    columns: [{ name: "lifecycle.before", sql: `CAST(${column(lifecycle.stageFact)} AS VARCHAR)` }],
  };
  // Round 0: the recorded stage (or the initial one), recycled when inactive too long.
  const recorded = `coalesce(${before}, ${text(initial)})`;
  const recycle = lifecycle.recycle;
  const recycled = recycle
    ? `(${inList(recorded, recycle.from)} AND coalesce(floor((${literal(context.asOfMs)} - ${dialect.epochMs(column(recycle.activityFact))}) / ${literal(dayMs)}) > ${literal(recycle.afterDays)}, FALSE))`
    : "FALSE";
  const round = (i: number, name: string) => column(`lifecycle.${i}.${name}`);
  const rounds: SqlStep[] = [
    {
      name: "lifecycle_round_0",
      columns: [
        { name: "lifecycle.0.recycled", sql: recycled },
        { name: "lifecycle.0.stage", sql: recycle ? `CASE WHEN ${recycled} THEN ${literal(recycle.to)} ELSE ${recorded} END` : recorded },
        { name: "lifecycle.0.path", sql: recycle ? `CASE WHEN ${recycled} THEN ${list(["recycle"])} ELSE ${list([])} END` : list([]) },
        // The stages visited, in order and each once, as the JavaScript Set holds them.
        {
          name: "lifecycle.0.visited",
          sql: `CASE WHEN ${recorded} IS NULL THEN ${list([])} ${
            recycle
              ? `WHEN ${recycled} AND ${recorded} <> ${literal(recycle.to)} THEN ${dialect.listAppend(dialect.listAppend(list([]), recorded), literal(recycle.to))} `
              : ""
          }ELSE ${dialect.listAppend(list([]), recorded)} END`,
        },
        { name: "lifecycle.0.oscillation", sql: "CAST(NULL AS VARCHAR[])" },
        { name: "lifecycle.0.done", sql: "FALSE" },
      ],
    },
  ];
  const transitions = lifecycle.transitions;
  const targetOf = (fired: string) =>
    transitions.length === 0
      ? "CAST(NULL AS VARCHAR)"
      : `CASE ${transitions.map((t) => `WHEN ${fired} = ${literal(t.id)} THEN ${literal(t.to)}`).join(" ")} END`;
  for (let i = 1; i <= transitions.length + 1; i++) {
    const stage = round(i - 1, "stage");
    const fired =
      transitions.length === 0
        ? "CAST(NULL AS VARCHAR)"
        : `CASE WHEN ${round(i - 1, "done")} OR ${stage} IS NULL THEN NULL ${transitions
            .map((t) => `WHEN ${inList(stage, t.from)} AND ${holds(conditionKey("transition", t.id))} THEN ${literal(t.id)}`)
            .join(" ")} ELSE NULL END`;
    rounds.push({ name: `lifecycle_round_${i}_fires`, columns: [{ name: `lifecycle.${i}.fired`, sql: fired }] });
    const firedColumn = round(i, "fired");
    const target = targetOf(firedColumn);
    const visited = round(i - 1, "visited");
    const again = `coalesce(${dialect.listPosition(visited, target)}, 0) > 0`;
    rounds.push({
      name: `lifecycle_round_${i}`,
      columns: [
        { name: `lifecycle.${i}.stage`, sql: `CASE WHEN ${firedColumn} IS NULL THEN ${stage} ELSE ${target} END` },
        {
          name: `lifecycle.${i}.path`,
          sql: `CASE WHEN ${firedColumn} IS NULL THEN ${round(i - 1, "path")} ELSE ${dialect.listAppend(round(i - 1, "path"), firedColumn)} END`,
        },
        {
          name: `lifecycle.${i}.visited`,
          sql: `CASE WHEN ${firedColumn} IS NULL OR ${again} THEN ${visited} ELSE ${dialect.listAppend(visited, target)} END`,
        },
        {
          name: `lifecycle.${i}.oscillation`,
          sql: `CASE WHEN ${firedColumn} IS NOT NULL AND ${again} THEN ${dialect.listAppend(dialect.listFrom(visited, dialect.listPosition(visited, target)), target)} ELSE ${round(i - 1, "oscillation")} END`,
        },
        { name: `lifecycle.${i}.done`, sql: `(${round(i - 1, "done")} OR ${firedColumn} IS NULL OR ${again})` },
      ],
    });
  }
  const last = transitions.length + 1;
  const after = column("stage");
  const asOfIso = literal(new Date(context.asOfMs).toISOString());
  const entered = lifecycle.stageEnteredFact ? `CAST(${column(lifecycle.stageEnteredFact)} AS VARCHAR)` : "CAST(NULL AS VARCHAR)";
  const outcome: SqlStep = {
    name: "lifecycle",
    columns: [
      { name: "stage", sql: round(last, "stage") },
      { name: "lifecycle.path", sql: round(last, "path") },
      { name: "lifecycle.oscillation", sql: round(last, "oscillation") },
    ],
  };
  const enteredStep: SqlStep = {
    name: "lifecycle_entered",
    columns: [{ name: "lifecycle.enteredAt", sql: `CASE WHEN ${after} IS DISTINCT FROM ${before} THEN ${asOfIso} ELSE ${entered} END` }],
  };
  return [conditionsStep("lifecycle", context), start, ...rounds, outcome, enteredStep, ...dispositionSteps(lifecycle, context)];
}

function dispositionSteps(lifecycle: LifecycleSpec, context: StepSqlContext): SqlStep[] {
  const { literal, column, dialect } = context;
  const rules = lifecycle.dispositions;
  const stage = column("stage");
  const required = rules ? `coalesce(${stage} IN (${rules.stages.map(literal).join(", ") || "NULL"}), FALSE)` : "FALSE";
  if (!rules)
    return [
      {
        name: "lifecycle_disposition",
        columns: [
          { name: "disposition.required", sql: "FALSE" },
          { name: "disposition.code", sql: "CAST(NULL AS VARCHAR)" },
          { name: "disposition.dueMs", sql: "CAST(NULL AS DOUBLE)" },
          { name: "disposition.dueAt", sql: "CAST(NULL AS VARCHAR)" },
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
        { name: "disposition.code", sql: `CASE WHEN ${required} THEN CAST(${column(rules.codeFact)} AS VARCHAR) ELSE NULL END` },
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
