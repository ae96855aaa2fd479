/**
 * `leadrules audit`: does production follow the approved rules? Each record
 * of a CRM / marketing-automation export is evaluated by the policies and
 * compared with what production recorded: rule drift, SLA compliance,
 * disposition discipline, overdue retention, data hygiene and lead aging.
 * Findings hold counts and lead ids; nothing else about a lead is kept.
 */
import type { PolicySet } from "../analyse/policy-set.js";

import { createCompiledEngine } from "../compile/engines.js";
import { planPolicies } from "../compile/plan.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { LeadInput } from "../load/read-leads.js";
import { compileCondition } from "../compile/compile-condition.js";
import { createBusinessCalendar, type BusinessCalendar } from "../simulate/business-hours.js";
import { createNormalizer } from "../simulate/normalize.js";
import { createPipeline, evaluateLeadSync } from "../simulate/pipeline.js";
import { readAsOf } from "../model/dates.js";

export const auditCategories = ["drift", "sla", "disposition", "retention", "hygiene", "aging"] as const;
export type AuditCategory = (typeof auditCategories)[number];

export interface Finding {
  category: AuditCategory;
  /** What was checked, e.g. `score`, `first-touch-breach`. */
  check: string;
  /** The rule, queue or field the finding is about, when known. */
  subject: string;
  description: string;
  leads: string[];
}

export interface SlaStats {
  queue: string;
  rule: string;
  leads: number;
  touched: number;
  withinSla: number;
  medianHours: number | null;
  p90Hours: number | null;
  openBreaches: number;
}

export interface AuditReport {
  asOf: string;
  leads: number;
  unreadable: number;
  findings: Finding[];
  sla: SlaStats[];
}

const hourMs = 3_600_000;
const dayMs = 86_400_000;

