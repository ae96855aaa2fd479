/**
 * The schema-valid policies, one per kind, as the later stages use them.
 */
import type { LoadedPolicy } from "./loaded-policy.js";
import type { PolicyKind, SpecByKind } from "./policy.js";

export interface PolicySet {
  /** Every schema-valid policy, sorted by file. */
  policies: LoadedPolicy[];
  byKind: { [K in PolicyKind]?: LoadedPolicy<K> };
}

export function specOf<K extends PolicyKind>(set: PolicySet, kind: K): SpecByKind[K] | undefined {
  return set.byKind[kind]?.document.spec as SpecByKind[K] | undefined;
}

export function buildPolicySet(policies: readonly LoadedPolicy[]): PolicySet {
  const sorted = [...policies].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const byKind: PolicySet["byKind"] = {};
  for (const policy of sorted) {
    (byKind as Record<string, LoadedPolicy>)[policy.document.kind] ??= policy;
  }
  return { policies: sorted, byKind };
}
