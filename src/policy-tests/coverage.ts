/**
 * Coverage of policy tests: which scoring rules, exclusions and resets,
 * lifecycle transitions and recycling, routing rules, content gates (opened
 * and closed) and retention rules the test cases exercised. The routing
 * fallback is a safety net and is not counted.
 */
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import type { LeadOutcome } from "../model/outcome.js";
import type { PolicyKind } from "../model/policy.js";
import type { CaseResult } from "./run-tests.js";

export interface PolicyCoverage {
  file: string;
  kind: PolicyKind;
  policy: string;
  items: string[];
  covered: string[];
  missed: string[];
  percent: number;
}

export function measureCoverage(set: PolicySet, results: readonly CaseResult[]): PolicyCoverage[] {
  const outcomes = results.map((r) => r.outcome).filter((o): o is LeadOutcome => o !== null);
  const hit = new Set<string>();
  for (const o of outcomes) {
    for (const r of o.score?.rules ?? []) hit.add(`rule ${r.id}`);
    if (o.score?.excluded) hit.add(`exclusion ${o.score.excluded}`);
    for (const d of o.score?.reset ?? []) hit.add(`reset ${d}`);
    for (const t of o.lifecycle?.path ?? []) hit.add(t === "recycle" ? "recycling" : `transition ${t}`);
    if (o.route) hit.add(`routing rule ${o.route.rule}`);
    if (o.retention?.rule) hit.add(o.retention.rule === "legal-hold" ? "legal hold" : `retention rule ${o.retention.rule}`);
  }
  for (const r of results) for (const [gate, open] of Object.entries(r.gates)) hit.add(`gate ${gate} ${open ? "open" : "closed"}`);

  const entries: [PolicyKind, string[]][] = [];
  const scoring = specOf(set, "ScoringModel");
  if (scoring) entries.push(["ScoringModel", [...scoring.rules.map((r) => `rule ${r.id}`), ...(scoring.exclusions ?? []).map((e) => `exclusion ${e.id}`), ...scoring.dimensions.filter((d) => d.resetWhen).map((d) => `reset ${d.id}`)]]);
  const lifecycle = specOf(set, "Lifecycle");
  if (lifecycle) entries.push(["Lifecycle", [...lifecycle.transitions.map((t) => `transition ${t.id}`), ...(lifecycle.recycle ? ["recycling"] : [])]]);
  const routing = specOf(set, "Routing");
  if (routing) entries.push(["Routing", routing.rules.map((r) => `routing rule ${r.id}`)]);
  const content = specOf(set, "ContentApproval");
  if (content) entries.push(["ContentApproval", content.gates.flatMap((g) => [`gate ${g.id} open`, `gate ${g.id} closed`])]);
  const retention = specOf(set, "RetentionSchedule");
  if (retention) entries.push(["RetentionSchedule", [...(retention.legalHold ? ["legal hold"] : []), ...retention.rules.map((r) => `retention rule ${r.id}`)]]);

  return entries.map(([kind, items]) => {
    const policy = set.byKind[kind]!;
    const covered = items.filter((i) => hit.has(i));
    return {
      file: policy.file,
      kind,
      policy: policy.document.metadata.name,
      items,
      covered,
      missed: items.filter((i) => !hit.has(i)),
      percent: items.length === 0 ? 100 : Math.floor((covered.length / items.length) * 1000) / 10,
    };
  });
}

