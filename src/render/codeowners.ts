/**
 * .github/CODEOWNERS from each policy's metadata.owners, so a change to a
 * policy needs its owning teams' approval (e.g. the retention schedule:
 * legal). Later lines win in CODEOWNERS, so policy files come after the
 * folder-wide default.
 */
import type { PolicySet } from "../analyse/policy-set.js";

export function renderCodeowners(set: PolicySet, teamPrefix: string): string {
  const team = (id: string) => `${teamPrefix}${id}`;
  const everyOwner = [...new Set(set.policies.flatMap((p) => p.document.metadata.owners))].sort();
  const lines = [
    "# Generated from metadata.owners of every policy by `leadrules owners`; do not edit.",
    "# A change to a policy needs approval from each team that owns it.",
    "",
    `/policies/tests/ ${everyOwner.map(team).join(" ")}`,
    ...set.policies.map((p) => `/${p.file} ${p.document.metadata.owners.map(team).join(" ")}`),
  ];
  return lines.join("\n") + "\n";
}
