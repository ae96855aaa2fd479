/**
 * `leadrules audit`: does production follow the approved rules? Each record
 * of a CRM / marketing-automation export is evaluated by the policies and
 * compared with what production recorded: rule drift, SLA compliance,
 * disposition discipline, overdue retention, data hygiene and lead aging.
 * Findings hold counts and lead ids; nothing else about a lead is kept.
 */
import type { PolicySet } from "../model/policy-set.js";

import { createCompiledEngine } from "../compile/engines.js";
import { planPolicies } from "../compile/plan.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { LeadInput } from "../load/lead-input.js";
import { compileCondition } from "../compile/compile-condition.js";
import { createBusinessCalendar, type BusinessCalendar } from "../simulate/business-hours.js";
import type { ReadReport } from "../input/read-report.js";
import { createIntake, noteInput, type ReadOptions } from "../input/intake.js";
import { createPipeline, evaluateLeadSync } from "../simulate/pipeline.js";
import { readAsOf } from "../model/dates.js";
import { applicableChecks, auditCategories, type AuditCategory } from "./audit-checks.js";
import { createFunnelAlerts, type AlertResult } from "../simulate/funnel-alerts.js";
import { createNurtureAudit, membershipChecks, type NurtureAuditInputs, type NurtureCheck, type SendFinding } from "./nurture-audit.js";

export { auditCategories, type AuditCategory } from "./audit-checks.js";

