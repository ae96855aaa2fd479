/**
 * The audit's checks and the dictionary fields each one reads: the one table
 * that decides whether a check can run on an export. A check whose fields are
 * not in the export is skipped and reported as not checked, never as a check
 * with no findings (an export without a first-touch column is not "every lead
 * breached its SLA", and one without a score column is not "no score drift").
 *
 * The lists follow what `audit-leads.ts` reads, check by check. A name that is
 * not a dictionary field (`production.score` when the dictionary's production
 * block names no score field, `lifecycle.stageEnteredFact` when the Lifecycle
 * policy sets none) is a field the policies never declared: such a check can
 * never run and is skipped too.
 */
import type { PolicyPlan } from "../compile/plan.js";
import type { Condition } from "../model/condition.js";
import { factConditions } from "../model/condition-walk.js";
import { nurtureChecks, type NurtureCheck } from "./nurture-audit.js";

export const auditCategories = ["drift", "sla", "disposition", "retention", "hygiene", "aging", "alerts", "nurture"] as const;
export type AuditCategory = (typeof auditCategories)[number];

export interface AuditCheck {
  area: AuditCategory;
  /** The `check` of its findings. */
  check: string;
  /** Dictionary fields the check reads; `undefined` when the policies give it nothing to check (no such policy). */
  needs(plan: PolicyPlan): string[] | undefined;
}

type Role = keyof NonNullable<PolicyPlan["dictionary"]["production"]>;

/** The dictionary field holding what production recorded, or `production.ROLE` when none is named. */
const production = (plan: PolicyPlan, role: Role) => plan.dictionary.production?.[role] ?? `production.${role}`;
const stageEntered = (plan: PolicyPlan) => plan.lifecycle?.stageEnteredFact ?? "lifecycle.stageEnteredFact";

/**
 * Dictionary fields a condition reads. Of the derived facts only `stage`
 * names a recorded field (the lifecycle's stage fact, where transitions start);
 * scores and queues are computed from the lead's attributes, which every lead
 * file carries in some form, and are not required here.
 */
function fieldsRead(plan: PolicyPlan, condition: Condition | undefined): string[] {
  if (!condition) return [];
  const fields = new Set(plan.dictionary.objects.flatMap((o) => o.fields.map((f) => f.name)));
  const read: string[] = [];
  for (const { condition: c } of factConditions(condition)) {
    if (fields.has(c.fact)) read.push(c.fact);
    else if (c.fact === "stage" && plan.lifecycle) read.push(plan.lifecycle.stageFact);
  }
  return read;
}

/** Retention rules are tried in order, so every action's check reads every rule's fields, the legal hold's and each rule's date. */
function retentionFields(plan: PolicyPlan): string[] {
  const retention = plan.retention!;
  return [...fieldsRead(plan, retention.legalHold?.when), ...retention.rules.flatMap((r) => [...fieldsRead(plan, r.when), r.from])];
}

const retentionCheck = (action: "delete" | "anonymize" | "archive"): AuditCheck => ({
  area: "retention",
  check: action,
  needs: (plan) => (plan.retention?.rules.some((r) => r.action === action) ? retentionFields(plan) : undefined),
});

const slaFields = (plan: PolicyPlan) => (plan.routing ? [plan.routing.arrivalFact, production(plan, "firstTouchAt")] : undefined);

