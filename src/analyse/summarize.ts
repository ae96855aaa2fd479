/**
 * What a policy set defines, one line per policy, for `npm start` and the README.
 */
import type { PolicyKind, SpecByKind } from "../model/policy.js";
import type { PolicySet } from "../model/policy-set.js";

export interface PolicySummaryRow {
  file: string;
  kind: PolicyKind;
  name: string;
  version: string;
  owners: string[];
  defines: string;
}

const plural = (n: number, word: string) => `${n} ${n === 1 ? word : word.endsWith("y") ? word.slice(0, -1) + "ies" : word + "s"}`;

const describe: { [K in PolicyKind]: (spec: SpecByKind[K]) => string } = {
  DataDictionary: (s) => {
    const fields = s.objects.flatMap((o) => o.fields);
    return `${plural(s.objects.length, "object")}, ${plural(fields.length, "field")} (${fields.filter((f) => f.pii !== "none").length} PII), ${plural(s.systems.length, "system")}`;
  },
  ScoringModel: (s) =>
    `${plural(s.rules.length, "rule")} over ${s.dimensions.map((d) => `${d.id} (cap ${d.cap})`).join(", ")}; ${s.thresholds
      .map(
        (t) =>
          `${t.id} at ${Object.entries(t.minimums)
            .map(([k, v]) => `${k} >= ${v}`)
            .join(" and ")}`,
      )
      .join("; ")}${s.alerts?.length ? `; ${plural(s.alerts.length, "funnel alert")}` : ""}`,
  Lifecycle: (s) =>
    `${plural(s.stages.length, "stage")}, ${plural(s.transitions.length, "transition")}${s.recycle ? `, recycle after ${s.recycle.afterDays} days` : ""}${s.dispositions ? `, disposition within ${s.dispositions.deadlineHours} h` : ""}`,
  Routing: (s) =>
    `${plural(s.rules.length, "rule")} + fallback, ${plural(s.queues.length, "queue")}, ${plural(s.calendars.length, "calendar")} (${s.calendars.map((c) => c.timeZone).join(", ")})`,
  RetentionSchedule: (s) =>
    `${plural(s.categories.length, "data category")}, ${plural(s.rules.length, "rule")}${s.legalHold ? ", legal hold" : ""}`,
  ContentApproval: (s) =>
    `${plural(s.riskLevels.length, "risk level")}, ${plural(s.assets.length, "asset")}, ${plural(s.gates.length, "gate")}`,
  NurtureProgram: (s) => {
    const tracks = s.programs.flatMap((p) => p.tracks);
    return `${plural(s.programs.length, "program")}, ${plural(tracks.length, "track")}, ${plural(tracks.flatMap((t) => t.steps).length, "step")}; at most ${s.contactPolicy.maxTouches} marketing touches per ${s.contactPolicy.windowDays} days, ${plural(s.consentGates.length, "consent gate")}`;
  },
};

export function summarizePolicies(set: PolicySet): PolicySummaryRow[] {
  return set.policies.map((p) => ({
    file: p.file,
    kind: p.document.kind,
    name: p.document.metadata.name,
    version: p.document.metadata.version,
    owners: p.document.metadata.owners,
    defines: (describe[p.document.kind] as (spec: unknown) => string)(p.document.spec),
  }));
}
