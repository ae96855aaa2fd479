/**
 * Leads and policy sets for differential tests of two forms of one decision
 * (the fused row function against the pipeline, a fused diff against
 * comparing reference outcomes): generated leads, null-heavy leads, and
 * copies of the bundled set edited in memory.
 */
import { generateLeads, specOf, type PolicySet } from "../../src/index.js";
import { seededRandom as createRandom } from "../../src/model/seeded-random.js";
import type { LoadedPolicy } from "../../src/model/loaded-policy.js";
import { buildPolicySet } from "../../src/model/policy-set.js";
import type { SpecByKind } from "../../src/model/policy.js";
import { validSet } from "./policies.js";

export type Values = Record<string, unknown>;
export type Specs = { [K in keyof SpecByKind]?: SpecByKind[K] };

export const bundled = validSet();
const dictionary = specOf(bundled, "DataDictionary")!;

export const leadsAt = (asOf: string, count: number, seed: number): Values[] => generateLeads(dictionary, { count, seed, asOf });

/** Most fields absent, null, empty or of a bad value (read as empty and flagged); the id kept on most. */
export function nullHeavy(leads: Values[], seed: number): Values[] {
  const next = createRandom(seed);
  const bad = [null, "", "not a value", "2026-13-45", "31/02/2026", -1, "1e999", true, "yes", "  "];
  return leads.map((lead) => {
    const out: Values = {};
    for (const [key, value] of Object.entries(lead)) {
      const r = next();
      if (key === "leadId" && r < 0.97) out[key] = value;
      else if (r < 0.3) continue;
      else if (r < 0.75) out[key] = bad[Math.floor(next() * bad.length)];
      else out[key] = value;
    }
    return out;
  });
}

/** Records as a reader yields them, numbered from line 2 (after a header). */
export const inputs = (leads: readonly Values[]) => leads.map((values, i) => ({ record: { row: i + 2, values: { ...values } } }));

/** A copy of the bundled policy set with its specs edited in memory (as the generator sees them; not validated). */
export function variant(edit: (specs: Specs) => void, drop: (keyof SpecByKind)[] = []): PolicySet {
  const set = buildPolicySet(
    bundled.policies.filter((p) => !drop.includes(p.document.kind)).map((p) => ({ ...p, document: structuredClone(p.document) })),
  );
  const specs = Object.fromEntries(set.policies.map((p: LoadedPolicy) => [p.document.kind, p.document.spec]));
  edit(specs as Specs);
  return set;
}

/** Fractional points, steep decay, floors, no exclusions, a dimension no rule feeds. */
export const fractionalScoring = () =>
  variant((specs) => {
    const scoring = specs.ScoringModel!;
    scoring.rules.forEach((r, i) => {
      r.points = r.points + (i % 3) * 0.1;
    });
    scoring.dimensions.forEach((d) => {
      if (d.decay) d.decay = { ...d.decay, everyDays: 3, points: 7 };
      d.floor = -5;
    });
    scoring.dimensions.push({ id: "unfed", description: "no rule", cap: 10, floor: 2 });
    delete scoring.exclusions;
  });

/** A lifecycle that oscillates, recycles often and recycles into a stage it recycles from. */
export const oscillatingLifecycle = () =>
  variant((specs) => {
    const lifecycle = specs.Lifecycle!;
    lifecycle.transitions.push(
      { id: "back-to-lead", description: "always", from: ["mql", "recycled"], to: "lead", when: { all: [] } },
      { id: "lead-to-recycled", description: "always", from: ["lead"], to: "recycled", when: { all: [] } },
    );
    lifecycle.recycle = { ...lifecycle.recycle!, afterDays: 10, from: ["mql", "sal", "recycled"] };
  });

/**
 * A dictionary field named as the derived fact `stage`: scoring reads the field; the lifecycle defines the
 * fact again, so later steps read the derived stage.
 */
export const fieldNamedStage = () =>
  variant((specs) => {
    const fields = specs.DataDictionary!.objects[0]!.fields;
    fields.push({ ...fields.find((f) => f.name === "lifecycleStage")!, name: "stage", description: "A field named as the derived fact." });
    specs.ScoringModel!.rules.push({
      id: "fit.field-stage",
      dimension: "fit",
      description: "",
      points: 3,
      when: { fact: "stage", operator: "equal", value: "mql" },
    });
  });
