/**
 * Ids that other parts of the policies refer to must be unique.
 */
import type { Diagnostic } from "../../diagnostics/index.js";
import type { LoadedPolicy } from "../../model/loaded-policy.js";
import { problemAt, type Check } from "../check.js";
import { specOf } from "../../model/policy-set.js";
import { outcomeColumns } from "../../model/outcome.js";

export const uniqueIds: Check = {
  name: "unique-ids",
  description: "Rule ids, stage ids, queue ids, field names and other ids are unique.",
  codes: ["crossref/duplicate-id"],
  check({ set }) {
    const problems: Diagnostic[] = [];
    const unique = (policy: LoadedPolicy | undefined, what: string, items: { id: string; pointer: string }[]) => {
      if (!policy) return;
      const first = new Map<string, string>();
      for (const { id, pointer } of items) {
        const earlier = first.get(id);
        if (earlier === undefined) first.set(id, pointer);
        else {
          const line = policy.sourceMap.locate(earlier).line;
          problems.push(
            problemAt(
              policy,
              pointer,
              "crossref/duplicate-id",
              `${what} \`${id}\` is defined twice (first on line ${line})`,
              `Give each ${what} its own id.`,
              { ruleId: id },
            ),
          );
        }
      }
    };
    const list = <T>(items: T[] | undefined, base: string, key: (t: T) => string, suffix = "/id") =>
      (items ?? []).map((item, i) => ({ id: key(item), pointer: `${base}/${i}${suffix}` }));

    const dictionary = specOf(set, "DataDictionary");
    const dp = set.byKind.DataDictionary;
    if (dictionary) {
      unique(
        dp,
        "system",
        list(dictionary.systems, "/spec/systems", (s) => s.id),
      );
      unique(
        dp,
        "object",
        list(dictionary.objects, "/spec/objects", (o) => o.id),
      );
      unique(
        dp,
        "field",
        dictionary.objects.flatMap((o, oi) => list(o.fields, `/spec/objects/${oi}/fields`, (f) => f.name, "/name")),
      );
      dictionary.objects.forEach((o, oi) =>
        o.fields.forEach((f, fi) =>
          unique(
            dp,
            `picklist value of ${f.name}`,
            list(f.values, `/spec/objects/${oi}/fields/${fi}/values`, (v) => v.value, "/value"),
          ),
        ),
      );
    }
    const scoring = specOf(set, "ScoringModel");
    if (scoring) {
      const p = set.byKind.ScoringModel;
      unique(
        p,
        "dimension",
        list(scoring.dimensions, "/spec/dimensions", (d) => d.id),
      );
      // `score.<dimension>` must not be one of the score's own facts, nor a dimension's column another column.
      scoring.dimensions.forEach((d, i) => {
        if (d.id === "id" || d.id === "excluded" || (outcomeColumns as readonly string[]).includes(d.id))
          problems.push(
            problemAt(
              p!,
              `/spec/dimensions/${i}/id`,
              "crossref/duplicate-id",
              `dimension \`${d.id}\` has a name leadrules gives to something else (\`score.${d.id}\`, or the \`${d.id}\` column of simulate's rows)`,
              `Rename the dimension, e.g. \`${d.id}-score\`; \`id\`, \`excluded\` and the row columns (${outcomeColumns.join(", ")}) are taken.`,
              { ruleId: d.id },
            ),
          );
      });
      unique(
        p,
        "scoring rule",
        list(scoring.rules, "/spec/rules", (r) => r.id),
      );
      unique(
        p,
        "threshold",
        list(scoring.thresholds, "/spec/thresholds", (t) => t.id),
      );
      unique(
        p,
        "grade",
        list(scoring.grades.bands, "/spec/grades/bands", (b) => b.grade, "/grade"),
      );
      unique(
        p,
        "exclusion",
        list(scoring.exclusions, "/spec/exclusions", (e) => e.id),
      );
      unique(
        p,
        "alert",
        list(scoring.alerts, "/spec/alerts", (a) => a.id),
      );
    }
    const lifecycle = specOf(set, "Lifecycle");
    if (lifecycle) {
      const p = set.byKind.Lifecycle;
      unique(
        p,
        "stage",
        list(lifecycle.stages, "/spec/stages", (s) => s.id),
      );
      unique(
        p,
        "transition",
        list(lifecycle.transitions, "/spec/transitions", (t) => t.id),
      );
      unique(
        p,
        "disposition code",
        list(lifecycle.dispositions?.codes, "/spec/dispositions/codes", (c) => c.code, "/code"),
      );
    }
    const routing = specOf(set, "Routing");
    if (routing) {
      const p = set.byKind.Routing;
      unique(
        p,
        "calendar",
        list(routing.calendars, "/spec/calendars", (c) => c.id),
      );
      unique(
        p,
        "queue",
        list(routing.queues, "/spec/queues", (q) => q.id),
      );
      unique(
        p,
        "routing rule",
        list(routing.rules, "/spec/rules", (r) => r.id),
      );
      routing.queues.forEach((q, qi) =>
        unique(
          p,
          `member of queue ${q.id}`,
          list(q.members, `/spec/queues/${qi}/members`, (m) => m.id),
        ),
      );
    }
    const retention = specOf(set, "RetentionSchedule");
    if (retention) {
      const p = set.byKind.RetentionSchedule;
      unique(
        p,
        "data category",
        list(retention.categories, "/spec/categories", (c) => c.id),
      );
      unique(
        p,
        "retention rule",
        list(retention.rules, "/spec/rules", (r) => r.id),
      );
    }
    const content = specOf(set, "ContentApproval");
    if (content) {
      const p = set.byKind.ContentApproval;
      unique(
        p,
        "role",
        list(content.roles, "/spec/roles", (r) => r.id),
      );
      unique(
        p,
        "risk level",
        list(content.riskLevels, "/spec/riskLevels", (r) => r.id),
      );
      unique(
        p,
        "asset",
        list(content.assets, "/spec/assets", (a) => a.id),
      );
      unique(
        p,
        "gate",
        list(content.gates, "/spec/gates", (g) => g.id),
      );
    }
    const nurture = specOf(set, "NurtureProgram");
    if (nurture) {
      const p = set.byKind.NurtureProgram;
      unique(
        p,
        "program",
        list(nurture.programs, "/spec/programs", (x) => x.id),
      );
      unique(
        p,
        "consent gate",
        list(nurture.consentGates, "/spec/consentGates", (g) => g.id),
      );
      unique(
        p,
        "breaker",
        list(nurture.breakers, "/spec/breakers", (b) => b.id),
      );
      unique(
        p,
        "quiet period",
        list(nurture.contactPolicy.quietPeriods, "/spec/contactPolicy/quietPeriods", (q) => q.id),
      );
      nurture.programs.forEach((program, i) => {
        const at = `/spec/programs/${i}`;
        unique(
          p,
          "exit",
          list(program.exits, `${at}/exits`, (e) => e.id),
        );
        unique(
          p,
          "escalation",
          list(program.escalations, `${at}/escalations`, (e) => e.id),
        );
        unique(
          p,
          "track",
          list(program.tracks, `${at}/tracks`, (t) => t.id),
        );
        // Steps and branches are named within their program (a branch's goto, a send log's step column).
        unique(
          p,
          "step",
          program.tracks.flatMap((t, j) => list(t.steps, `${at}/tracks/${j}/steps`, (x) => `${t.id}/${x.id}`)),
        );
        unique(
          p,
          "branch",
          program.tracks.flatMap((t, j) =>
            t.steps.flatMap((x, k) => list(x.branches, `${at}/tracks/${j}/steps/${k}/branches`, (b) => b.id)),
          ),
        );
      });
    }
    return problems;
  },
};
