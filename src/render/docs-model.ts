/**
 * The view model behind the Data Definitions documents: everything the
 * templates show, precomputed (conditions in plain words, anchors, which
 * rules read each field, approval expiry dates), so templates stay logic-free.
 */
import type { Diagram, DiagramEdge } from "./graph-svg.js";
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import { type ConditionRole, listConditions, ruleIdOf } from "../model/condition-listing.js";
import { factConditions } from "../model/condition-walk.js";
import type { PolicyKind } from "../model/policy.js";
import { riskLevelOf } from "../model/content-approvals.js";
import { describeCondition, type FactLabels } from "./condition-words.js";
import { factLabels } from "./fact-labels.js";
import { Markdown } from "./escape/markdown.js";
import { anchor } from "./anchors.js";
import { buildSystemsModel } from "./systems-model.js";
import { buildNurtureModel, nurtureConditionAnchor } from "./nurture-model.js";

export const pages: Record<PolicyKind, { slug: string; title: string }> = {
  DataDictionary: { slug: "data-dictionary", title: "Data dictionary" },
  ScoringModel: { slug: "scoring", title: "Lead scoring" },
  Lifecycle: { slug: "lifecycle", title: "Lifecycle" },
  Routing: { slug: "routing", title: "Routing and SLAs" },
  RetentionSchedule: { slug: "retention", title: "Data retention" },
  ContentApproval: { slug: "content", title: "Content approval" },
  NurtureProgram: { slug: "nurture", title: "Nurture programs" },
};

export { anchor };

/**
 * Where a page shows a condition that is not a rule row of its own (a dimension's reset, the opted-out
 * condition, the legal hold): named by the id diagnostics use, as the "read by" links of the data
 * dictionary name it.
 */
/** A picklist value with its label when that differs: `data (Data & Analytics)`. */
const picklistValueWords = (v: { value: string; label: string }) => (v.label === v.value ? v.value : `${v.value} (${v.label})`);

const conditionAnchor = (role: ConditionRole, elementId: string) => anchor("rule", ruleIdOf(role, elementId));

/** Not a policy of its own: each source system of the data dictionary, how its exports are read and mapped. */
export const systemsPage = { slug: "systems", title: "Source systems" };

const dayMs = 86_400_000;
const list = (items: readonly (string | number)[] | undefined) => (items?.length ? items.join(", ") : "none");

