/**
 * Retention as SQL: the meaning of simulate/retention.ts. Legal hold first; otherwise the first rule
 * whose condition holds decides the action and the due day (its trigger date plus keepDays, as a UTC
 * day). Columns: `retention.rule`, `retention.action`, `retention.dueDate`.
 */
import { conditionKey } from "../model/condition-listing.js";
import type { RetentionSpec } from "../model/policy.js";
import { conditionsStep, type SqlStep, type StepSqlContext } from "./step-sql.js";

const dayMs = 86_400_000;

export function retentionSteps(retention: RetentionSpec, context: StepSqlContext): SqlStep[] {
  const { holds, literal, column, dialect, cast } = context;
  const hold = retention.legalHold ? `WHEN ${holds(conditionKey("hold", "legal-hold"))} ` : "";
  const firstOf = (onHold: string, each: (rule: RetentionSpec["rules"][number]) => string) => {
    const cases = retention.rules.map((r) => `WHEN ${holds(conditionKey("retention", r.id))} THEN ${each(r)}`);
    return hold || cases.length > 0 ? `CASE ${hold ? `${hold}THEN ${onHold} ` : ""}${cases.join(" ")} ELSE NULL END` : cast("text");
  };
  return [
    conditionsStep("retention", context),
    {
      name: "retention",
      columns: [
        { name: "retention.rule", sql: firstOf(literal("legal-hold"), (r) => literal(r.id)) },
        { name: "retention.action", sql: firstOf(literal("hold"), (r) => literal(r.action)) },
        {
          name: "retention.dueDate",
          sql: firstOf(cast("text"), (r) => dialect.dayOfMs(`${dialect.epochMs(column(r.from))} + ${literal(r.keepDays * dayMs)}`)),
        },
      ],
    },
  ];
}
