/**
 * Behavioural impact: both versions simulated on the same leads at the same
 * as-of time, compared lead by lead. Holds aggregates plus a bounded list of
 * the most changed leads, each with the rule ids responsible on both sides.
 */
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import type { LeadOutcome } from "../model/outcome.js";
import { count, counts, sorted } from "../simulate/summary.js";

export const comparedFields = [
  "score",
  "grade",
  "thresholds",
  "stage",
  "queue",
  "owner",
  "sla",
  "content",
  "retentionAction",
  "retentionDate",
] as const;
export type ComparedField = (typeof comparedFields)[number];

export interface ChangedLead {
  id: string;
  fields: ComparedField[];
  before: string;
  after: string;
  /** Each changed field's value before and after, in the order of `fields` (the `--changes` artifact's cells). */
  values: { before: string | null; after: string | null }[];
  /** Rules that decided the changed fields, per side. */
  baseRules: string[];
  headRules: string[];
  scoreDelta: number;
}

/** What one version decided for all the leads compared: the volumes the council reads before -> after. */
export interface SideVolumes {
  byStage: Record<string, number>;
  byGrade: Record<string, number>;
  /** Leads over each threshold. */
  thresholds: Record<string, number>;
  /** Leads taken by each queue (after overflow), by the routing rule that sent them. */
  queues: Record<string, Record<string, number>>;
  /**
   * By week of arrival (the Monday, UTC, of the routing's arrival fact): leads, and leads over each threshold.
   * Leads without a readable arrival are under `undated` (when the policies route; without routing no lead has one).
   */
  weeks: Record<string, { leads: number; thresholds: Record<string, number> }>;
  /** Routed leads no member took (every member of the queue and its overflow at capacity). */
  unassigned: number;
}

/** The key of `SideVolumes.weeks` for leads without a readable arrival. */
export const undatedWeek = "undated";

export interface Volumes {
  base: SideVolumes;
  head: SideVolumes;
  /** The first and last arrival of the leads compared (either version's arrival fact); null without one. */
  arrivals: { first: string | null; last: string | null };
}

export interface BehaviourDiff {
  leads: number;
  changedLeads: number;
  changes: Record<ComparedField, number>;
  /**
   * Owner changes of leads each version routed by the same rule to the same queue: the lead only took another
   * place in the rotation, because leads before it moved (round robin and weights assign in input order).
   */
  ownerByRotation: number;
  /** Per rule a change is down to (`responsibleRules`), the changed leads it decided on each side; most first. */
  movers: { rule: string; base: number; head: number }[];
  volumes: Volumes;
  /** base stage -> head stage -> count, for leads whose stage changed. */
  stageMatrix: Record<string, Record<string, number>>;
  queueMoves: Record<string, number>;
  histogram: { bin: string; base: number; head: number }[];
  nearThreshold: { threshold: string; minimum: number; leads: number; examples: string[] }[];
  top: ChangedLead[];
  topLimit: number;
  /** Every changed lead, in input order, when asked for (`keepChanged`: the JSON report and `--changes`). */
  changed?: ChangedLead[];
}

