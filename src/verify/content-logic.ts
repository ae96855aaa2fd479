/** Content: gates no lead in the assets' stages passes, and assets missing an approval of their current version. */
import type { Check } from "../analyse/check.js";
import { problemAt } from "../analyse/check.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { riskLevelOf } from "../model/content-approvals.js";
import { analysisFor, approximate } from "./analysis.js";
import { inWords, meanings } from "./finding-words.js";

export const contentLogic: Check = {
  name: "content-logic",
  description:
    "Gates no lead in the asset's stages can pass (stage, scores and queue decided as the pipeline does), and assets missing approvals of their current version.",
  codes: ["logic/gate-unsatisfiable", "logic/approval-missing"],
  check(ctx) {
    const a = analysisFor(ctx);
    const content = a?.plan.content;
    const policy = ctx.set.byKind.ContentApproval;
    if (!a || !content || !policy) return [];
    const problems: Diagnostic[] = [];
    content.gates.forEach((g, i) => {
      const at = { policy, pointer: `/spec/gates/${i}`, ruleId: g.id };
      const stages = [...new Set(content.assets.filter((x) => g.assets.includes(x.id)).flatMap((x) => x.stages))];
      const result = a.solve(
        { all: [g.when, ...(stages.length && a.plan.lifecycle ? [{ fact: "stage", operator: "in" as const, value: stages }] : [])] },
        { ...at, asks: `whether a lead in ${stages.join(", ")} can pass gate \`${g.id}\`` },
      );
      if (result.witness || !result.complete) return;
      if (!a.solve(g.when, { ...at, asks: `whether gate \`${g.id}\` can hold` }).witness) return; // a contradiction, reported by its own check
      problems.push(
        problemAt(
          policy,
          at.pointer,
          "logic/gate-unsatisfiable",
          `gate \`${g.id}\` (${inWords(g.when)}) cannot be passed by any lead in the stages its assets are for (${stages.join(", ")})${meanings(a.plan, g.when)}: every way into those stages, with the scores and queue such a lead gets, was tried${approximate(result.inexact)}`,
          "Loosen the gate or change the assets' stages.",
          { severity: "warning", ruleId: g.id },
        ),
      );
    });
    content.assets.forEach((asset, i) => {
      const level = riskLevelOf(content, asset);
      for (const role of level.approvers) {
        const forRole = asset.approvals.filter((p) => p.role === role);
        if (forRole.some((p) => p.version === asset.version)) continue;
        const other = forRole.map((p) => p.version);
        problems.push(
          problemAt(
            policy,
            `/spec/assets/${i}`,
            "logic/approval-missing",
            `asset \`${asset.id}\` (${level.id} risk) has no ${role} approval of its current version ${asset.version}${other.length ? ` (only of version ${other.join(", ")})` : ""}, so it is never sent`,
            `Record the ${role} approval of version ${asset.version}, or roll the asset back.`,
            { severity: "warning", ruleId: asset.id },
          ),
        );
      }
    });
    return problems;
  },
};
