/**
 * A production-export variant of the sample corpus for `leadrules audit`:
 * every record carries what production recorded (score, grade, stage, queue,
 * owner, assignment and first-touch times, dispositions), all compliant with
 * the policies, except for seeded deviations of every kind the audit looks
 * for. Each deviation is verified by auditing it: the manifest lists exactly
 * the findings the audit must report. Any dictionary works: production fields
 * are recorded only where the dictionary names them, and a deviation that no
 * lead can carry (the fields or policies it needs are not there) is left out.
 */
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import { auditLeads, type AuditCategory } from "../audit/audit-leads.js";
import type { LeadOutcome } from "../model/outcome.js";
import { simulateLeads } from "../simulate/simulate-leads.js";
import type { SampleLead } from "./sample-lead.js";

export interface SeededDeviation {
  category: AuditCategory;
  check: string;
  lead: string;
}

const dayMs = 86_400_000;
const hourMs = 3_600_000;

export async function makeProductionExport(
  set: PolicySet,
  leads: readonly SampleLead[],
  asOf: string,
): Promise<{ records: SampleLead[]; deviations: SeededDeviation[] }> {
  const dictionary = specOf(set, "DataDictionary")!;
  const lifecycle = specOf(set, "Lifecycle");
  const production = dictionary.production ?? {};
  const idField = dictionary.idField;
  const asOfMs = Date.parse(asOf);
  const iso = (ms: number) => new Date(ms).toISOString();
  const routing = specOf(set, "Routing");
  const arrivalFact = routing?.arrivalFact;
  const fields = new Map(dictionary.objects.flatMap((o) => o.fields).map((f) => [f.name, f]));
  const productionFields = new Set(Object.values(production));
  const identity = new Set(dictionary.identityKeys ?? []);

  const simulate = async (records: readonly SampleLead[]) =>
    (
      await simulateLeads(
        set,
        records.map((values, i) => ({ record: { row: i + 1, values } })),
        { asOf },
      )
    ).rows;
  const audit = async (records: readonly SampleLead[]) =>
    (
      await auditLeads(
        set,
        records.map((values, i) => ({ record: { row: i + 1, values } })),
        { asOf },
      )
    ).report.findings
      // Funnel alerts judge the rates of a whole export, not whether a record was decided as the policies say.
      .filter((f) => f.category !== "alerts")
      .flatMap((f) => f.leads.map((lead) => `${f.category}/${f.check}/${lead}`))
      .sort();

  /** Production fields as a compliant system would have recorded them for this outcome. */
  const record = (input: SampleLead, o: LeadOutcome): SampleLead => {
    const r: SampleLead = { ...input };
    const put = (field: string | undefined, value: SampleLead[string]) => field && (r[field] = value);
    if (lifecycle && o.lifecycle) {
      r[lifecycle.stageFact] = o.lifecycle.after;
      if (lifecycle.stageEnteredFact) r[lifecycle.stageEnteredFact] = iso(asOfMs - dayMs);
      const d = lifecycle.dispositions;
      if (d) {
        const needs = o.lifecycle.after !== null && d.stages.includes(o.lifecycle.after);
        r[d.codeFact] = needs ? (d.codes.filter((c) => c.stages.includes(o.lifecycle!.after!)).at(-1)?.code ?? null) : null;
        r[d.loggedAtFact] = needs ? iso(asOfMs - dayMs + hourMs) : null;
      }
    }
    put(production.score, o.score?.total ?? null);
    put(production.grade, o.score?.grade ?? null);
    put(production.queue, o.route?.assignedQueue ?? null);
    put(production.owner, o.route?.owner ?? null);
    const arrival = arrivalFact ? input[arrivalFact] : null;
    put(production.assignedAt, typeof arrival === "string" ? arrival : null);
    const due = o.route?.sla.firstTouchDue;
    put(production.firstTouchAt, due && Date.parse(due) < asOfMs ? due : null);
    return r;
  };

  // 1. A compliant export: recorded values as the policies decide them; records the audit still flags are left out.
  const outcomes = await simulate(leads);
  let compliant = leads.map((lead, i) => record(lead, outcomes[i]!));
  const flagged = new Set((await audit(compliant)).map((f) => f.split("/").pop()!));
  compliant = compliant.filter((r) => !flagged.has(String(r[idField])));
  const overdueCandidates = leads.filter((l) => flagged.has(String(l[idField])));

  // 2. Seeded deviations, each on its own lead, each verified to produce exactly its findings.
  const deviations: SeededDeviation[] = [];
  const used = new Set<string>();
  const replacements = new Map<string, SampleLead[]>();
  const seed = async (
    category: AuditCategory,
    checks: string[],
    pool: readonly SampleLead[],
    change: (r: SampleLead, o: LeadOutcome) => Promise<SampleLead[] | null> | SampleLead[] | null,
  ) => {
    for (const candidate of pool) {
      const id = String(candidate[idField]);
      if (used.has(id)) continue;
      const [o] = await simulate([candidate]);
      const changed = await change({ ...candidate }, o!);
      if (!changed) continue;
      const found = await audit(changed);
      const expected = checks.map((c) => `${category}/${c}/${String(changed.at(-1)![idField])}`).sort();
      if (JSON.stringify(found) !== JSON.stringify(expected)) continue;
      used.add(id);
      replacements.set(id, changed);
      for (const c of checks) deviations.push({ category, check: c, lead: String(changed.at(-1)![idField]) });
      return;
    }
    // No lead can carry it (this dictionary or these policies lack what it needs): the manifest says so by leaving it out.
  };
  const stageOf = (r: SampleLead) => (lifecycle ? r[lifecycle.stageFact] : null);
  const resimulate = async (r: SampleLead) => record(r, (await simulate([r]))[0]!);

  await seed("drift", ["score"], compliant, (r, o) => {
    const rule = o.score?.rules.find((x) => o.score!.rules.filter((y) => y.points === x.points).length === 1 && x.points !== 0);
    if (!rule || !production.score) return null;
    r[production.score] = o.score!.total - rule.points;
    return [r];
  });
  await seed("drift", ["grade"], compliant, (r, o) => {
    if (!production.grade || o.score?.grade !== "B") return null;
    r[production.grade] = "C";
    return [r];
  });
  await seed("drift", ["stage"], compliant, (r) => {
    const original = leads.find((l) => l[idField] === r[idField]);
    if (
      !lifecycle ||
      !original ||
      original[lifecycle.stageFact] === stageOf(r) ||
      !["lead", "subscriber"].includes(String(original[lifecycle.stageFact]))
    )
      return null;
    r[lifecycle.stageFact] = original[lifecycle.stageFact]!;
    return [r];
  });
  await seed("drift", ["queue"], compliant, (r) => {
    if (!production.queue || typeof r[production.queue] !== "string") return null;
    // The bundled company's SDR queues lose a lead to its partner desk; elsewhere, any other queue will do.
    const current = String(r[production.queue]);
    const queues = (routing?.queues ?? []).map((q) => q.id);
    const other = queues.includes("partner-desk")
      ? current.startsWith("sdr-")
        ? "partner-desk"
        : undefined
      : queues.find((q) => q !== current);
    if (!other) return null;
    r[production.queue] = other;
    return [r];
  });
  await seed("sla", ["first-touch-late"], compliant, (r) => {
    if (!production.firstTouchAt || typeof r[production.firstTouchAt] !== "string") return null;
    r[production.firstTouchAt] = iso(Date.parse(String(r[production.firstTouchAt])) + 2 * dayMs);
    return [r];
  });
  await seed("sla", ["breach-open", "escalation-due"], compliant, (r, o) => {
    if (!production.firstTouchAt || !o.route?.sla.escalateAt || Date.parse(o.route.sla.escalateAt) >= asOfMs) return null;
    r[production.firstTouchAt] = null;
    return [r];
  });
  const d = lifecycle?.dispositions;
  if (lifecycle?.stageEnteredFact && d) {
    const entered = lifecycle.stageEnteredFact;
    await seed("disposition", ["missing"], compliant, (r) => {
      if (!d.stages.includes(String(stageOf(r)))) return null;
      Object.assign(r, { [entered]: iso(asOfMs - 5 * dayMs), [d.codeFact]: null, [d.loggedAtFact]: null });
      return [r];
    });
    await seed("disposition", ["late"], compliant, (r) => {
      if (!d.stages.includes(String(stageOf(r)))) return null;
      Object.assign(r, { [entered]: iso(asOfMs - 5 * dayMs), [d.loggedAtFact]: iso(asOfMs - 5 * dayMs + (d.deadlineHours + 24) * hourMs) });
      return [r];
    });
    await seed("disposition", ["invalid"], compliant, (r) => {
      const stage = String(stageOf(r));
      const wrong = d.codes.find((c) => !c.stages.includes(stage));
      if (!d.stages.includes(stage) || !wrong) return null;
      r[d.codeFact] = wrong.code;
      return [r];
    });
  }
  await seed("retention", ["delete"], overdueCandidates, async (r) => [await resimulate(r)]);
  await seed("hygiene", ["duplicate"], compliant, (r) => [r, { ...r, [idField]: `${String(r[idField])}-DUP` }]);
  // The first required field that is neither the id, an identity key nor a production field (Northwind: lastName).
  const requiredField = [...fields.values()].find(
    (f) => f.required && f.name !== idField && !identity.has(f.name) && !productionFields.has(f.name),
  );
  if (requiredField) {
    await seed("hygiene", ["required-missing"], compliant, (r) => {
      if (r[requiredField.name] === null) return null;
      r[requiredField.name] = null;
      return [r];
    });
  }
  // Northwind: a retail lead's industry becomes aerospace; elsewhere, the last picklist a record fills gets a value outside it.
  const invalid =
    fields.get("industry")?.values?.some((v) => v.value === "retail") === true
      ? { field: "industry", from: "retail" as string | undefined, to: "aerospace" }
      : (() => {
          const field = [...fields.values()]
            .filter((f) => f.type === "picklist" && f.name !== lifecycle?.stageFact && !productionFields.has(f.name))
            .at(-1);
          return field ? { field: field.name, from: undefined, to: `not-a-${field.name}` } : undefined;
        })();
  if (invalid) {
    await seed("hygiene", ["invalid-value"], compliant, (r) => {
      if (invalid.from === undefined ? r[invalid.field] === null : r[invalid.field] !== invalid.from) return null;
      r[invalid.field] = invalid.to;
      return [r];
    });
  }
  await seed("hygiene", ["opted-out-in-nurture"], compliant, async (r) => {
    if (!lifecycle || !fields.has("unsubscribed") || !fields.has("optOutAt") || stageOf(r) !== "lead" || r.unsubscribed === true)
      return null;
    const changed = await resimulate({ ...r, unsubscribed: true, optOutAt: iso(asOfMs - 10 * dayMs) });
    return stageOf(changed) === "lead" ? [changed] : null;
  });
  await seed("aging", ["stage-too-long"], compliant, (r) => {
    if (!lifecycle?.stageEnteredFact || stageOf(r) !== "lead") return null;
    r[lifecycle.stageEnteredFact] = iso(asOfMs - 200 * dayMs);
    return [r];
  });

  // 3. The export: compliant records in corpus order, seeded ones in place of their originals.
  const records: SampleLead[] = [];
  for (const lead of leads) {
    const id = String(lead[idField]);
    const replaced = replacements.get(id);
    if (replaced) records.push(...replaced);
    else {
      const kept = compliant.find((r) => r[idField] === lead[idField]);
      if (kept) records.push(kept);
    }
  }
  deviations.sort((a, b) => (`${a.category}/${a.check}/${a.lead}` < `${b.category}/${b.check}/${b.lead}` ? -1 : 1));
  return { records, deviations };
}
