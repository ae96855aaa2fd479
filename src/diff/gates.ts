/**
 * Change-control gates (`diff --check`). The semver rule for policies:
 * - MAJOR: something others rely on is removed (a field, picklist value,
 *   stage, queue, rule, category, asset...) or a field changes type;
 * - MINOR: any other change to what the policy decides (conditions, points,
 *   thresholds, caps, SLAs, calendars, retention periods, approvals...);
 * - PATCH: documentation only (descriptions, labels, names, legal basis).
 * A version may go up more than required, never less, never down, and every
 * bump needs a `metadata.changes` entry for the new version. Removing a whole
 * policy (deleting its file, or moving it where the policies folder does not
 * read it) always fails: no version is left to record the break.
 */
import semver from "semver";
import type { Diagnostic } from "../diagnostics/index.js";
import type { PolicySet } from "../model/policy-set.js";
import type { PolicyChange } from "./semantic-diff.js";

export type Bump = "none" | "patch" | "minor" | "major";
const rank: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export interface GateViolation {
  file: string;
  policy: string;
  message: string;
}

/** A violation as a diagnostic at its policy file, so it prints through the formatters of every problem. */
export function gateDiagnostics(violations: readonly GateViolation[]): Diagnostic[] {
  return violations.map((v) => ({
    code: "diff/version-gate",
    severity: "error",
    message: v.message,
    location: { file: v.file },
    subject: v.policy,
  }));
}

export function requiredBump(change: PolicyChange): Bump {
  const breaking =
    change.items.some((i) => i.change === "removed") ||
    change.items.some((i) => i.item.startsWith("field ") && i.details.some((d) => d.startsWith("type ")));
  if (breaking) return "major";
  if (change.decisionChanged) return "minor";
  if (change.specChanged) return "patch";
  return "none";
}

export function actualBump(from: string, to: string): Bump | "down" {
  if (semver.lt(to, from)) return "down";
  if (semver.eq(to, from)) return "none";
  return (semver.diff(from, to) ?? "patch").replace(/^pre/, "") as Bump;
}

export function checkGates(changes: readonly PolicyChange[], head: PolicySet, usage: ReadonlyMap<string, number>): GateViolation[] {
  const violations: GateViolation[] = [];
  for (const change of changes) {
    const v = (message: string) => violations.push({ file: change.file, policy: change.policy, message });
    if (change.baseVersion && !change.headVersion) {
      v(
        `the ${change.kind} policy ${change.policy} ${change.baseVersion} was removed: every decision it made stops; keep the policy (a new version may narrow it), or merge the removal as an audited override of this check`,
      );
      continue;
    }
    if (!change.baseVersion || !change.headVersion) continue;
    const required = requiredBump(change);
    const actual = actualBump(change.baseVersion, change.headVersion);
    if (actual === "down") {
      v(`version went down: ${change.baseVersion} -> ${change.headVersion}`);
      continue;
    }
    if (rank[actual] < rank[required]) {
      const next = semver.inc(change.baseVersion, required as semver.ReleaseType)!;
      v(
        `${required === "major" ? "a breaking change" : required === "minor" ? "a behaviour change" : "a documentation change"} without the version bump it needs: ${change.baseVersion} -> ${change.headVersion}, needs at least ${next} (${required.toUpperCase()})`,
      );
    }
    if (actual !== "none") {
      const policy = head.policies.find((p) => p.file === change.file);
      const logged = policy?.document.metadata.changes?.some((c) => c.version === change.headVersion);
      if (!logged)
        v(`version ${change.headVersion} has no entry in metadata.changes; add { version: ${change.headVersion}, date, summary }`);
    }
    for (const item of change.items.filter((i) => i.change === "removed")) {
      const uses = usage.get(item.item) ?? 0;
      if (uses > 0) v(`removed ${item.item} is still used by ${uses} lead(s); migrate them first or keep it`);
    }
  }
  return violations;
}
