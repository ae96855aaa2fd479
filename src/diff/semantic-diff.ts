/**
 * Semantic diff of two policy sets: per policy, the items (rules, stages,
 * queues, calendars, fields, picklist values, assets...) added, removed or
 * changed, and for a changed item which properties moved, old -> new. Key
 * order, comments and formatting never show up: items are compared as data.
 */
import type { PolicySet } from "../model/policy-set.js";
import type { Condition } from "../model/condition.js";
import type { PolicyKind } from "../model/policy.js";
import { describeCondition, type FactLabels } from "../render/condition-words.js";

export interface ItemChange {
  item: string;
  change: "added" | "removed" | "changed";
  details: string[];
}

export interface PolicyChange {
  kind: PolicyKind;
  policy: string;
  file: string;
  baseVersion: string | null;
  headVersion: string | null;
  items: ItemChange[];
  /** The spec differs as data (anything but metadata). */
  specChanged: boolean;
  /** The spec differs in something other than descriptions, labels and names: decisions may change. */
  decisionChanged: boolean;
}

type Items = Map<string, Record<string, unknown>>;

/** Properties that document but never decide. */
const documentation = new Set(["description", "label", "name", "title", "definition", "legalBasis"]);

function itemsOf(kind: PolicyKind, spec: any): Items {
  const items: Items = new Map();
  const add = (prefix: string, list: any[] | undefined, key: (x: any) => string, ordered = false) =>
    (list ?? []).forEach((x, i) => items.set(`${prefix} ${key(x)}`, ordered ? { ...x, position: i + 1 } : x));
  switch (kind) {
    case "DataDictionary":
      add("system", spec.systems, (s) => s.id);
      for (const o of spec.objects) {
        for (const f of o.fields) {
          const { values, ...rest } = f;
          items.set(`field ${f.name}`, { ...rest, object: o.id });
          for (const v of values ?? []) items.set(`picklist value ${f.name}=${v.value}`, v);
        }
      }
      items.set("conversions", spec.conversions);
      items.set("identity", { idField: spec.idField, identityKeys: spec.identityKeys ?? [] });
      break;
    case "ScoringModel":
      add("dimension", spec.dimensions, (d) => d.id);
      add("rule", spec.rules, (r) => r.id);
      add("threshold", spec.thresholds, (t) => t.id);
      add("exclusion", spec.exclusions, (e) => e.id);
      // Funnel alerts decide no lead, but they decide what the audit fails on: a change is a behaviour change.
      add("alert", spec.alerts, (a) => a.id);
      items.set("grades", spec.grades);
      break;
    case "Lifecycle":
      add("stage", spec.stages, (s) => s.id, true);
      add("transition", spec.transitions, (t) => t.id, true);
      items.set("settings", { stageFact: spec.stageFact, stageEnteredFact: spec.stageEnteredFact ?? null });
      if (spec.recycle) items.set("recycling", spec.recycle);
      if (spec.dispositions) {
        const { codes, ...rest } = spec.dispositions;
        items.set("dispositions", rest);
        add("disposition code", codes, (c) => c.code);
      }
      break;
    case "Routing":
      add("calendar", spec.calendars, (c) => c.id);
      add("queue", spec.queues, (q) => q.id);
      add("routing rule", spec.rules, (r) => r.id, true);
      items.set("fallback", spec.fallback);
      items.set("arrival", { arrivalFact: spec.arrivalFact });
      break;
    case "RetentionSchedule":
      add("data category", spec.categories, (c) => c.id);
      add("retention rule", spec.rules, (r) => r.id, true);
      if (spec.legalHold) items.set("legal hold", spec.legalHold);
      break;
    case "ContentApproval":
      add("role", spec.roles, (r) => r.id);
      add("risk level", spec.riskLevels, (r) => r.id, true);
      add("asset", spec.assets, (a) => a.id);
      add("gate", spec.gates, (g) => g.id);
      break;
    case "NurtureProgram": {
      // The contact policy is one item (cap, window, sales-touch hold, open opportunity); its quiet periods are
      // items of their own, so one added or removed reads as such rather than as a changed list.
      const { quietPeriods, ...contact } = spec.contactPolicy;
      items.set("contact policy", contact);
      add("quiet period", quietPeriods, (q) => q.id);
      add("consent gate", spec.consentGates, (g) => g.id);
      add("breaker", spec.breakers, (b) => b.id);
      // Items of a program are named as its conditions are (`exit welcome/qualified`, `track welcome/welcome`);
      // a step is unique in its track only. Order decides where the first match wins (escalations, tracks, a
      // step's branches) and where steps run in sequence, so those carry their position; exits do not.
      for (const program of spec.programs) {
        const { exits, escalations, tracks, ...rest } = program;
        items.set(`program ${program.id}`, rest);
        add("exit", exits, (e) => `${program.id}/${e.id}`);
        add("escalation", escalations, (e) => `${program.id}/${e.id}`, true);
        (tracks as any[]).forEach((track, t) => {
          const { steps, ...trackRest } = track;
          items.set(`track ${program.id}/${track.id}`, { ...trackRest, position: t + 1 });
          (steps as any[]).forEach((step, k) => {
            const { branches, ...stepRest } = step;
            items.set(`step ${program.id}/${track.id}/${step.id}`, { ...stepRest, position: k + 1 });
            // Branch ids are unique in their program; the step they leave from is part of what they decide.
            (branches ?? []).forEach((b: any, i: number) =>
              items.set(`branch ${program.id}/${b.id}`, { ...b, from: `${track.id}/${step.id}`, position: i + 1 }),
            );
          });
        });
      }
      break;
    }
  }
  return items;
}