export async function auditLeads(set: PolicySet, inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>, options: { asOf: string; source?: string }): Promise<{ report: AuditReport; diagnostics: Diagnostic[] }> {
  const plan = planPolicies(set);
  const dictionary = plan.dictionary;
  const production = dictionary.production ?? {};
  const lifecycle = plan.lifecycle;
  const routing = plan.routing;
  const asOfMs = readAsOf(options.asOf);
  const pipeline = createPipeline(plan, asOfMs);
  const engine = createCompiledEngine(plan, asOfMs);
  const normalizer = createNormalizer(dictionary, options.source);
  const calendars = new Map<string, BusinessCalendar>((routing?.calendars ?? []).map((c) => [c.id, createBusinessCalendar(c)]));
  const queueCalendar = new Map((routing?.queues ?? []).map((q) => [q.id, calendars.get(q.calendar)!]));
  const overflowOf = new Map((routing?.queues ?? []).map((q) => [q.id, q.overflow]));
  const fields = dictionary.objects.flatMap((o) => o.fields);
  const required = fields.filter((f) => f.required).map((f) => f.name);
  const identity = dictionary.identityKeys ?? [];
  const optedOut = lifecycle?.optedOutWhen ? compileCondition(lifecycle.optedOutWhen, asOfMs) : undefined;

  const findings = new Map<string, Finding>();
  const find = (category: AuditCategory, check: string, subject: string, description: string, lead: string) => {
    const key = `${category}|${check}|${subject}`;
    const finding = findings.get(key) ?? { category, check, subject, description, leads: [] };
    finding.leads.push(lead);
    findings.set(key, finding);
  };
  const sla = new Map<string, { queue: string; rule: string; leads: number; hours: number[]; withinSla: number; openBreaches: number }>();
  const seenIdentities = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  let leads = 0;
  let unreadable = 0;

  for await (const input of inputs) {
    if ("problem" in input) {
      diagnostics.push(input.problem);
      unreadable++;
      continue;
    }
    // The header and lines dropped as titles or footer: not leads.
    if (!("record" in input)) continue;
    const { lead, problems } = normalizer.normalizeLeniently(input.record.values, input.record.row);
    const id = String(lead[dictionary.idField] ?? `row ${input.record.row}`);
    leads++;

    // Data hygiene: values the dictionary does not allow, required fields missing, duplicates.
    for (const p of problems) find("hygiene", "invalid-value", p.column, `values the dictionary does not allow in column "${p.column}"`, id);
    for (const name of required) if (lead[name] === null || lead[name] === undefined) find("hygiene", "required-missing", name, `required field \`${name}\` is empty`, id);
    if (identity.length > 0 && identity.every((k) => lead[k] !== null)) {
      const key = identity.map((k) => String(lead[k]).trim().toLowerCase()).join("|");
      const first = seenIdentities.get(key);
      if (first !== undefined) find("hygiene", "duplicate", identity.join("+"), `same ${identity.join(" + ")} as an earlier record (first: ${first})`, id);
      else seenIdentities.set(key, id);
    }

    const outcome = evaluateLeadSync(pipeline, engine, lead).outcome;
    const recordedStage = lifecycle ? (lead[lifecycle.stageFact] as string | null) : null;

    // Rule drift: what production recorded vs what the policies compute.
    if (outcome.score && production.score && lead[production.score] !== null && lead[production.score] !== outcome.score.total) {
      const diff = Number(lead[production.score]) - outcome.score.total;
      const missed = outcome.score.rules.filter((r) => r.points === -diff);
      const cause = missed.length === 1 ? `rule ${missed[0]!.id} (${missed[0]!.points > 0 ? "+" : ""}${missed[0]!.points}) not applied in production` : "score";
      find("drift", "score", missed.length === 1 ? missed[0]!.id : "score", `production score differs from the policy (${cause})`, id);
    }
    if (outcome.score && production.grade && lead[production.grade] !== null && lead[production.grade] !== outcome.score.grade) {
      find("drift", "grade", "grade", "production grade differs from the policy", id);
    }
    if (outcome.lifecycle && recordedStage !== null && outcome.lifecycle.after !== recordedStage) {
      const rule = outcome.lifecycle.path[0] ?? "lifecycle";
      find("drift", "stage", rule, `recorded stage is not where the policy puts the lead (${rule} not applied)`, id);
    }
    if (outcome.route && production.queue && lead[production.queue] !== null) {
      const allowed = new Set<string>();
      for (let q: string | undefined = outcome.route.queue; q && !allowed.has(q); q = overflowOf.get(q)) allowed.add(q);
      if (!allowed.has(String(lead[production.queue]))) find("drift", "queue", outcome.route.rule, `production queue differs from routing rule ${outcome.route.rule} (${outcome.route.queue})`, id);
    }

    // SLA compliance per queue and rule, in business hours of the queue's calendar.
    if (outcome.route && routing) {
      const key = `${outcome.route.queue}|${outcome.route.rule}`;
      const stats = sla.get(key) ?? { queue: outcome.route.queue, rule: outcome.route.rule, leads: 0, hours: [], withinSla: 0, openBreaches: 0 };
      sla.set(key, stats);
      stats.leads++;
      const arrival = lead[routing.arrivalFact];
      const touched = production.firstTouchAt ? lead[production.firstTouchAt] : null;
      const due = outcome.route.sla.firstTouchDue;
      if (typeof arrival === "string" && due) {
        if (typeof touched === "string") {
          stats.hours.push(queueCalendar.get(outcome.route.queue)!.hoursBetween(Date.parse(arrival), Date.parse(touched)));
          if (Date.parse(touched) <= Date.parse(due)) stats.withinSla++;
          else find("sla", "first-touch-late", outcome.route.rule, `first touch after the SLA of ${outcome.route.rule}`, id);
        } else if (asOfMs > Date.parse(due)) {
          stats.openBreaches++;
          find("sla", "breach-open", outcome.route.rule, `no first touch and the SLA of ${outcome.route.rule} has passed`, id);
          if (outcome.route.sla.escalateAt && asOfMs > Date.parse(outcome.route.sla.escalateAt)) find("sla", "escalation-due", outcome.route.rule, "escalation should have fired", id);
        }
      }
    }

    // Disposition discipline, on the stage production recorded.
    const dispositions = lifecycle?.dispositions;
    if (dispositions && recordedStage && dispositions.stages.includes(recordedStage)) {
      const code = lead[dispositions.codeFact] as string | null;
      const entered = lifecycle!.stageEnteredFact ? (lead[lifecycle!.stageEnteredFact] as string | null) : null;
      const dueMs = entered ? Date.parse(entered) + dispositions.deadlineHours * hourMs : null;
      if (!code) {
        if (dueMs !== null && asOfMs > dueMs) find("disposition", "missing", recordedStage, `no disposition code ${dispositions.deadlineHours} h after entering ${recordedStage}`, id);
      } else if (!dispositions.codes.some((c) => c.code === code && c.stages.includes(recordedStage))) {
        find("disposition", "invalid", recordedStage, `disposition code not valid for ${recordedStage}`, id);
      } else {
        const logged = lead[dispositions.loggedAtFact];
        if (dueMs !== null && typeof logged === "string" && Date.parse(logged) > dueMs) find("disposition", "late", recordedStage, `disposition code logged after the ${dispositions.deadlineHours}-hour deadline`, id);
      }
    }

    // Retention: records past their due date that still exist.
    const retention = outcome.retention;
    if (retention?.dueDate && retention.action && retention.action !== "hold" && Date.parse(retention.dueDate) <= asOfMs) {
      find("retention", retention.action, retention.rule!, `past its retention date under ${retention.rule}: ${retention.action} owed`, id);
    }

    // Opted-out leads still in a nurture stage; leads sitting in a stage too long.
    if (optedOut && recordedStage && (lifecycle?.nurtureStages ?? []).includes(recordedStage) && optedOut(lead)) {
      find("hygiene", "opted-out-in-nurture", recordedStage, `opted out but still in the nurture stage ${recordedStage}`, id);
    }
    const stage = lifecycle?.stages.find((s) => s.id === recordedStage);
    const entered = lifecycle?.stageEnteredFact ? lead[lifecycle.stageEnteredFact] : null;
    if (stage?.maxDaysInStage && typeof entered === "string" && (asOfMs - Date.parse(entered)) / dayMs > stage.maxDaysInStage) {
      find("aging", "stage-too-long", stage.id, `in ${stage.id} longer than ${stage.maxDaysInStage} days`, id);
    }
  }

  const order = (f: Finding) => `${auditCategories.indexOf(f.category)}|${f.check}|${f.subject}`;
  return {
    diagnostics,
    report: {
      asOf: new Date(asOfMs).toISOString(),
      leads,
      unreadable,
      findings: [...findings.values()].sort((a, b) => (order(a) < order(b) ? -1 : 1)),
      sla: [...sla.values()]
        .sort((a, b) => (a.queue + a.rule < b.queue + b.rule ? -1 : 1))
        .map((s) => ({ queue: s.queue, rule: s.rule, leads: s.leads, touched: s.hours.length, withinSla: s.withinSla, medianHours: quantile(s.hours, 0.5), p90Hours: quantile(s.hours, 0.9), openBreaches: s.openBreaches })),
    },
  };
}

/** Nearest-rank quantile, rounded to 0.1 h. */
function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return Math.round(value * 10) / 10;
}

