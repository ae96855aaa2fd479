/**
 * Behavioural impact: both versions simulated on the same leads at the same
 * as-of time, compared lead by lead. Holds aggregates plus a bounded list of
 * the most changed leads, each with the rule ids responsible on both sides.
 */
import type { PolicySet } from "../analyse/policy-set.js";
import { specOf } from "../analyse/policy-set.js";
import type { LeadInput } from "../load/read-leads.js";
import type { LeadOutcome } from "../model/outcome.js";
import { createSimulator } from "../simulate/simulate-leads.js";
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

/**
 * Whether two values have the same JSON text (key order included), without writing it: a diff compares
 * nine fields of two outcomes per lead, and JSON.stringify made that a tenth of the cost of a diff.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // JSON writes every non-finite number (and null) as null.
  const nullish = (v: unknown) => v === null || (typeof v === "number" && !Number.isFinite(v));
  if (nullish(a) || nullish(b)) return nullish(a) && nullish(b);
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i] ?? null, b[i] ?? null)) return false;
    return true;
  }
  const keysA = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    if (keysA[i] !== keysB[i] || !sameJson((a as Record<string, unknown>)[keysA[i]!], (b as Record<string, unknown>)[keysB[i]!])) return false;
  }
  return true;
}

/** Larger score changes first, then more fields, then lead id: a total order, so the top list is stable. */
function compareChanged(x: ChangedLead, y: ChangedLead): number {
  return Math.abs(y.scoreDelta) - Math.abs(x.scoreDelta) || y.fields.length - x.fields.length || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
}

/**
 * Streams the leads once and decides each with both versions in lock step,
 * so memory holds the aggregates and the top list, never the leads.
 */
export async function diffBehaviour(base: PolicySet, head: PolicySet, inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>, asOf: string, topLimit = 20): Promise<BehaviourDiff> {
  const before = createSimulator(base, { asOf });
  const after = createSimulator(head, { asOf });
  const changes = Object.fromEntries(comparedFields.map((f) => [f, 0])) as Record<ComparedField, number>;
  const stageMatrix: Record<string, Record<string, number>> = {};
  const queueMoves: Record<string, number> = {};
  const bins = new Map<number, { base: number; head: number }>();
  const bin = (total: number) => {
    const key = Math.max(0, Math.floor(total / 25) * 25);
    return bins.get(key) ?? bins.set(key, { base: 0, head: 0 }).get(key)!;
  };
  const thresholds = (specOf(head, "ScoringModel")?.thresholds ?? []).filter((t) => t.minimums.total !== undefined);
  const near = thresholds.map((t) => ({ threshold: t.id, minimum: t.minimums.total!, leads: 0, examples: [] as string[] }));
  let top: ChangedLead[] = [];
  let leads = 0;
  let changedLeads = 0;

  for await (const input of inputs) {
    if (!("record" in input)) continue;
    const b = before.decideSync(input.record.values, input.record.row);
    const h = after.decideSync(input.record.values, input.record.row);
    if ("problems" in b || "problems" in h) continue;
    leads++;
    const [bo, ho] = [b.row, h.row];
    if (bo.score) bin(bo.score.total).base++;
    if (ho.score) bin(ho.score.total).head++;
    for (const n of near) {
      if (ho.score && !ho.score.excluded && Math.abs(ho.score.total - n.minimum) <= 5) {
        n.leads++;
        if (n.examples.length < 10) n.examples.push(ho.id);
      }
    }
    const fields = comparedFields.filter((f) => !sameJson(fieldValue[f](bo), fieldValue[f](ho)));
    if (fields.length === 0) continue;
    changedLeads++;
    for (const f of fields) changes[f]++;
    if (fields.includes("stage")) {
      const row = (stageMatrix[bo.lifecycle?.after ?? "-"] ??= {});
      row[ho.lifecycle?.after ?? "-"] = (row[ho.lifecycle?.after ?? "-"] ?? 0) + 1;
    }
    if (fields.includes("queue")) {
      const key = `${bo.route?.assignedQueue ?? "-"} -> ${ho.route?.assignedQueue ?? "-"}`;
      queueMoves[key] = (queueMoves[key] ?? 0) + 1;
    }
    const changed: ChangedLead = {
      id: ho.id,
      fields,
      before: describe(bo, fields),
      after: describe(ho, fields),
      baseRules: rulesBehind(bo, fields),
      headRules: rulesBehind(ho, fields),
      scoreDelta: (ho.score?.total ?? 0) - (bo.score?.total ?? 0),
    };
    if (top.length < topLimit || compareChanged(changed, top[top.length - 1]!) < 0) {
      top = [...top, changed].sort(compareChanged).slice(0, topLimit);
    }
  }

  return {
    leads,
    changedLeads,
    changes,
    stageMatrix: Object.fromEntries(Object.entries(sorted(stageMatrix)).map(([k, v]) => [k, sorted(v)])),
    queueMoves: sorted(queueMoves),
    histogram: [...bins].sort(([a], [b]) => a - b).map(([from, counts]) => ({ bin: `${from}-${from + 24}`, ...counts })),
    nearThreshold: near,
    top,
    topLimit,
  };
}