/** A map's entries sorted by key (code-unit order). */
function byKey(map: Record<string, number>): [string, number][] {
  return Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const fieldValue: Record<ComparedField, (o: LeadOutcome) => unknown> = {
  // Points by dimension id: listing the dimensions in another order changes no lead's score.
  score: (o) => [o.score?.total ?? null, o.score ? byKey(o.score.dimensions) : null],
  grade: (o) => o.score?.grade ?? null,
  // A threshold a lead crosses is a change even where its total is not (the threshold moved).
  thresholds: (o) => o.score?.thresholds ?? null,
  stage: (o) => o.lifecycle?.after ?? null,
  queue: (o) => o.route?.assignedQueue ?? null,
  owner: (o) => o.route?.owner ?? null,
  sla: (o) => o.route?.sla ?? null,
  content: (o) => o.content?.eligible ?? null,
  retentionAction: (o) => o.retention?.action ?? null,
  retentionDate: (o) => o.retention?.dueDate ?? null,
};

/** A compared field's value as one cell of the `--changes` artifact. */
const cellValue: Record<ComparedField, (o: LeadOutcome) => string | null> = {
  score: (o) => (o.score ? String(o.score.total) : null),
  grade: (o) => o.score?.grade ?? null,
  thresholds: (o) => o.score?.thresholds.join(";") ?? null,
  stage: (o) => o.lifecycle?.after ?? null,
  queue: (o) => o.route?.assignedQueue ?? null,
  owner: (o) => o.route?.owner ?? null,
  sla: (o) => o.route?.sla.firstTouchDue ?? null,
  content: (o) => o.content?.eligible.join(";") ?? null,
  retentionAction: (o) => o.retention?.action ?? null,
  retentionDate: (o) => o.retention?.dueDate ?? null,
};

function describe(o: LeadOutcome, fields: readonly ComparedField[]): string {
  const parts: string[] = [];
  for (const f of fields) {
    if (f === "score") parts.push(`score ${o.score?.total ?? "-"}`);
    else if (f === "grade") parts.push(`grade ${o.score?.grade ?? "-"}`);
    else if (f === "thresholds") parts.push(`over ${o.score?.thresholds.join(", ") || "no threshold"}`);
    else if (f === "stage") parts.push(`stage ${o.lifecycle?.after ?? "-"}`);
    else if (f === "queue") parts.push(`queue ${o.route?.assignedQueue ?? "-"}`);
    else if (f === "owner") parts.push(`owner ${o.route?.owner ?? "-"}`);
    else if (f === "sla") parts.push(`first touch ${o.route?.sla.firstTouchDue ?? "-"}`);
    else if (f === "content") {
      const assets = o.content?.eligible.length ?? 0;
      parts.push(`${assets} asset${assets === 1 ? "" : "s"}`);
    } else if (f === "retentionAction") parts.push(`retention ${o.retention?.action ?? "-"}`);
    else parts.push(`due ${o.retention?.dueDate ?? "-"}`);
  }
  return parts.join(", ");
}

function rulesBehind(o: LeadOutcome, fields: readonly ComparedField[]): string[] {
  const rules = new Set<string>();
  for (const f of fields) {
    if (f === "score" || f === "grade") o.score?.rules.forEach((r) => rules.add(r.id));
    if (f === "thresholds" || f === "stage" || f === "queue") o.score?.thresholds.forEach((t) => rules.add(`threshold.${t}`));
    if (f === "stage") o.lifecycle?.path.forEach((t) => rules.add(t));
    if (f === "queue" || f === "owner" || f === "sla") if (o.route) rules.add(o.route.rule);
    if (f === "retentionAction" || f === "retentionDate") if (o.retention?.rule) rules.add(o.retention.rule);
  }
  return [...rules];
}

/**
 * The rules a change is down to, on each side: a rule behind the changed fields on one side only (it fired, or
 * decided, there and not on the other), and a rule behind them on both whose own part differs (a scoring rule
 * granting other points, the same routing rule giving another queue or SLA, the same retention rule another
 * action or date). A scoring rule that granted the same points on both sides is not what moved the lead.
 */
function responsibleRules(
  bo: LeadOutcome,
  ho: LeadOutcome,
  fields: readonly ComparedField[],
  baseRules: readonly string[],
  headRules: readonly string[],
) {
  const [inBase, inHead] = [new Set(baseRules), new Set(headRules)];
  // A lead only the assignment changed comes as `keptForAssignment` keeps it: without its scoring rules.
  const points = (o: LeadOutcome, id: string) => o.score?.rules?.find((r) => r.id === id)?.points;
  const changedBy = (id: string): boolean => {
    if (points(bo, id) !== undefined) return points(bo, id) !== points(ho, id);
    if (bo.route?.rule === id) return fields.includes("queue") || fields.includes("sla");
    if (bo.retention?.rule === id) return fields.includes("retentionAction") || fields.includes("retentionDate");
    return false;
  };
  return {
    base: baseRules.filter((id) => !inHead.has(id) || changedBy(id)),
    head: headRules.filter((id) => !inBase.has(id) || changedBy(id)),
  };
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
    if (keysA[i] !== keysB[i] || !sameJson((a as Record<string, unknown>)[keysA[i]!], (b as Record<string, unknown>)[keysB[i]!]))
      return false;
  }
  return true;
}

/** The fields queue assignment decides; every other field is final before it. */
const assignmentFields: ReadonlySet<ComparedField> = new Set(["queue", "owner"]);

/** A lead's two outcomes between the decision and the assignment, with the fields that differ already. */
export interface DecidedPair {
  base: LeadOutcome;
  head: LeadOutcome;
  /** Compared fields other than the assignment's that differ. */
  fixed: ComparedField[];
}

