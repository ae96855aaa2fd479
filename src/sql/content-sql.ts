/**
 * Content eligibility as SQL: the meaning of simulate/content.ts. Approvals depend on the policy and the
 * as-of time only, so they are settled here, when the SQL is generated (model/content-approvals.ts): an
 * asset not approved by every role its risk level requires is never eligible and is left out of the
 * SQL. The others are eligible for a lead whose stage is one of theirs and that passes every gate over
 * them, listed in the policy's order. Column: `content.eligible`.
 */
import { conditionKey } from "../model/condition-listing.js";
import { approvalsOf } from "../model/content-approvals.js";
import type { ContentSpec } from "../model/policy.js";
import { conditionsStep, type SqlStep, type StepSqlContext } from "./step-sql.js";

export function contentSteps(content: ContentSpec, context: StepSqlContext): SqlStep[] {
  const { holds, literal, column, dialect, plan, cast } = context;
  const stage =
    plan.lifecycle || plan.dictionary.objects.some((o) => o.fields.some((f) => f.name === "stage")) ? column("stage") : cast("text");
  const candidates = content.assets.filter((a) => approvalsOf(content, a, context.asOfMs).every((x) => x.status === "approved"));
  const eligibleOne = (asset: (typeof candidates)[number]) => {
    const gates = content.gates.filter((g) => g.assets.includes(asset.id)).map((g) => holds(conditionKey("gate", g.id)));
    const stageOk = asset.stages.length === 0 ? "FALSE" : `coalesce(${stage} IN (${asset.stages.map(literal).join(", ")}), FALSE)`;
    return `CASE WHEN ${[stageOk, ...gates].join(" AND ")} THEN ${dialect.textList([asset.id])} ELSE ${dialect.textList([])} END`;
  };
  const eligible = candidates.map(eligibleOne).reduce((all, one) => dialect.listConcat(all, one), dialect.textList([]));
  return [conditionsStep("content", context), { name: "content", columns: [{ name: "content.eligible", sql: eligible }] }];
}