/** JSON with sorted keys: equal data, equal text, whatever the key order in the file. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

function withoutDocumentation(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDocumentation);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !documentation.has(k))
        .map(([k, v]) => [k, withoutDocumentation(v)]),
    );
  return value;
}

function isCondition(value: unknown): value is Condition {
  // A fact condition names an operator: `decay: { fact, everyDays, points }` names a fact and is not one.
  return (
    !!value && typeof value === "object" && ("all" in value || "any" in value || "not" in value || ("fact" in value && "operator" in value))
  );
}

function show(value: unknown, labels: FactLabels): string {
  if (value === undefined) return "(none)";
  if (isCondition(value)) return `"${describeCondition(value, labels)}"`;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return String(value);
  return canonical(value);
}

function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>, labels: FactLabels): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const details: string[] = [];
  for (const key of keys) {
    if (canonical(before[key]) === canonical(after[key])) continue;
    const old = before[key];
    const now = after[key];
    if (key === "points" && typeof old === "number" && typeof now === "number") details.push(`points ${signed(old)} -> ${signed(now)}`);
    else if (key === "minimums" && old && now)
      details.push(...fieldChanges(old as Record<string, unknown>, now as Record<string, unknown>, labels).map((d) => `minimum ${d}`));
    else if (isPlainObject(old) && isPlainObject(now) && !isCondition(old) && !isCondition(now))
      details.push(...fieldChanges(old, now, labels).map((d) => `${key}.${d}`));
    else details.push(`${key} ${show(old, labels)} -> ${show(now, labels)}`);
  }
  return details;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const signed = (n: number) => (n >= 0 ? `+${n}` : String(n));

export function diffPolicySets(base: PolicySet, head: PolicySet, labels: FactLabels): PolicyChange[] {
  const kinds = [...new Set([...Object.keys(base.byKind), ...Object.keys(head.byKind)])].sort() as PolicyKind[];
  const changes: PolicyChange[] = [];
  for (const kind of kinds) {
    const b = base.byKind[kind];
    const h = head.byKind[kind];
    const before = b ? itemsOf(kind, b.document.spec) : new Map();
    const after = h ? itemsOf(kind, h.document.spec) : new Map();
    const items: ItemChange[] = [];
    for (const [key, value] of after) {
      const old = before.get(key);
      if (!old) items.push({ item: key, change: "added", details: [] });
      else if (canonical(old) !== canonical(value)) items.push({ item: key, change: "changed", details: fieldChanges(old, value, labels) });
    }
    for (const key of before.keys()) if (!after.has(key)) items.push({ item: key, change: "removed", details: [] });
    const specChanged = canonical(b?.document.spec) !== canonical(h?.document.spec);
    changes.push({
      kind,
      policy: (h ?? b)!.document.metadata.name,
      file: (h ?? b)!.file,
      baseVersion: b?.document.metadata.version ?? null,
      headVersion: h?.document.metadata.version ?? null,
      items,
      specChanged,
      decisionChanged: canonical(withoutDocumentation(b?.document.spec)) !== canonical(withoutDocumentation(h?.document.spec)),
    });
  }
  return changes;
}