/**
 * The pair as a worker keeps it while the main thread assigns owners. When nothing but the assignment can
 * differ, `assigned` reads only the id, the score's total and thresholds, and the route's rule and
 * assignment, so only those are kept: whole outcomes held across the trip were most of what the workers'
 * garbage collector copied and marked.
 */
export function keptForAssignment(pair: DecidedPair): DecidedPair {
  if (pair.fixed.length > 0) return pair;
  const keep = (o: LeadOutcome): LeadOutcome =>
    ({
      id: o.id,
      score: o.score && { total: o.score.total, thresholds: o.score.thresholds },
      route: o.route && { rule: o.route.rule, queue: o.route.queue, assignedQueue: null, owner: null },
    }) as LeadOutcome;
  return { base: keep(pair.base), head: keep(pair.head), fixed: pair.fixed };
}

/** Larger score changes first, then more fields, then lead id: a total order, so the top list is stable. */
function compareChanged(x: ChangedLead, y: ChangedLead): number {
  return Math.abs(y.scoreDelta) - Math.abs(x.scoreDelta) || y.fields.length - x.fields.length || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
}

/** How many of the most changed leads the report lists. */
export const defaultTopLimit = 20;

/** The near-threshold counts of the head version keep the first leads in each band, in input order. */
const nearExamples = 10;

const dayMs = 86_400_000;

/** The Monday (UTC) of an instant's week, as a date. */
export function weekOf(ms: number): string {
  const day = Math.floor(ms / dayMs);
  // 1970-01-01 was a Thursday: (day + 3) % 7 counts the days since Monday.
  return new Date((day - ((((day + 3) % 7) + 7) % 7)) * dayMs).toISOString().slice(0, 10);
}

function emptyVolumes(): SideVolumes {
  return {
    byStage: counts(),
    byGrade: counts(),
    thresholds: counts(),
    queues: counts<Record<string, number>>(),
    weeks: counts<SideVolumes["weeks"][string]>(),
    unassigned: 0,
  };
}

function countDecided(v: SideVolumes, o: LeadOutcome, arrivalMs: number | null): void {
  if (o.score) {
    count(v.byGrade, o.score.grade ?? "none");
    for (const t of o.score.thresholds) count(v.thresholds, t);
  }
  if (o.lifecycle) count(v.byStage, o.lifecycle.after ?? "none");
  if (o.route) {
    const week = (v.weeks[arrivalMs === null ? undatedWeek : weekOf(arrivalMs)] ??= { leads: 0, thresholds: counts() });
    week.leads++;
    for (const t of o.score?.thresholds ?? []) count(week.thresholds, t);
  }
}

function mergeVolumes(into: SideVolumes, from: SideVolumes): void {
  for (const key of ["byStage", "byGrade", "thresholds"] as const) for (const [k, n] of Object.entries(from[key])) count(into[key], k, n);
  for (const [queue, rules] of Object.entries(from.queues))
    for (const [rule, n] of Object.entries(rules)) count((into.queues[queue] ??= counts()), rule, n);
  into.unassigned += from.unassigned;
  for (const [week, w] of Object.entries(from.weeks)) {
    const to = (into.weeks[week] ??= { leads: 0, thresholds: counts() });
    to.leads += w.leads;
    for (const [t, n] of Object.entries(w.thresholds)) count(to.thresholds, t, n);
  }
}

function sortedVolumes(v: SideVolumes): SideVolumes {
  return {
    byStage: sorted(v.byStage),
    byGrade: sorted(v.byGrade),
    thresholds: sorted(v.thresholds),
    queues: Object.fromEntries(Object.entries(sorted(v.queues)).map(([q, rules]) => [q, sorted(rules)])),
    weeks: Object.fromEntries(Object.entries(sorted(v.weeks)).map(([w, x]) => [w, { leads: x.leads, thresholds: sorted(x.thresholds) }])),
    unassigned: v.unassigned,
  };
}

/** No arrival on either side: the routing has none, or the lead lacks it. */
export const noArrivals: readonly [number | null, number | null] = [null, null];

export interface AccumulatorOptions {
  /** How many of the most changed leads to keep. */
  topLimit: number;
  /** Keep every changed lead too (`BehaviourDiff.changed`). */
  keepChanged?: boolean;
}

/**
 * The behaviour diff's aggregates over pairs of outcomes, in input order. Two accumulators (say, of two
 * parallel batches) merge into what one would have counted over both, in the same order.
 */
