/**
 * Behavioural impact: both versions simulated on the same leads at the same
 * as-of time, compared lead by lead. Holds aggregates plus a bounded list of
 * the most changed leads, each with the rule ids responsible on both sides.
 */
import type { PolicySet } from "../analyse/policy-set.js";
import { specOf } from "../analyse/policy-set.js";
import type { LeadInput } from "../load/read-leads.js";
import type { LeadOutcome } from "../model/outcome.js";
import { simulateLeads } from "../simulate/simulate-leads.js";
import { sorted } from "../simulate/summary.js";

export const comparedFields = ["score", "grade", "stage", "queue", "owner", "sla", "content", "retentionAction", "retentionDate"] as const;
export type ComparedField = (typeof comparedFields)[number];

export interface ChangedLead {
  id: string;
  fields: ComparedField[];
  before: string;
  after: string;
  /** Rules that decided the changed fields, per side. */
  baseRules: string[];
  headRules: string[];
  scoreDelta: number;
}

export interface BehaviourDiff {
  leads: number;
  changedLeads: number;
  changes: Record<ComparedField, number>;
  /** base stage -> head stage -> count, for leads whose stage changed. */
  stageMatrix: Record<string, Record<string, number>>;
  queueMoves: Record<string, number>;
  histogram: { bin: string; base: number; head: number }[];
  nearThreshold: { threshold: string; minimum: number; leads: number; examples: string[] }[];
  top: ChangedLead[];
  topLimit: number;
}

const fieldValue: Record<ComparedField, (o: LeadOutcome) => unknown> = {
  score: (o) => [o.score?.total ?? null, o.score?.dimensions ?? null],
  grade: (o) => o.score?.grade ?? null,
  stage: (o) => o.lifecycle?.after ?? null,
  queue: (o) => o.route?.assignedQueue ?? null,
  owner: (o) => o.route?.owner ?? null,
  sla: (o) => o.route?.sla ?? null,
  content: (o) => o.content?.eligible ?? null,
  retentionAction: (o) => o.retention?.action ?? null,
  retentionDate: (o) => o.retention?.dueDate ?? null,
};

function describe(o: LeadOutcome, fields: readonly ComparedField[]): string {
  const parts: string[] = [];
  for (const f of fields) {
    if (f === "score") parts.push(`score ${o.score?.total ?? "-"}`);
    else if (f === "grade") parts.push(`grade ${o.score?.grade ?? "-"}`);
    else if (f === "stage") parts.push(`stage ${o.lifecycle?.after ?? "-"}`);
    else if (f === "queue") parts.push(`queue ${o.route?.assignedQueue ?? "-"}`);
    else if (f === "owner") parts.push(`owner ${o.route?.owner ?? "-"}`);
    else if (f === "sla") parts.push(`first touch ${o.route?.sla.firstTouchDue ?? "-"}`);
    else if (f === "content") parts.push(`${o.content?.eligible.length ?? 0} assets`);
    else if (f === "retentionAction") parts.push(`retention ${o.retention?.action ?? "-"}`);
    else parts.push(`due ${o.retention?.dueDate ?? "-"}`);
  }
  return parts.join(", ");
}

function rulesBehind(o: LeadOutcome, fields: readonly ComparedField[]): string[] {
  const rules = new Set<string>();
  for (const f of fields) {
    if (f === "score" || f === "grade") o.score?.rules.forEach((r) => rules.add(r.id));
    if (f === "stage" || f === "queue") o.score?.thresholds.forEach((t) => rules.add(`threshold.${t}`));
    if (f === "stage") o.lifecycle?.path.forEach((t) => rules.add(t));
    if (f === "queue" || f === "owner" || f === "sla") if (o.route) rules.add(o.route.rule);
    if (f === "retentionAction" || f === "retentionDate") if (o.retention?.rule) rules.add(o.retention.rule);
  }
  return [...rules];
}

export async function diffBehaviour(base: PolicySet, head: PolicySet, inputs: readonly LeadInput[], asOf: string, topLimit = 20): Promise<BehaviourDiff> {
  const before = await simulateLeads(base, inputs, { asOf });
  const after = await simulateLeads(head, inputs, { asOf });
  const byId = new Map(before.rows.map((r) => [r.id, r]));
  const changes = Object.fromEntries(comparedFields.map((f) => [f, 0])) as Record<ComparedField, number>;
  const stageMatrix: Record<string, Record<string, number>> = {};
  const queueMoves: Record<string, number> = {};
  const changed: ChangedLead[] = [];
  for (const h of after.rows) {
    const b = byId.get(h.id);
    if (!b) continue;
    const fields = comparedFields.filter((f) => JSON.stringify(fieldValue[f](b)) !== JSON.stringify(fieldValue[f](h)));
    if (fields.length === 0) continue;
    for (const f of fields) changes[f]++;
    if (fields.includes("stage")) {
      const row = (stageMatrix[b.lifecycle?.after ?? "-"] ??= {});
      row[h.lifecycle?.after ?? "-"] = (row[h.lifecycle?.after ?? "-"] ?? 0) + 1;
    }
    if (fields.includes("queue")) {
      const key = `${b.route?.assignedQueue ?? "-"} -> ${h.route?.assignedQueue ?? "-"}`;
      queueMoves[key] = (queueMoves[key] ?? 0) + 1;
    }
    changed.push({
      id: h.id,
      fields,
      before: describe(b, fields),
      after: describe(h, fields),
      baseRules: rulesBehind(b, fields),
      headRules: rulesBehind(h, fields),
      scoreDelta: (h.score?.total ?? 0) - (b.score?.total ?? 0),
    });
  }
  changed.sort((x, y) => Math.abs(y.scoreDelta) - Math.abs(x.scoreDelta) || y.fields.length - x.fields.length || (x.id < y.id ? -1 : 1));

  const binOf = (total: number) => Math.max(0, Math.floor(total / 25) * 25);
  const bins = new Map<number, { base: number; head: number }>();
  for (const r of before.rows) if (r.score) (bins.get(binOf(r.score.total)) ?? bins.set(binOf(r.score.total), { base: 0, head: 0 }).get(binOf(r.score.total))!).base++;
  for (const r of after.rows) if (r.score) (bins.get(binOf(r.score.total)) ?? bins.set(binOf(r.score.total), { base: 0, head: 0 }).get(binOf(r.score.total))!).head++;
  const histogram = [...bins].sort(([a], [b]) => a - b).map(([bin, counts]) => ({ bin: `${bin}-${bin + 24}`, ...counts }));

  const nearThreshold = (specOf(head, "ScoringModel")?.thresholds ?? [])
    .filter((t) => t.minimums.total !== undefined)
    .map((t) => {
      const minimum = t.minimums.total!;
      const near = after.rows.filter((r) => r.score && !r.score.excluded && Math.abs(r.score.total - minimum) <= 5);
      return { threshold: t.id, minimum, leads: near.length, examples: near.slice(0, 10).map((r) => r.id) };
    });

  return {
    leads: after.rows.length,
    changedLeads: changed.length,
    changes,
    stageMatrix: Object.fromEntries(Object.entries(sorted(stageMatrix)).map(([k, v]) => [k, sorted(v)])),
    queueMoves: sorted(queueMoves),
    histogram,
    nearThreshold,
    top: changed.slice(0, topLimit),
    topLimit,
  };
}
