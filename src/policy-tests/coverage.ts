/**
 * Coverage of policy tests: which scoring rules, exclusions and resets,
 * lifecycle transitions and recycling, routing rules, content gates (opened
 * and closed), retention rules and nurture programs the test cases exercised.
 * The routing fallback is a safety net and is not counted. A NurtureProgram's
 * items are its programs (a case's lead is in it), tracks (taken), steps
 * (the next touch), branches (taken to the next touch), exits (their
 * condition held) and escalations (they handed the lead to sales).
 */
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import type { LeadOutcome } from "../model/outcome.js";
import type { PolicyKind } from "../model/policy.js";
import type { CaseResult } from "./run-tests.js";
import { coverageItem, listConditions, type ConditionRole } from "../model/condition-listing.js";
import type { NurtureSpec } from "../model/policy.js";

const coveredKinds: PolicyKind[] = ["ScoringModel", "Lifecycle", "Routing", "ContentApproval", "RetentionSchedule", "NurtureProgram"];
/** Reports list a policy's items by role, exclusions before resets, as they always have; within a role in policy order. */
const reportOrder: ConditionRole[] = ["rule", "exclusion", "reset", "transition", "route", "gate", "hold", "retention"];
/** Recycling is a lifecycle path without a condition of its own; it is covered too. */
const recycling = "recycling";

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
    for (const r of o.score?.rules ?? []) hit.add(coverageItem("rule", r.id));
    if (o.score?.excluded) hit.add(coverageItem("exclusion", o.score.excluded));
    for (const d of o.score?.reset ?? []) hit.add(coverageItem("reset", d));
    for (const t of o.lifecycle?.path ?? []) hit.add(t === "recycle" ? recycling : coverageItem("transition", t));
    if (o.route) hit.add(coverageItem("route", o.route.rule));
    if (o.retention?.rule)
      hit.add(o.retention.rule === "legal-hold" ? coverageItem("hold", "legal-hold") : coverageItem("retention", o.retention.rule));
  }
  for (const r of results) for (const [gate, open] of Object.entries(r.gates)) hit.add(coverageItem("gate", gate, open));
  for (const r of results) {
    if (!r.nurture) continue;
    const { decision: d, exitsHeld } = r.nurture;
    for (const exit of exitsHeld) hit.add(coverageItem("exit", exit));
    if (d.program === null) continue;
    hit.add(nurtureItem.program(d.program));
    if (d.escalation) hit.add(coverageItem("escalation", `${d.program}/${d.escalation.id}`));
    if (d.track !== null) hit.add(coverageItem("track", `${d.program}/${d.track}`));
    if (d.track !== null && d.next) hit.add(nurtureItem.step(d.program, d.track, d.next.step));
    if (d.next?.branch) hit.add(coverageItem("branch", `${d.program}/${d.next.branch}`));
  }

  const listed = listConditions(set).filter((c) => c.evaluated);
  const entries: [PolicyKind, string[]][] = [];
  for (const kind of coveredKinds) {
    if (!set.byKind[kind]) continue;
    if (kind === "NurtureProgram") {
      entries.push([kind, nurtureItems(specOf(set, "NurtureProgram")!)]);
      continue;
    }
    const items = listed
      .filter((c) => c.policy.document.kind === kind)
      .sort((x, y) => reportOrder.indexOf(x.role) - reportOrder.indexOf(y.role))
      .flatMap((c) =>
        c.role === "gate"
          ? [coverageItem("gate", c.elementId, true), coverageItem("gate", c.elementId, false)]
          : [coverageItem(c.role, c.elementId)],
      );
    if (kind === "Lifecycle" && specOf(set, "Lifecycle")?.recycle) items.push(recycling);
    entries.push([kind, items]);
  }

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

/** The items of a nurture program that are no condition of their own: the program, and a track's step. */
const nurtureItem = {
  program: (program: string) => `program ${program}`,
  step: (program: string, track: string, step: string) => `step ${program}/${track}/${step}`,
};

/** A NurtureProgram's coverage items, program by program in policy order: the program, each track and its steps and branches, its exits and escalations. */
function nurtureItems(spec: NurtureSpec): string[] {
  return spec.programs.flatMap((p) => [
    nurtureItem.program(p.id),
    ...p.tracks.flatMap((t) => [
      coverageItem("track", `${p.id}/${t.id}`),
      ...t.steps.map((s) => nurtureItem.step(p.id, t.id, s.id)),
      ...t.steps.flatMap((s) => (s.branches ?? []).map((b) => coverageItem("branch", `${p.id}/${b.id}`))),
    ]),
    ...p.exits.map((e) => coverageItem("exit", `${p.id}/${e.id}`)),
    ...(p.escalations ?? []).map((e) => coverageItem("escalation", `${p.id}/${e.id}`)),
  ]);
}