export class BehaviourAccumulator {
  readonly partial: Omit<BehaviourDiff, "histogram" | "topLimit" | "movers" | "volumes" | "changed"> & {
    bins: Record<string, { base: number; head: number }>;
    movers: Record<string, { base: number; head: number }>;
    volumes: { base: SideVolumes; head: SideVolumes; firstMs: number | null; lastMs: number | null };
    changed: ChangedLead[] | null;
  };
  private readonly topLimit: number;

  constructor(head: PolicySet, options: AccumulatorOptions) {
    this.topLimit = options.topLimit;
    const thresholds = (specOf(head, "ScoringModel")?.thresholds ?? []).filter((t) => t.minimums.total !== undefined);
    this.partial = {
      leads: 0,
      changedLeads: 0,
      changes: Object.fromEntries(comparedFields.map((f) => [f, 0])) as Record<ComparedField, number>,
      // Keyed by stage and queue ids: maps that inherit nothing (see `counts`).
      stageMatrix: counts(),
      queueMoves: counts(),
      bins: counts(),
      nearThreshold: thresholds.map((t) => ({ threshold: t.id, minimum: t.minimums.total!, leads: 0, examples: [] })),
      top: [],
      ownerByRotation: 0,
      movers: counts<{ base: number; head: number }>(),
      volumes: { base: emptyVolumes(), head: emptyVolumes(), firstMs: null, lastMs: null },
      changed: options.keepChanged ? [] : null,
    };
  }

  add(bo: LeadOutcome, ho: LeadOutcome, arrivals: readonly [number | null, number | null] = noArrivals): void {
    this.assigned(this.decided(bo, ho, false, arrivals));
  }

  /**
   * Counts what does not depend on who took the lead, and compares the fields the assignment cannot change;
   * `alike` when the caller knows they are all the same (the fused records agreed in every compared field).
   */
  decided(bo: LeadOutcome, ho: LeadOutcome, alike = false, arrivals: readonly [number | null, number | null] = noArrivals): DecidedPair {
    const p = this.partial;
    p.leads++;
    countDecided(p.volumes.base, bo, arrivals[0]);
    countDecided(p.volumes.head, ho, arrivals[1]);
    for (const ms of arrivals) this.arrived(ms);
    if (bo.score) this.bin(bo.score.total).base++;
    if (ho.score) this.bin(ho.score.total).head++;
    for (const n of p.nearThreshold) {
      if (ho.score && !ho.score.excluded && Math.abs(ho.score.total - n.minimum) <= 5) {
        n.leads++;
        if (n.examples.length < nearExamples) n.examples.push(ho.id);
      }
    }
    const fixed = alike ? [] : comparedFields.filter((f) => !assignmentFields.has(f) && !sameJson(fieldValue[f](bo), fieldValue[f](ho)));
    return { base: bo, head: ho, fixed };
  }

  /** Compares the rest once both outcomes carry their assignment, and counts the lead if anything changed. */
  assigned({ base: bo, head: ho, fixed }: DecidedPair): void {
    const p = this.partial;
    for (const [side, o] of [
      [p.volumes.base, bo],
      [p.volumes.head, ho],
    ] as const) {
      if (o.route?.assignedQueue) count((side.queues[o.route.assignedQueue] ??= counts()), o.route.rule);
      if (o.route && !o.route.owner) side.unassigned++;
    }
    const fields = comparedFields.filter((f) =>
      assignmentFields.has(f) ? !sameJson(fieldValue[f](bo), fieldValue[f](ho)) : fixed.includes(f),
    );
    if (fields.length === 0) return;
    p.changedLeads++;
    for (const f of fields) p.changes[f]++;
    if (fields.includes("owner") && !fields.includes("queue") && bo.route?.rule === ho.route?.rule) p.ownerByRotation++;
    if (fields.includes("stage")) count((p.stageMatrix[bo.lifecycle?.after ?? "-"] ??= counts()), ho.lifecycle?.after ?? "-");
    if (fields.includes("queue")) count(p.queueMoves, `${bo.route?.assignedQueue ?? "-"} -> ${ho.route?.assignedQueue ?? "-"}`);
    const changed: ChangedLead = {
      id: ho.id,
      fields,
      before: describe(bo, fields),
      after: describe(ho, fields),
      baseRules: rulesBehind(bo, fields),
      headRules: rulesBehind(ho, fields),
      scoreDelta: (ho.score?.total ?? 0) - (bo.score?.total ?? 0),
      values: fields.map((f) => ({ before: cellValue[f](bo), after: cellValue[f](ho) })),
    };
    const responsible = responsibleRules(bo, ho, fields, changed.baseRules, changed.headRules);
    for (const rule of responsible.base) (p.movers[rule] ??= { base: 0, head: 0 }).base++;
    for (const rule of responsible.head) (p.movers[rule] ??= { base: 0, head: 0 }).head++;
    p.changed?.push(changed);
    if (p.top.length < this.topLimit || compareChanged(changed, p.top[p.top.length - 1]!) < 0) {
      p.top = [...p.top, changed].sort(compareChanged).slice(0, this.topLimit);
    }
  }

