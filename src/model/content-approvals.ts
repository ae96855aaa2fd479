/**
 * Content approvals as of a time: an asset's risk level (the highest whose topics it touches) and, per
 * role that level requires, whether that role approved the asset's current version within the review
 * interval. They depend on the policy and the as-of time only, never on a lead, so every engine (the
 * pipeline, the fused rows, the SQL) works them out once per run from here.
 */
import type { Asset, ContentSpec, RiskLevel } from "./policy.js";

const dayMs = 86_400_000;

export type ApprovalStatus = "approved" | "missing" | "other-version" | "expired" | "not-yet";

export interface Approval {
  role: string;
  status: ApprovalStatus;
  date: string | null;
  expiresOn: string | null;
}

/** The highest risk level whose topics the asset touches; the lowest level otherwise. */
export function riskLevelOf(content: ContentSpec, asset: Asset): RiskLevel {
  let level = content.riskLevels[0]!;
  for (const candidate of content.riskLevels) {
    if (candidate.topics.some((t) => asset.topics.includes(t))) level = candidate;
  }
  return level;
}

/** Approval status per required role of the asset's current version, as of a time. */
export function approvalsOf(content: ContentSpec, asset: Asset, asOfMs: number): Approval[] {
  return approvalsOfVersion(content, asset, asset.version, asOfMs);
}

/**
 * Approval status per required role of one version of the asset, as of a time: what a send of that version
 * at that time had (the audit of a send log). The roles are the asset's risk level's approvers today.
 */
export function approvalsOfVersion(content: ContentSpec, asset: Asset, version: string, asOfMs: number): Approval[] {
  const level = riskLevelOf(content, asset);
  return level.approvers.map((role) => {
    const forRole = asset.approvals.filter((a) => a.role === role);
    const current = forRole.filter((a) => a.version === version).sort((a, b) => (a.date < b.date ? 1 : -1));
    if (current.length === 0) {
      return { role, status: forRole.length > 0 ? "other-version" : "missing", date: null, expiresOn: null };
    }
    const latest = current[0]!;
    const givenMs = Date.parse(latest.date);
    const expiresMs = givenMs + level.reviewEveryDays * dayMs;
    const expiresOn = new Date(expiresMs).toISOString().slice(0, 10);
    const status: ApprovalStatus = givenMs > asOfMs ? "not-yet" : asOfMs >= expiresMs ? "expired" : "approved";
    return { role, status, date: latest.date, expiresOn };
  });
}