export interface Finding {
  category: AuditCategory;
  /** What was checked, e.g. `score`, `first-touch-breach`. */
  check: string;
  /** The rule, queue or field the finding is about, when known. */
  subject: string;
  description: string;
  /** The records found, one per finding (for a program's finding, none: see `sends`). */
  leads: string[];
  /** Area `nurture`: each deviation of the send log, with its lead, program, step, send time and reason; the area counts these. */
  sends?: SendFinding[];
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

/** Whether one check ran, or was skipped because the export lacks fields it reads. */
export interface CheckStatus {
  area: AuditCategory;
  check: string;
  status: "ran" | "skipped";
  /** Skipped: the dictionary fields it needs that the export lacks (or that the policies never name, e.g. `production.score`). */
  missing?: string[];
  /** Skipped, where known: the export column each missing field is read from, in the order of `missing`. */
  columns?: string[];
  /** Skipped: why, in words, e.g. `the export has no crmScore column`. */
  reason?: string;
  /** Skipped because an optional input was not given: the flag that gives it (`--sends`, `--members`). */
  input?: "--sends" | "--members";
}

export interface AreaSummary {
  area: AuditCategory;
  /** `checked`: every check ran; `incomplete`: some were skipped; `not-checked`: all were; `not-applicable`: the policies give it nothing to check. */
  status: "checked" | "incomplete" | "not-checked" | "not-applicable";
  /** Records found by the checks that ran; `null` when none ran, so a skipped area never reads as zero. */
  findings: number | null;
  ran: number;
  skipped: number;
}

/**
 * A funnel alert of the scoring model on this export: `checked`, its groups with their rates (each fired
 * group is also a finding, area `alerts`, with the leads behind it); `not-checked` when the export lacks
 * fields it reads (see `checks`), with no rates at all, so it never reads as passing.
 */
export type AuditAlert = (AlertResult & { status: "checked" }) | { id: string; description: string; status: "not-checked"; reason: string };

export interface AuditReport {
  asOf: string;
  /** What was read from the export (the same report every command gives). */
  read: ReadReport;
  leads: number;
  unreadable: number;
  /** Findings of the checks that ran only. */
  findings: Finding[];
  /** First-touch SLA per queue and rule; empty when the SLA checks were skipped. */
  sla: SlaStats[];
  /** Every check the policies give something to check, in report order, ran or skipped. */
  checks: CheckStatus[];
  summary: {
    ran: number;
    skipped: number;
    /** How missing fields were found: `columns`, given by the caller (from the export's header); `records`, no record carried the column. */
    missingFrom: "columns" | "records";
    areas: AreaSummary[];
  };
  /** The scoring model's funnel alerts, in model order (empty without any). */
  alerts: AuditAlert[];
}

export interface AuditOptions extends ReadOptions {
  asOf: string;
  /**
   * Dictionary fields that are not in this export. Without it, the intake tells: a field is missing when no
   * column of the file's header feeds it (CSV, spreadsheets), or, for JSON and NDJSON, when no record carries
   * one of its columns, empty or not. A column that is there but empty in every record counts as present (its
   * checks run and find what an empty column implies). Values are not the test: one record without a first
   * touch is an SLA breach to report, not a missing column.
   */
  missing?: ReadonlySet<string>;
  /** The export column a dictionary field is read from, to name it when a check is skipped; default: the field's mapping for `source`. */
  columnFor?: (field: string) => string | undefined;
  /** A production send log (and membership file) to audit against the NurtureProgram policy: area `nurture`. */
  sendLog?: NurtureAuditInputs;
}

const hourMs = 3_600_000;
const dayMs = 86_400_000;

export async function auditLeads(
  set: PolicySet,
  inputs: AsyncIterable<LeadInput> | Iterable<LeadInput>,
  options: AuditOptions,
): Promise<{ report: AuditReport; diagnostics: Diagnostic[]; read: ReadReport }> {
  const plan = planPolicies(set);
  const dictionary = plan.dictionary;
  const production = dictionary.production ?? {};
  const lifecycle = plan.lifecycle;
  const routing = plan.routing;
  const asOfMs = readAsOf(options.asOf);
  const pipeline = createPipeline(plan, asOfMs);
  const engine = createCompiledEngine(plan, asOfMs);
  const intake = createIntake(plan, options);
  const calendars = new Map<string, BusinessCalendar>((routing?.calendars ?? []).map((c) => [c.id, createBusinessCalendar(c)]));
  const queueCalendar = new Map((routing?.queues ?? []).map((q) => [q.id, calendars.get(q.calendar)!]));
  const overflowOf = new Map((routing?.queues ?? []).map((q) => [q.id, q.overflow]));
  const fields = dictionary.objects.flatMap((o) => o.fields);
  const required = fields.filter((f) => f.required).map((f) => f.name);
  const identity = dictionary.identityKeys ?? [];
  const optedOut = lifecycle?.optedOutWhen ? compileCondition(lifecycle.optedOutWhen, asOfMs) : undefined;
  const alerts = plan.scoring?.alerts?.length ? createFunnelAlerts(plan.scoring, asOfMs) : undefined;
  const nurtureAudit = plan.nurture && options.sendLog ? createNurtureAudit(plan, plan.nurture, asOfMs, options.sendLog) : undefined;

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
  const fieldNames = fields.map((f) => f.name);
  const settings = intake.normalizer.settings;

  for await (const input of inputs) {
    if (!("record" in input)) {
      noteInput(intake, input);
      continue;
    }
    // A record without a lead id cannot be reported: the intake rejects and counts it.
    const taken = intake.take(input.record.values, input.record.row);
    if (!taken) continue;
    const { lead, problems } = taken;
    const id = String(lead[dictionary.idField]);

    // Data hygiene: values the dictionary does not allow, required fields missing, duplicates.
    for (const p of problems)
      if (p.kind === "bad-value")
        find("hygiene", "invalid-value", p.column, `values the dictionary does not allow in column "${p.column}"`, id);
    for (const name of required)
      if (lead[name] === null || lead[name] === undefined)
        find("hygiene", "required-missing", name, `required field \`${name}\` is empty`, id);
    if (identity.length > 0 && identity.every((k) => lead[k] !== null)) {
      const key = identity.map((k) => String(lead[k]).trim().toLowerCase()).join("|");
      const first = seenIdentities.get(key);
      if (first !== undefined)
        find("hygiene", "duplicate", identity.join("+"), `same ${identity.join(" + ")} as an earlier record (first: ${first})`, id);
      else seenIdentities.set(key, id);
    }

    const evaluation = evaluateLeadSync(pipeline, engine, lead);
    const outcome = evaluation.outcome;
    // The nurture step's conditions on the lead as decided now, as `leadrules nurture` evaluates them.
    if (nurtureAudit?.wants(id)) nurtureAudit.add(id, evaluation.facts, engine.evaluate("nurture", evaluation.facts) as boolean[]);
    alerts?.add(lead, outcome);
    const recordedStage = lifecycle ? (lead[lifecycle.stageFact] as string | null) : null;

    // Rule drift: what production recorded vs what the policies compute.
    if (outcome.score && production.score && lead[production.score] !== null && lead[production.score] !== outcome.score.total) {
      const diff = Number(lead[production.score]) - outcome.score.total;
      const missed = outcome.score.rules.filter((r) => r.points === -diff);
      const cause =
        missed.length === 1
          ? `rule ${missed[0]!.id} (${missed[0]!.points > 0 ? "+" : ""}${missed[0]!.points}) not applied in production`
          : "score";
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
      if (!allowed.has(String(lead[production.queue])))
        find(
          "drift",
          "queue",
          outcome.route.rule,
          `production queue differs from routing rule ${outcome.route.rule} (${outcome.route.queue})`,
          id,
        );
    }

    // SLA compliance per queue and rule, in business hours of the queue's calendar.
    if (outcome.route && routing) {
      const key = `${outcome.route.queue}|${outcome.route.rule}`;
      const stats = sla.get(key) ?? {
        queue: outcome.route.queue,
        rule: outcome.route.rule,
        leads: 0,
        hours: [],
        withinSla: 0,
        openBreaches: 0,
      };
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
          if (outcome.route.sla.escalateAt && asOfMs > Date.parse(outcome.route.sla.escalateAt))
            find("sla", "escalation-due", outcome.route.rule, "escalation should have fired", id);
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
        if (dueMs !== null && asOfMs > dueMs)
          find(
            "disposition",
            "missing",
            recordedStage,
            `no disposition code ${dispositions.deadlineHours} h after entering ${recordedStage}`,
            id,
          );
      } else if (!dispositions.codes.some((c) => c.code === code && c.stages.includes(recordedStage))) {
        find("disposition", "invalid", recordedStage, `disposition code not valid for ${recordedStage}`, id);
      } else {
        const logged = lead[dispositions.loggedAtFact];
        if (dueMs !== null && typeof logged === "string" && Date.parse(logged) > dueMs)
          find("disposition", "late", recordedStage, `disposition code logged after the ${dispositions.deadlineHours}-hour deadline`, id);
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

  // Every check ran on every record; those whose fields the export lacks are dropped here, findings and all.
  const read = intake.report();
  const missing = options.missing ?? new Set([...read.missing.map((m) => m.field), ...read.notInExport]);
  const known = new Set(fieldNames);
  const columnFor = options.columnFor ?? ((name: string) => settings.fields[name]?.columns[0]);
  const checks: CheckStatus[] = applicableChecks(plan).map(({ area, check, needs }): CheckStatus => {
    // A send log's checks need the log (and `after-exit` the membership file) before any field.
    if (area === "nurture" && !options.sendLog)
      return { area, check, status: "skipped", reason: "no send log given (--sends)", input: "--sends" };
    if (area === "nurture" && membershipChecks.includes(check as NurtureCheck) && !options.sendLog!.members)
      return { area, check, status: "skipped", reason: "no membership file given (--members)", input: "--members" };
    const absent = needs.filter((name) => missing.has(name) || !known.has(name));
    if (absent.length === 0) return { area, check, status: "ran" };
    const columns = absent.map((name) => (known.has(name) ? columnFor(name) : undefined));
    return {
      area,
      check,
      status: "skipped",
      missing: absent,
      ...(columns.every((c) => c !== undefined) ? { columns: columns as string[] } : {}),
      reason: describeMissing(absent, columns, known),
    };
  });
  const ran = new Set(checks.filter((c) => c.status === "ran").map((c) => `${c.area}|${c.check}`));
  const alertResults = (alerts?.result() ?? []).map((a): AuditAlert => {
    const skipped = checks.find((c) => c.area === "alerts" && c.check === a.id && c.status === "skipped");
    return skipped ? { id: a.id, description: a.description, status: "not-checked", reason: skipped.reason! } : { ...a, status: "checked" };
  });
  // A fired group is a finding, with the counted leads that did not succeed as the leads behind it.
  for (const a of alertResults) {
    if (a.status !== "checked") continue;
    for (const g of a.groups) {
      if (g.status !== "fired") continue;
      const subject = a.groupBy ? `${a.groupBy}=${g.value ?? "(empty)"}` : "all";
      const description = `${a.description} (rate ${percent(g.rate!)}, ${g.successes} of ${g.leads} leads, below the minimum ${percent(a.minimumRate)})`;
      for (const lead of g.behind!) find("alerts", a.id, subject, description, lead);
    }
  }
  // Each deviation of the send log is one finding, grouped by check and subject like the other areas.
  for (const f of nurtureAudit?.result() ?? []) {
    const key = `nurture|${f.check}|${f.subject}`;
    const finding = findings.get(key) ?? {
      category: "nurture",
      check: f.check,
      subject: f.subject,
      description: nurtureDescriptions[f.check],
      leads: [],
      sends: [],
    };
    if (f.lead !== null) finding.leads.push(f.lead);
    finding.sends!.push(f);
    findings.set(key, finding);
  }
  const slaRan = checks.filter((c) => c.area === "sla").every((c) => c.status === "ran");

  const order = (f: Finding) => `${auditCategories.indexOf(f.category)}|${f.check}|${f.subject}`;
  const kept = [...findings.values()].filter((f) => ran.has(`${f.category}|${f.check}`));
  return {
    diagnostics,
    read,
    report: {
      asOf: new Date(asOfMs).toISOString(),
      read,
      leads: read.decided,
      unreadable: read.rejected,
      findings: kept.sort((a, b) => (order(a) < order(b) ? -1 : 1)),
      sla: [...sla.values()]
        .filter(() => slaRan)
        .sort((a, b) => (a.queue + a.rule < b.queue + b.rule ? -1 : 1))
        .map((s) => ({
          queue: s.queue,
          rule: s.rule,
          leads: s.leads,
          touched: s.hours.length,
          withinSla: s.withinSla,
          medianHours: quantile(s.hours, 0.5),
          p90Hours: quantile(s.hours, 0.9),
          openBreaches: s.openBreaches,
        })),
      checks,
      summary: {
        ran: checks.filter((c) => c.status === "ran").length,
        skipped: checks.filter((c) => c.status === "skipped").length,
        missingFrom: options.missing || read.columns ? "columns" : "records",
        areas: auditCategories.map((area) => summarizeArea(area, checks, kept)),
      },
      alerts: alertResults,
    },
  };
}

function summarizeArea(area: AuditCategory, checks: CheckStatus[], findings: Finding[]): AreaSummary {
  const own = checks.filter((c) => c.area === area);
  const ran = own.filter((c) => c.status === "ran").length;
  const skipped = own.length - ran;
  const status = own.length === 0 ? "not-applicable" : skipped === 0 ? "checked" : ran === 0 ? "not-checked" : "incomplete";
  const count = findings.filter((f) => f.category === area).reduce((n, f) => n + findingCount(f), 0);
  return { area, status, findings: status === "not-checked" ? null : count, ran, skipped };
}

/**
 * Why a check was skipped, e.g. `the export has no "Lead Score" column (field crmScore)`.
 * Fields the policies never name come first: no export can supply them.
 */
function describeMissing(absent: string[], columns: (string | undefined)[], known: ReadonlySet<string>): string {
  const clauses: string[] = [];
  const undeclared = absent.filter((name) => !known.has(name));
  for (const name of undeclared) {
    const [owner, key] = name.split(".");
    clauses.push(
      owner === "production"
        ? `the data dictionary's production block names no ${key} field`
        : `the ${owner === "lifecycle" ? "Lifecycle" : owner} policy sets no ${key}`,
    );
  }
  const named = absent.flatMap((name, i) => (known.has(name) ? [{ name, column: columns[i] !== name ? columns[i] : undefined }] : []));
  if (named.length > 0)
    clauses.push(
      `the export has ${named.map(({ name, column }) => (column === undefined ? `no ${name} column` : `no "${column}" column (field ${name})`)).join(" and ")}`,
    );
  return clauses.join("; ");
}

/** The records a finding counts: its sends for a send log's (a program without entrants is one), its leads otherwise. */
export const findingCount = (f: Finding) => f.sends?.length ?? f.leads.length;

const nurtureDescriptions: Record<NurtureCheck, string> = {
  "unknown-program": "sends of a program the NurtureProgram policy does not define",
  "unknown-step": "sends of a step no track of the program has",
  "after-exit": "still active in a program whose exit holds for the lead now",
  "contact-cap": "marketing sends over the contact policy's cap in its rolling window",
  "quiet-period": "marketing sends in a quiet period",
  "sales-hold": "marketing sends within the hold after a sales touch",
  "open-opportunity": "sends of a program that is not downstream to a lead in an open opportunity now",
  consent: "sends on a channel without the consent the lead's region needs (the lead's consent now)",
  asset: "sends of an asset version not approved when sent, or of no known asset or version",
  "no-entrants": "programs no lead entered in the 180 days before the audit date",
};

/** A rate as a percentage rounded to 0.1, e.g. `2.9%`. */
const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

/** Nearest-rank quantile, rounded to 0.1 h. */
function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return Math.round(value * 10) / 10;
}