  /** Adds the counts of leads that came after this accumulator's. */
  merge(later: BehaviourAccumulator["partial"]): void {
    const p = this.partial;
    p.leads += later.leads;
    p.changedLeads += later.changedLeads;
    for (const f of comparedFields) p.changes[f] += later.changes[f];
    p.ownerByRotation += later.ownerByRotation;
    for (const [rule, n] of Object.entries(later.movers)) {
      const to = (p.movers[rule] ??= { base: 0, head: 0 });
      to.base += n.base;
      to.head += n.head;
    }
    mergeVolumes(p.volumes.base, later.volumes.base);
    mergeVolumes(p.volumes.head, later.volumes.head);
    this.arrived(later.volumes.firstMs);
    this.arrived(later.volumes.lastMs);
    if (p.changed && later.changed) p.changed.push(...later.changed);
    for (const [from, row] of Object.entries(later.stageMatrix))
      for (const [to, n] of Object.entries(row)) count((p.stageMatrix[from] ??= counts()), to, n);
    for (const [move, n] of Object.entries(later.queueMoves)) count(p.queueMoves, move, n);
    for (const [key, counts] of Object.entries(later.bins)) {
      const bin = this.bin(Number(key));
      bin.base += counts.base;
      bin.head += counts.head;
    }
    p.nearThreshold.forEach((n, i) => {
      n.leads += later.nearThreshold[i]!.leads;
      n.examples = [...n.examples, ...later.nearThreshold[i]!.examples].slice(0, nearExamples);
    });
    // The sort is stable and the order total, so this keeps what adding the leads one by one would.
    p.top = [...p.top, ...later.top].sort(compareChanged).slice(0, this.topLimit);
  }

  result(): BehaviourDiff {
    const p = this.partial;
    return {
      leads: p.leads,
      changedLeads: p.changedLeads,
      changes: p.changes,
      stageMatrix: Object.fromEntries(Object.entries(sorted(p.stageMatrix)).map(([k, v]) => [k, sorted(v)])),
      queueMoves: sorted(p.queueMoves),
      histogram: Object.entries(p.bins)
        .map(([key, counts]) => [Number(key), counts] as const)
        .sort(([a], [b]) => a - b)
        .map(([from, counts]) => ({ bin: `${from}-${from + 24}`, ...counts })),
      nearThreshold: p.nearThreshold,
      top: p.top,
      topLimit: this.topLimit,
      ownerByRotation: p.ownerByRotation,
      movers: Object.entries(p.movers)
        .map(([rule, n]) => ({ rule, ...n }))
        .sort((x, y) => Math.max(y.base, y.head) - Math.max(x.base, x.head) || (x.rule < y.rule ? -1 : x.rule > y.rule ? 1 : 0)),
      volumes: {
        base: sortedVolumes(p.volumes.base),
        head: sortedVolumes(p.volumes.head),
        arrivals: {
          first: p.volumes.firstMs === null ? null : new Date(p.volumes.firstMs).toISOString(),
          last: p.volumes.lastMs === null ? null : new Date(p.volumes.lastMs).toISOString(),
        },
      },
      ...(p.changed ? { changed: p.changed } : {}),
    };
  }

  /** Widens the arrival window to an arrival (none: null). */
  private arrived(ms: number | null): void {
    const v = this.partial.volumes;
    if (ms === null) return;
    if (v.firstMs === null || ms < v.firstMs) v.firstMs = ms;
    if (v.lastMs === null || ms > v.lastMs) v.lastMs = ms;
  }

  /** Score bins of 25 points, from 0. */
  private bin(total: number): { base: number; head: number } {
    const key = Math.max(0, Math.floor(total / 25) * 25);
    return (this.partial.bins[key] ??= { base: 0, head: 0 });
  }
}
