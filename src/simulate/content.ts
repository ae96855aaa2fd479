/**
 * Content eligibility: an asset may go to a lead when the lead's stage is one
 * the asset is meant for, every gate over the asset lets the lead pass, and
 * every approver its risk level requires approved the asset's current version
 * within the review interval, as of the as-of time.
 */
import type { PolicyPlan } from "../compile/plan.js";
import type { ContentSpec } from "../model/policy.js";
import { approvalsOf, riskLevelOf, type Approval } from "../model/content-approvals.js";
import { conditionKey } from "../model/condition-listing.js";

export interface AssetDecision {
  asset: string;
  risk: string;
  eligible: boolean;
  stageOk: boolean;
  gates: { gate: string; passed: boolean }[];
  approvals: Approval[];
}

const noAssets = Object.freeze([]) as unknown as string[];

export interface ContentJudge {
  /** Every asset's decision, with reasons (explain, tests). */
  decide(holds: boolean[], stage: string | null): AssetDecision[];
  /** Only the ids of the eligible assets: the bulk path, which allocates nothing per asset. */
  eligible(holds: boolean[], stage: string | null): string[];
}

export function createContentJudge(plan: PolicyPlan, content: ContentSpec, asOfMs: number): ContentJudge {
  // Approvals do not depend on the lead: work them out once per run.
  const approvals = new Map(content.assets.map((a) => [a.id, approvalsOf(content, a, asOfMs)]));
  const risks = new Map(content.assets.map((a) => [a.id, riskLevelOf(content, a).id]));
  const gatesOf = new Map(
    content.assets.map((a) => [
      a.id,
      content.gates.filter((g) => g.assets.includes(a.id)).map((g) => ({ id: g.id, at: plan.at("content", conditionKey("gate", g.id)) })),
    ]),
  );
  // The per-lead part is only stage and gates: approvals are settled for the whole run.
  const candidates = content.assets
    .filter((a) => approvals.get(a.id)!.every((x) => x.status === "approved"))
    .map((a) => ({ id: a.id, stages: new Set(a.stages), gates: gatesOf.get(a.id)!.map((g) => g.at) }));
  // Every lead in a stage that passes the same gates gets the same list: one frozen array, serialised once.
  const gates = [...new Set(candidates.flatMap((c) => c.gates))];
  const known = new Map<string, string[]>();
  return {
    eligible(holds, stage) {
      if (stage === null) return noAssets;
      let key = stage;
      for (const at of gates) key += holds[at] === true ? "1" : "0";
      let ids = known.get(key);
      if (ids === undefined) {
        if (known.size >= 10_000) known.clear();
        ids = Object.freeze(
          candidates.filter((c) => c.stages.has(stage) && c.gates.every((at) => holds[at] === true)).map((c) => c.id),
        ) as string[];
        known.set(key, ids);
      }
      return ids;
    },
    decide(holds, stage) {
      return content.assets.map((asset) => {
        const stageOk = stage !== null && asset.stages.includes(stage);
        const gates = gatesOf.get(asset.id)!.map((g) => ({ gate: g.id, passed: holds[g.at] === true }));
        const assetApprovals = approvals.get(asset.id)!;
        const eligible = stageOk && gates.every((g) => g.passed) && assetApprovals.every((a) => a.status === "approved");
        return { asset: asset.id, risk: risks.get(asset.id)!, eligible, stageOk, gates, approvals: assetApprovals };
      });
    },
  };
}
