/**
 * Scoring as SQL: the meaning of simulate/score.ts (points per dimension from the rules that hold, capped,
 * decayed by inactivity, reset, floored; an excluded lead scores each floor and reaches no threshold), as
 * columns named after the derived facts (`score.<dimension>`, `score.total`, `score.grade`,
 * `score.excluded`, `threshold.<id>`) plus `score.exclusion` (the exclusion's id) and, per dimension,
 * `score.<dimension>.decay` (points lost) and `score.<dimension>.reset`. Sums are written in rule order,
 * as JavaScript adds them, so fractional points round alike.
 */
import { conditionKey } from "../model/condition-listing.js";
import type { ScoringSpec } from "../model/policy.js";
import { conditionsStep, type SqlStep, type StepSqlContext } from "./step-sql.js";

const dayMs = 86_400_000;

export function scoreSteps(scoring: ScoringSpec, context: StepSqlContext): SqlStep[] {
  const { holds, literal, column, dialect, cast } = context;
  const exclusions = scoring.exclusions ?? [];
  const excluded = column("score.exclusion");

  const raw: SqlStep = {
    name: "score_points",
    columns: [
      {
        name: "score.exclusion",
        sql:
          exclusions.length === 0
            ? cast("text")
            : `CASE ${exclusions.map((e) => `WHEN ${holds(conditionKey("exclusion", e.id))} THEN ${literal(e.id)}`).join(" ")} ELSE NULL END`,
      },
      ...scoring.dimensions.flatMap((d) => {
        const rules = scoring.rules.filter((r) => r.dimension === d.id);
        const sum = rules.reduce(
          (total, r) => `(${total} + CASE WHEN ${holds(conditionKey("rule", r.id))} THEN ${literal(r.points)} ELSE ${literal(0)} END)`,
          literal(0),
        );
        const capped = dialect.lesser(literal(d.cap), sum);
        let lost = literal(0);
        if (d.decay) {
          const days = `floor((${literal(context.asOfMs)} - ${dialect.epochMs(column(d.decay.fact))}) / ${literal(dayMs)})`;
          lost = `CASE WHEN ${days} > 0 THEN floor(${days} / ${literal(d.decay.everyDays)}) * ${literal(d.decay.points)} ELSE ${literal(0)} END`;
        }
        return [
          { name: `score.${d.id}.capped`, sql: capped },
          { name: `score.${d.id}.decay`, sql: `CASE WHEN ${excluded} IS NULL THEN ${lost} ELSE ${literal(0)} END` },
          { name: `score.${d.id}.reset`, sql: d.resetWhen ? `(${excluded} IS NULL AND ${holds(conditionKey("reset", d.id))})` : "FALSE" },
        ];
      }),
    ],
  };

  const points: SqlStep = {
    name: "score_dimensions",
    columns: scoring.dimensions.map((d) => {
      const floor = literal(d.floor ?? 0);
      const decay = column(`score.${d.id}.decay`);
      const decayed = `CASE WHEN ${decay} > 0 THEN ${column(`score.${d.id}.capped`)} - ${decay} ELSE ${column(`score.${d.id}.capped`)} END`;
      const kept = `CASE WHEN ${column(`score.${d.id}.reset`)} THEN ${floor} ELSE ${decayed} END`;
      return { name: `score.${d.id}`, sql: `CASE WHEN ${excluded} IS NOT NULL THEN ${floor} ELSE ${dialect.greater(floor, kept)} END` };
    }),
  };

  const total = scoring.dimensions.reduce((sum, d) => `(${sum} + ${column(`score.${d.id}`)})`, literal(0));
  const graded = scoring.dimensions.some((d) => d.id === scoring.grades.dimension)
    ? column(`score.${scoring.grades.dimension}`)
    : literal(0);
  const value = (key: string) =>
    key === "total" ? column("score.total") : scoring.dimensions.some((d) => d.id === key) ? column(`score.${key}`) : literal(0);
  const outcome: SqlStep = {
    name: "score",
    columns: [
      { name: "score.total", sql: total },
      {
        name: "score.grade",
        sql:
          scoring.grades.bands.length === 0
            ? cast("text")
            : `CASE ${scoring.grades.bands.map((b) => `WHEN ${graded} >= ${literal(b.min)} THEN ${literal(b.grade)}`).join(" ")} ELSE NULL END`,
      },
      { name: "score.excluded", sql: `(${excluded} IS NOT NULL)` },
    ],
  };
  const thresholds: SqlStep = {
    name: "score_thresholds",
    columns: scoring.thresholds.map((t) => {
      const minimums = Object.entries(t.minimums).map(([key, min]) => `${value(key)} >= ${literal(min ?? 0)}`);
      return { name: `threshold.${t.id}`, sql: `(${excluded} IS NULL${minimums.map((m) => ` AND ${m}`).join("")})` };
    }),
  };
  // The ids of the rules that held and the thresholds reached, in the model's order: what an engine reads back.
  const ids = (items: readonly { id: string }[], holds: (id: string) => string) =>
    items.reduce(
      (list, item) =>
        dialect.listConcat(list, `CASE WHEN ${holds(item.id)} THEN ${dialect.textList([item.id])} ELSE ${dialect.textList([])} END`),
      dialect.textList([]),
    );
  const lists: SqlStep = {
    name: "score_lists",
    columns: [
      { name: "score.rules", sql: ids(scoring.rules, (id) => holds(conditionKey("rule", id))) },
      { name: "score.thresholds", sql: ids(scoring.thresholds, (id) => column(`threshold.${id}`)) },
    ],
  };
  return [conditionsStep("score", context), raw, points, outcome, thresholds, lists];
}