export function buildDocsModel(set: PolicySet) {
  const labels: FactLabels = factLabels(set);
  const words = (c: Parameters<typeof describeCondition>[0]) => describeCondition(c, labels);

  const meta = (kind: PolicyKind) => {
    const p = set.byKind[kind];
    if (!p) return null;
    return {
      ...pages[kind],
      kind,
      file: p.file,
      name: p.document.metadata.name,
      version: p.document.metadata.version,
      owners: list(p.document.metadata.owners),
      description: p.document.metadata.description,
    };
  };

  // Which rules read each field, with a link to the rule.
  const readers = new Map<string, { id: string; href: string; mdHref: string }[]>();
  const addReader = (fact: string, kind: PolicyKind, id: string, anchorId = anchor("rule", id)) => {
    const entry = {
      id,
      href: `${pages[kind].slug}.html#${anchorId}`,
      mdHref: `${pages[kind].slug}.md#${anchorId}`,
    };
    const current = readers.get(fact) ?? [];
    if (!current.some((r) => r.id === entry.id)) readers.set(fact, [...current, entry]);
  };
  for (const located of listConditions(set)) {
    // A funnel alert is one row of the scoring page, whichever of its conditions reads the field.
    const alert = located.role === "alert-population" || located.role === "alert-success";
    const kind = located.policy.document.kind;
    // A nurture condition is named by its key (`entry:welcome`, `exit:welcome/qualified`): a program, its exits,
    // tracks and branches may share ids, and its page anchors them by role.
    const [id, anchorId] =
      kind === "NurtureProgram"
        ? [located.key, nurtureConditionAnchor(located.role, located.elementId)]
        : [alert ? `alert.${located.elementId}` : located.ruleId, undefined];
    for (const { condition } of factConditions(located.condition)) addReader(condition.fact, kind, id, anchorId);
  }
  for (const a of specOf(set, "ScoringModel")?.alerts ?? []) if (a.groupBy) addReader(a.groupBy, "ScoringModel", `alert.${a.id}`);

  const dictionary = specOf(set, "DataDictionary");
  const systems = dictionary?.systems ?? [];
  // Each source system's import profile and column-to-field mapping (the "Source systems" page).
  const systemsModel = dictionary && systems.length > 0 ? buildSystemsModel(dictionary) : null;
  const dictionaryModel = dictionary && {
    ...meta("DataDictionary")!,
    systems: (systemsModel ?? []).map((s) => ({
      id: s.id,
      anchor: s.anchor,
      name: s.name,
      kind: s.kind,
      emptyDates: s.emptyDates.length ? list(s.emptyDates) : "-",
    })),
    conversions: {
      nullMarkers: list(dictionary.conversions.nullMarkers.map((m) => (m === "" ? "(empty)" : m))),
      trueValues: list(dictionary.conversions.trueValues),
      falseValues: list(dictionary.conversions.falseValues),
      dateFormats: list(dictionary.conversions.dateFormats),
    },
    idField: dictionary.idField,
    identityKeys: list(dictionary.identityKeys),
    objects: dictionary.objects.map((o) => ({
      id: o.id,
      label: o.label,
      description: o.description,
      fields: o.fields.map((f) => ({
        name: f.name,
        anchor: anchor("field", f.name),
        label: f.label,
        type: [f.type, ...(f.minimum === undefined ? [] : [`at least ${f.minimum}`]), ...(f.case ? [`read in ${f.case} case`] : [])].join(
          ", ",
        ),
        description: f.description,
        pii: f.pii,
        owner: f.owner,
        sourceOfTruth: f.sourceOfTruth,
        required: f.required ? "yes" : "no",
        values: f.values ? f.values.map(picklistValueWords).join(", ") : "-",
        // Each picklist value on its own, for the search index.
        picklist: (f.values ?? []).map(picklistValueWords),
        mappings: systems.map((s) => {
          const m = f.mappings?.[s.id];
          return { system: s.id, field: m?.field ?? "", direction: m?.direction ?? "", winner: m?.winner ?? "", mapped: m !== undefined };
        }),
        readBy: readers.get(f.name) ?? [],
      })),
    })),
  };

  const scoring = specOf(set, "ScoringModel");
  const scoringModel = scoring && {
    ...meta("ScoringModel")!,
    dimensions: scoring.dimensions.map((d) => ({
      id: d.id,
      description: d.description,
      cap: d.cap,
      floor: d.floor ?? 0,
      decay: d.decay ? `-${d.decay.points} points per ${d.decay.everyDays} days since ${labels.get(d.decay.fact) ?? d.decay.fact}` : "none",
      reset: d.resetWhen ? words(d.resetWhen) : "never",
      resetAnchor: conditionAnchor("reset", d.id),
      rules: scoring.rules
        .filter((r) => r.dimension === d.id)
        .map((r) => ({
          id: r.id,
          anchor: anchor("rule", r.id),
          description: r.description,
          points: r.points > 0 ? `+${r.points}` : String(r.points),
          condition: words(r.when),
        })),
    })),
    grades: scoring.grades.bands.map((b) => ({ grade: b.grade, min: b.min })),
    gradeDimension: scoring.grades.dimension,
    thresholds: scoring.thresholds.map((t) => ({
      id: t.id,
      anchor: anchor("rule", t.id),
      description: t.description,
      minimums: Object.entries(t.minimums)
        .map(([k, v]) => `${k} at least ${v}`)
        .join(" and "),
    })),
    exclusions: (scoring.exclusions ?? []).map((e) => ({
      id: e.id,
      anchor: anchor("rule", e.id),
      description: e.description,
      condition: words(e.when),
    })),
    alerts: (scoring.alerts ?? []).map((a) => ({
      id: a.id,
      anchor: anchor("rule", `alert.${a.id}`),
      description: a.description,
      counts: [a.population ? words(a.population) : "every lead", ...(a.threshold ? [`over the threshold ${a.threshold}`] : [])].join("; "),
      success: words(a.success),
      per: a.groupBy ? (labels.get(a.groupBy) ?? a.groupBy) : "all counted leads",
      minimumRate: `${Math.round(a.minimumRate * 10000) / 100}%`,
      minimumLeads: a.minimumLeads,
    })),
  };

  const lifecycle = specOf(set, "Lifecycle");
  const lifecycleModel = lifecycle && {
    ...meta("Lifecycle")!,
    stageFact: lifecycle.stageFact,
    ...lifecycleDiagrams(lifecycle),
    stages: lifecycle.stages.map((s) => ({
      id: s.id,
      anchor: anchor("stage", s.id),
      name: s.name,
      definition: s.definition,
      owner: s.owner,
      flags: [s.initial ? "initial" : "", s.terminal ? "terminal" : ""].filter(Boolean).join(", ") || "-",
      maxDays: s.maxDaysInStage ?? "-",
      entry: list(lifecycle.transitions.filter((t) => t.to === s.id).map((t) => t.id)),
      exit: list(lifecycle.transitions.filter((t) => t.from.includes(s.id)).map((t) => t.id)),
      codes: list(lifecycle.dispositions?.codes.filter((c) => c.stages.includes(s.id)).map((c) => c.code)),
    })),
    transitions: lifecycle.transitions.map((t, i) => ({
      order: i + 1,
      id: t.id,
      anchor: anchor("rule", t.id),
      description: t.description,
      from: list(t.from),
      to: t.to,
      condition: words(t.when),
    })),
    optedOutAnchor: lifecycle.optedOutWhen ? conditionAnchor("opted-out", "opted-out") : null,
    nurture: lifecycle.nurtureStages
      ? `Marketing nurtures leads in ${list(lifecycle.nurtureStages)}${lifecycle.optedOutWhen ? `; a lead has opted out when: ${words(lifecycle.optedOutWhen)}` : ""}.`
      : "No nurture stages declared.",
    recycle: lifecycle.recycle
      ? `Leads in ${list(lifecycle.recycle.from)} with no activity (${labels.get(lifecycle.recycle.activityFact) ?? lifecycle.recycle.activityFact}) for more than ${lifecycle.recycle.afterDays} days move to ${lifecycle.recycle.to}.`
      : "No recycling.",
    dispositions: lifecycle.dispositions
      ? {
          deadlineHours: lifecycle.dispositions.deadlineHours,
          stages: list(lifecycle.dispositions.stages),
          codes: lifecycle.dispositions.codes.map((c) => ({ code: c.code, label: c.label, stages: list(c.stages) })),
        }
      : null,
  };

  const routing = specOf(set, "Routing");
  const sla = (s: { firstTouchHours: number; escalateAfterHours?: number; reassignAfterHours?: number }) => ({
    first: `${s.firstTouchHours} h`,
    escalate: s.escalateAfterHours ? `${s.escalateAfterHours} h` : "-",
    reassign: s.reassignAfterHours ? `${s.reassignAfterHours} h` : "-",
  });
  const routingModel = routing && {
    ...meta("Routing")!,
    arrivalFact: labels.get(routing.arrivalFact) ?? routing.arrivalFact,
    rules: [
      ...routing.rules.map((r, i) => ({
        order: String(i + 1),
        id: r.id,
        anchor: anchor("rule", r.id),
        description: r.description,
        condition: words(r.when),
        queue: r.queue,
        sla: sla(r.sla),
      })),
      {
        order: "last",
        id: "fallback",
        anchor: anchor("rule", "fallback"),
        description: "Leads no rule matches.",
        condition: "Any other lead",
        queue: routing.fallback.queue,
        sla: sla(routing.fallback.sla),
      },
    ],
    queues: routing.queues.map((q) => ({
      id: q.id,
      name: q.name,
      strategy: q.strategy,
      calendar: q.calendar,
      overflow: q.overflow ?? "-",
      members: q.members
        .map(
          (m) =>
            `${m.name}${m.weight ? ` (weight ${m.weight})` : ""}${m.capacity !== undefined ? ` (cap ${m.capacity})` : ""}${m.dailyCapacity !== undefined ? ` (${m.dailyCapacity} a day)` : ""}`,
        )
        .join(", "),
    })),
    calendars: routing.calendars.map((c) => ({
      id: c.id,
      name: c.name,
      timeZone: c.timeZone,
      hours: (["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const)
        .map((d) => `${d} ${c.week[d]?.join(", ") ?? "closed"}`)
        .join("; "),
      holidays: c.holidays.map((h) => ({ date: h.date, name: h.name })),
    })),
  };

  const retention = specOf(set, "RetentionSchedule");
  const retentionModel = retention && {
    ...meta("RetentionSchedule")!,
    categories: retention.categories.map((c) => ({ id: c.id, description: c.description, fields: list(c.fields) })),
    legalHold: retention.legalHold
      ? {
          anchor: conditionAnchor("hold", "legal-hold"),
          description: retention.legalHold.description,
          condition: words(retention.legalHold.when),
        }
      : null,
    rules: retention.rules.map((r, i) => ({
      order: i + 1,
      id: r.id,
      anchor: anchor("rule", r.id),
      description: r.description,
      condition: words(r.when),
      categories: list(r.categories),
      period: `${r.keepDays} days from ${labels.get(r.from) ?? r.from}`,
      action: r.action,
      legalBasis: r.legalBasis,
    })),
  };

  const content = specOf(set, "ContentApproval");
  const contentModel = content && {
    ...meta("ContentApproval")!,
    roles: content.roles.map((r) => ({ id: r.id, description: r.description })),
    riskLevels: content.riskLevels.map((l) => ({
      id: l.id,
      description: l.description,
      topics: list(l.topics),
      approvers: list(l.approvers),
      review: `${l.reviewEveryDays} days`,
    })),
    assets: content.assets.map((a) => {
      const level = riskLevelOf(content, a);
      return {
        id: a.id,
        anchor: anchor("asset", a.id),
        title: a.title,
        risk: level.id,
        topics: list(a.topics),
        stages: list(a.stages),
        version: a.version,
        required: list(level.approvers),
        approvals: a.approvals.map((ap) => ({
          role: ap.role,
          by: ap.by,
          version: ap.version,
          date: ap.date,
          expires:
            ap.version === a.version
              ? new Date(Date.parse(ap.date) + level.reviewEveryDays * dayMs).toISOString().slice(0, 10)
              : "not for the current version",
        })),
        missing: list(level.approvers.filter((role) => !a.approvals.some((ap) => ap.role === role && ap.version === a.version))),
        gates: list(content.gates.filter((g) => g.assets.includes(a.id)).map((g) => g.id)),
      };
    }),
    gates: content.gates.map((g) => ({
      id: g.id,
      anchor: anchor("rule", g.id),
      description: g.description,
      assets: list(g.assets),
      condition: words(g.when),
    })),
  };

  const nurture = specOf(set, "NurtureProgram");
  const nurtureModel = nurture && {
    ...meta("NurtureProgram")!,
    ...buildNurtureModel(nurture, {
      words,
      label: (fact) => labels.get(fact) ?? fact,
      content: content ?? undefined,
      routing: routing !== undefined,
    }),
  };

  const policies = set.policies.map((p) => ({
    ...meta(p.document.kind)!,
    changes: (p.document.metadata.changes ?? []).map((c) => ({ ...c })),
  }));
  return {
    sources: set.policies.map((p) => p.file).join(", "),
    policies,
    dictionary: dictionaryModel ?? null,
    systems: systemsModel,
    scoring: scoringModel ?? null,
    lifecycle: lifecycleModel ?? null,
    routing: routingModel ?? null,
    retention: retentionModel ?? null,
    content: contentModel ?? null,
    nurture: nurtureModel ?? null,
  };
}

export type DocsModel = ReturnType<typeof buildDocsModel>;

/**
 * The lifecycle as a state diagram, one list of edges for both forms: Mermaid for the Markdown pages (GitHub
 * renders it) and the graph the HTML site draws as SVG (render/graph-svg.ts). Ids are schema-restricted
 * ([a-z0-9._-]), so the Mermaid is leadrules' own Markdown, not escaped text.
 */
function lifecycleDiagrams(lifecycle: NonNullable<ReturnType<typeof specOf<"Lifecycle">>>) {
  const start = "[*] start";
  const end = "[*] end";
  const edges: DiagramEdge[] = [
    ...lifecycle.stages.filter((s) => s.initial).map((s) => ({ from: start, to: s.id })),
    ...lifecycle.transitions.flatMap((t) => t.from.map((f) => ({ from: f, to: t.to, label: t.id }))),
    ...(lifecycle.recycle?.from.map((f) => ({
      from: f,
      to: lifecycle.recycle!.to,
      label: `inactive ${lifecycle.recycle!.afterDays} days`,
    })) ?? []),
    ...lifecycle.stages.filter((s) => s.terminal).map((s) => ({ from: s.id, to: end })),
  ];
  const mermaidName = (id: string) => (id === start || id === end ? "[*]" : id);
  const diagram: Diagram = {
    nodes: [
      ...(edges.some((e) => e.from === start) ? [{ id: start, label: "start", kind: "start" as const }] : []),
      ...lifecycle.stages.map((s) => ({ id: s.id, label: s.id })),
      ...(edges.some((e) => e.to === end) ? [{ id: end, label: "end", kind: "end" as const }] : []),
    ],
    edges,
  };
  return {
    mermaid: new Markdown(
      ["stateDiagram-v2", ...edges.map((e) => `    ${mermaidName(e.from)} --> ${mermaidName(e.to)}${e.label ? ` : ${e.label}` : ""}`)].join(
        "\n",
      ),
    ),
    diagram,
  };
}