/** Every check of the audit, in report order. */
export const auditChecks: readonly AuditCheck[] = [
  { area: "drift", check: "score", needs: (p) => (p.scoring ? [production(p, "score")] : undefined) },
  { area: "drift", check: "grade", needs: (p) => (p.scoring ? [production(p, "grade")] : undefined) },
  { area: "drift", check: "stage", needs: (p) => (p.lifecycle ? [p.lifecycle.stageFact] : undefined) },
  { area: "drift", check: "queue", needs: (p) => (p.routing ? [production(p, "queue")] : undefined) },
  // The SLA clock starts at the routing policy's arrival fact (not production's assignedAt); without a
  // first-touch column every lead past its deadline would look like an open breach.
  { area: "sla", check: "first-touch-late", needs: slaFields },
  { area: "sla", check: "breach-open", needs: slaFields },
  { area: "sla", check: "escalation-due", needs: slaFields },
  {
    area: "disposition",
    check: "missing",
    needs: (p) => (p.lifecycle?.dispositions ? [p.lifecycle.stageFact, p.lifecycle.dispositions.codeFact, stageEntered(p)] : undefined),
  },
  {
    area: "disposition",
    check: "invalid",
    needs: (p) => (p.lifecycle?.dispositions ? [p.lifecycle.stageFact, p.lifecycle.dispositions.codeFact] : undefined),
  },
  {
    area: "disposition",
    check: "late",
    needs: (p) =>
      p.lifecycle?.dispositions
        ? [p.lifecycle.stageFact, p.lifecycle.dispositions.codeFact, p.lifecycle.dispositions.loggedAtFact, stageEntered(p)]
        : undefined,
  },
  retentionCheck("delete"),
  retentionCheck("anonymize"),
  retentionCheck("archive"),
  // Values outside the dictionary are checked in whatever columns the export has.
  { area: "hygiene", check: "invalid-value", needs: () => [] },
  {
    area: "hygiene",
    check: "required-missing",
    needs: (p) => p.dictionary.objects.flatMap((o) => o.fields.filter((f) => f.required).map((f) => f.name)),
  },
  {
    area: "hygiene",
    check: "duplicate",
    needs: (p) => ((p.dictionary.identityKeys ?? []).length > 0 ? [...p.dictionary.identityKeys!] : undefined),
  },
  {
    area: "hygiene",
    check: "opted-out-in-nurture",
    needs: (p) =>
      p.lifecycle?.optedOutWhen && (p.lifecycle.nurtureStages ?? []).length > 0
        ? [p.lifecycle.stageFact, ...fieldsRead(p, p.lifecycle.optedOutWhen)]
        : undefined,
  },
  {
    area: "aging",
    check: "stage-too-long",
    needs: (p) => (p.lifecycle?.stages.some((s) => s.maxDaysInStage) ? [p.lifecycle.stageFact, stageEntered(p)] : undefined),
  },
];

/**
 * The funnel alerts of the scoring model (`spec.alerts`), one check each, named by the alert's id: it reads
 * the fields of its conditions and its `groupBy`. Without its success field every rate would read 0%, so an
 * export that lacks it must leave the alert not checked rather than fired (or, lacking a population field, passed).
 */
function alertChecks(plan: PolicyPlan): AuditCheck[] {
  return (plan.scoring?.alerts ?? []).map((a) => ({
    area: "alerts",
    check: a.id,
    needs: (p) => [...fieldsRead(p, a.population), ...fieldsRead(p, a.success), ...(a.groupBy ? [a.groupBy] : [])],
  }));
}

/**
 * The checks of a production send log (`audit --sends`, area `nurture`, `nurture-audit.ts`), with the fields
 * of the lead's current state each reads. Without a send log none runs (and without a membership file,
 * `after-exit`): `audit-leads.ts` skips them, naming the input.
 */
function nurtureAuditChecks(plan: PolicyPlan): AuditCheck[] {
  const nurture = plan.nurture;
  if (!nurture) return [];
  const needs: Partial<Record<NurtureCheck, string[]>> = {
    "after-exit": nurture.programs.flatMap((p) => p.exits.flatMap((e) => fieldsRead(plan, e.when))),
    "sales-hold": [...(nurture.contactPolicy.salesTouch?.facts ?? [])],
    "open-opportunity": fieldsRead(plan, nurture.contactPolicy.openOpportunity),
    consent: nurture.consentGates.flatMap((g) => [...fieldsRead(plan, g.region), ...fieldsRead(plan, g.requires)]),
  };
  const applies: Partial<Record<NurtureCheck, boolean>> = {
    "quiet-period": (nurture.contactPolicy.quietPeriods ?? []).length > 0,
    "sales-hold": nurture.contactPolicy.salesTouch !== undefined,
    "open-opportunity": nurture.contactPolicy.openOpportunity !== undefined,
    consent: nurture.consentGates.length > 0,
    asset: plan.content !== undefined,
  };
  return nurtureChecks
    .filter((check) => applies[check] !== false)
    .map((check) => ({ area: "nurture", check, needs: () => needs[check] ?? [] }));
}

/** The checks these policies give something to check, each with its fields (deduplicated, in reading order). */
export function applicableChecks(plan: PolicyPlan): { area: AuditCategory; check: string; needs: string[] }[] {
  return [...auditChecks, ...alertChecks(plan), ...nurtureAuditChecks(plan)].flatMap((c) => {
    const needs = c.needs(plan);
    return needs ? [{ area: c.area, check: c.check, needs: [...new Set(needs)] }] : [];
  });
}
