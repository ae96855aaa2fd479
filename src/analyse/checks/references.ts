/**
 * Everything referenced by id must exist: dimensions, stages, queues,
 * calendars, roles, data categories, assets, fields and systems; and fields
 * used for a purpose must have the type that purpose needs.
 */
import { closest } from "fastest-levenshtein";
import type { Diagnostic } from "../../diagnostics/index.js";
import type { LoadedPolicy } from "../../model/loaded-policy.js";
import type { FieldType } from "../../model/policy.js";
import { problemAt, withArticle, type Check } from "../check.js";
import { specOf } from "../../model/policy-set.js";

export const references: Check = {
  name: "references",
  description: "Referenced stages, queues, calendars, roles, categories, assets, fields and systems exist.",
  codes: ["crossref/unknown-reference", "crossref/field-type", "crossref/picklist-value", "crossref/nurture-order"],
  check({ set, facts }) {
    const problems: Diagnostic[] = [];
    const ref = (
      policy: LoadedPolicy | undefined,
      pointer: string,
      value: string,
      known: Iterable<string>,
      what: string,
      definedIn: string,
    ) => {
      if (!policy) return;
      const options = [...known];
      if (options.includes(value)) return;
      const guess = options.length > 0 ? closest(value, options) : undefined;
      problems.push(
        problemAt(
          policy,
          pointer,
          "crossref/unknown-reference",
          `unknown ${what} \`${value}\``,
          `${guess ? `Did you mean \`${guess}\`? ` : ""}Known ${what}s are defined in ${definedIn}${options.length ? `: ${options.join(", ")}` : ""}.`,
          guess ? { suggest: [guess] } : {},
        ),
      );
    };
    const field = (policy: LoadedPolicy | undefined, pointer: string, name: string, types: FieldType[], purpose: string) => {
      if (!policy || !set.byKind.DataDictionary) return;
      const fact = facts.get(name);
      if (!fact || fact.derived) {
        ref(
          policy,
          pointer,
          name,
          [...facts.values()].filter((f) => !f.derived && types.includes(f.type)).map((f) => f.name),
          "field",
          "the data dictionary",
        );
      } else if (!types.includes(fact.type)) {
        problems.push(
          problemAt(
            policy,
            pointer,
            "crossref/field-type",
            `\`${name}\` is ${withArticle(fact.type)} field, but ${purpose} needs ${withArticle(types.join(" or "))} field`,
          ),
        );
      }
    };

    const dictionary = specOf(set, "DataDictionary");
    const lifecycle = specOf(set, "Lifecycle");
    const stageIds = lifecycle?.stages.map((s) => s.id);

    if (dictionary) {
      const p = set.byKind.DataDictionary;
      const systems = dictionary.systems.map((s) => s.id);
      dictionary.objects.forEach((o, oi) =>
        o.fields.forEach((f, fi) => {
          const base = `/spec/objects/${oi}/fields/${fi}`;
          ref(p, `${base}/sourceOfTruth`, f.sourceOfTruth, systems, "system", "spec.systems");
          const isPicklist = f.type === "picklist" || f.type === "multipicklist";
          if (isPicklist && !f.values)
            problems.push(
              problemAt(
                p!,
                base,
                "crossref/field-type",
                `picklist field \`${f.name}\` lists no values`,
                "Add `values:` with the allowed values.",
              ),
            );
          if (!isPicklist && f.values)
            problems.push(
              problemAt(
                p!,
                `${base}/values`,
                "crossref/field-type",
                `\`${f.name}\` is a ${f.type} field, so it cannot have picklist values`,
                "Make it a picklist or remove `values`.",
              ),
            );
          for (const [system, mapping] of Object.entries(f.mappings ?? {})) {
            ref(p, `${base}/mappings/${system}`, system, systems, "system", "spec.systems");
            if (mapping.winner) ref(p, `${base}/mappings/${system}/winner`, mapping.winner, systems, "system", "spec.systems");
            for (const [label, value] of Object.entries(mapping.values ?? {})) {
              if (f.values && !f.values.some((v) => v.value === value)) {
                problems.push(
                  problemAt(
                    p!,
                    `${base}/mappings/${system}/values/${label}`,
                    "crossref/picklist-value",
                    `${system} label ${JSON.stringify(label)} maps to ${JSON.stringify(value)}, which is not a value of \`${f.name}\``,
                    `Allowed: ${f.values.map((v) => v.value).join(", ")}.`,
                  ),
                );
              }
            }
          }
        }),
      );
      field(p, "/spec/idField", dictionary.idField, ["string"], "`idField`");
      const productionTypes: Record<string, FieldType[]> = {
        score: ["number", "integer"],
        grade: ["string", "picklist"],
        queue: ["string", "picklist"],
        owner: ["string"],
        assignedAt: ["datetime"],
        firstTouchAt: ["datetime"],
      };
      for (const [role, name] of Object.entries(dictionary.production ?? {}))
        field(p, `/spec/production/${role}`, name!, productionTypes[role]!, `production \`${role}\``);
      (dictionary.identityKeys ?? []).forEach((k, i) => field(p, `/spec/identityKeys/${i}`, k, ["string", "email"], "an identity key"));
    }

    const scoring = specOf(set, "ScoringModel");
    if (scoring) {
      const p = set.byKind.ScoringModel;
      const dims = scoring.dimensions.map((d) => d.id);
      scoring.rules.forEach((r, i) => ref(p, `/spec/rules/${i}/dimension`, r.dimension, dims, "dimension", "spec.dimensions"));
      ref(p, "/spec/grades/dimension", scoring.grades.dimension, dims, "dimension", "spec.dimensions");
      scoring.thresholds.forEach((t, i) =>
        Object.keys(t.minimums).forEach((k) =>
          ref(p, `/spec/thresholds/${i}/minimums/${k}`, k, [...dims, "total"], "dimension", "spec.dimensions (or `total`)"),
        ),
      );
      scoring.dimensions.forEach(
        (d, i) => d.decay && field(p, `/spec/dimensions/${i}/decay/fact`, d.decay.fact, ["date", "datetime"], "decay"),
      );
      // Funnel alerts count leads over one of the model's thresholds, one rate per value of a single-valued field.
      const thresholds = scoring.thresholds.map((t) => t.id);
      (scoring.alerts ?? []).forEach((a, i) => {
        if (a.threshold !== undefined) ref(p, `/spec/alerts/${i}/threshold`, a.threshold, thresholds, "threshold", "spec.thresholds");
        if (a.groupBy !== undefined)
          field(p, `/spec/alerts/${i}/groupBy`, a.groupBy, ["string", "picklist", "boolean", "integer"], "an alert's `groupBy`");
      });
    }

    if (lifecycle) {
      const p = set.byKind.Lifecycle;
      const stages = stageIds!;
      field(p, "/spec/stageFact", lifecycle.stageFact, ["picklist"], "`stageFact`");
      const stageField = facts.get(lifecycle.stageFact);
      if (stageField?.values && !stageField.derived) {
        lifecycle.stages.forEach((s, i) => {
          if (!stageField.values!.includes(s.id))
            problems.push(
              problemAt(
                p!,
                `/spec/stages/${i}/id`,
                "crossref/picklist-value",
                `stage \`${s.id}\` is not a value of the picklist \`${lifecycle.stageFact}\``,
                `Add it to the field's values in the data dictionary.`,
              ),
            );
        });
      }
      lifecycle.transitions.forEach((t, i) => {
        t.from.forEach((s, j) => ref(p, `/spec/transitions/${i}/from/${j}`, s, stages, "stage", "spec.stages"));
        ref(p, `/spec/transitions/${i}/to`, t.to, stages, "stage", "spec.stages");
      });
      if (lifecycle.recycle) {
        lifecycle.recycle.from.forEach((s, j) => ref(p, `/spec/recycle/from/${j}`, s, stages, "stage", "spec.stages"));
        ref(p, "/spec/recycle/to", lifecycle.recycle.to, stages, "stage", "spec.stages");
        field(p, "/spec/recycle/activityFact", lifecycle.recycle.activityFact, ["date", "datetime"], "recycling");
      }
      (lifecycle.nurtureStages ?? []).forEach((s, j) => ref(p, `/spec/nurtureStages/${j}`, s, stages, "stage", "spec.stages"));
      if (lifecycle.stageEnteredFact) field(p, "/spec/stageEnteredFact", lifecycle.stageEnteredFact, ["datetime"], "`stageEnteredFact`");
      if (lifecycle.dispositions) {
        field(p, "/spec/dispositions/codeFact", lifecycle.dispositions.codeFact, ["picklist"], "`codeFact`");
        field(p, "/spec/dispositions/loggedAtFact", lifecycle.dispositions.loggedAtFact, ["datetime"], "`loggedAtFact`");
        lifecycle.dispositions.stages.forEach((s, j) => ref(p, `/spec/dispositions/stages/${j}`, s, stages, "stage", "spec.stages"));
        lifecycle.dispositions.codes.forEach((c, i) =>
          c.stages.forEach((s, j) =>
            ref(
              p,
              `/spec/dispositions/codes/${i}/stages/${j}`,
              s,
              lifecycle.dispositions!.stages,
              "disposition stage",
              "spec.dispositions.stages",
            ),
          ),
        );
      }
    }

    const routing = specOf(set, "Routing");
    if (routing) {
      const p = set.byKind.Routing;
      const queues = routing.queues.map((q) => q.id);
      const calendars = routing.calendars.map((c) => c.id);
      field(p, "/spec/arrivalFact", routing.arrivalFact, ["datetime"], "`arrivalFact`");
      routing.queues.forEach((q, i) => {
        ref(p, `/spec/queues/${i}/calendar`, q.calendar, calendars, "calendar", "spec.calendars");
        if (q.overflow) ref(p, `/spec/queues/${i}/overflow`, q.overflow, queues, "queue", "spec.queues");
      });
      routing.rules.forEach((r, i) => ref(p, `/spec/rules/${i}/queue`, r.queue, queues, "queue", "spec.queues"));
      ref(p, "/spec/fallback/queue", routing.fallback.queue, queues, "queue", "spec.queues");
    }

    const retention = specOf(set, "RetentionSchedule");
    if (retention) {
      const p = set.byKind.RetentionSchedule;
      const categories = retention.categories.map((c) => c.id);
      retention.categories.forEach((c, i) =>
        c.fields.forEach((f, j) =>
          field(
            p,
            `/spec/categories/${i}/fields/${j}`,
            f,
            ["string", "number", "integer", "boolean", "date", "datetime", "email", "picklist", "multipicklist"],
            "a data category",
          ),
        ),
      );
      retention.rules.forEach((r, i) => {
        r.categories.forEach((c, j) => ref(p, `/spec/rules/${i}/categories/${j}`, c, categories, "data category", "spec.categories"));
        field(p, `/spec/rules/${i}/from`, r.from, ["date", "datetime"], "a retention period");
      });
    }

    const content = specOf(set, "ContentApproval");
    if (content) {
      const p = set.byKind.ContentApproval;
      const roles = content.roles.map((r) => r.id);
      const assets = content.assets.map((a) => a.id);
      content.riskLevels.forEach((l, i) =>
        l.approvers.forEach((r, j) => ref(p, `/spec/riskLevels/${i}/approvers/${j}`, r, roles, "role", "spec.roles")),
      );
      content.assets.forEach((a, i) => {
        if (stageIds) a.stages.forEach((s, j) => ref(p, `/spec/assets/${i}/stages/${j}`, s, stageIds, "stage", "the Lifecycle policy"));
        a.approvals.forEach((ap, j) => ref(p, `/spec/assets/${i}/approvals/${j}/role`, ap.role, roles, "role", "spec.roles"));
      });
      content.gates.forEach((g, i) =>
        g.assets.forEach((a, j) => ref(p, `/spec/gates/${i}/assets/${j}`, a, assets, "asset", "spec.assets")),
      );
    }

    const nurture = specOf(set, "NurtureProgram");
    if (nurture) {
      const p = set.byKind.NurtureProgram;
      const calendars = specOf(set, "Routing")?.calendars.map((c) => c.id) ?? [];
      const routes = specOf(set, "Routing")?.rules.map((r) => r.id) ?? [];
      const assets = content?.assets.map((a) => a.id) ?? [];
      const programs = nurture.programs.map((x) => x.id);
      nurture.contactPolicy.quietPeriods?.forEach((q, i) => {
        if (q.to < q.from)
          problems.push(
            problemAt(
              p!,
              `/spec/contactPolicy/quietPeriods/${i}/to`,
              "crossref/nurture-order",
              `quiet period \`${q.id}\` ends on ${q.to}, before it starts on ${q.from}`,
              "Give the first quiet day as `from` and the last as `to`.",
            ),
          );
      });
      for (const [i, f] of (nurture.contactPolicy.salesTouch?.facts ?? []).entries())
        field(p, `/spec/contactPolicy/salesTouch/facts/${i}`, f, ["date", "datetime"], "a sales touch");
      nurture.breakers?.forEach((b, i) =>
        b.programs?.forEach((x, j) => ref(p, `/spec/breakers/${i}/programs/${j}`, x, programs, "program", "spec.programs")),
      );
      nurture.programs.forEach((program, i) => {
        const at = `/spec/programs/${i}`;
        ref(p, `${at}/calendar`, program.calendar, calendars, "calendar", "the Routing policy");
        program.escalations?.forEach((e, j) =>
          ref(p, `${at}/escalations/${j}/route`, e.route, routes, "routing rule", "the Routing policy"),
        );
        program.tracks.forEach((track, j) =>
          track.steps.forEach((step, k) => {
            const stepAt = `${at}/tracks/${j}/steps/${k}`;
            if (step.asset !== undefined) ref(p, `${stepAt}/asset`, step.asset, assets, "asset", "the ContentApproval policy");
            // A branch jumps forward within its track: a loop would send the same steps for ever.
            const later = track.steps.slice(k + 1).map((x) => x.id);
            step.branches?.forEach((b, m) => {
              const goto = `${stepAt}/branches/${m}/goto`;
              if (track.steps.slice(0, k + 1).some((x) => x.id === b.goto))
                problems.push(
                  problemAt(
                    p!,
                    goto,
                    "crossref/nurture-order",
                    `branch \`${b.id}\` jumps back to \`${b.goto}\`, ${b.goto === step.id ? "its own step" : "an earlier step"}: a loop`,
                    `A branch may only jump to a later step of track ${track.id}${later.length ? ` (${later.join(", ")})` : ""}; to send content again, add a later step for it.`,
                  ),
                );
              else ref(p, goto, b.goto, later, "later step", `track ${track.id} after step ${step.id}`);
            });
          }),
        );
      });
    }
    return problems;
  },
};
