/**
 * The diff's fused comparison (diff/decide-pair.ts) against the reference:
 * both versions' pipelines on every lead, owners assigned in input order,
 * every pair of whole outcomes compared (`BehaviourAccumulator.add`). The
 * behaviour diff (every count, the stage matrix, queue moves, histogram,
 * near-threshold examples, the top list) must be the same, on one thread and
 * with workers, for changes of each kind, for leads whose fields are mostly
 * empty or bad, and when one version cannot be fused.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planPolicies, type PolicySet } from "../src/index.js";
import { BehaviourAccumulator, type BehaviourDiff } from "../src/diff/behaviour-diff.js";
import { diffBehaviour } from "../src/diff/diff-leads.js";
import { diffBehaviourInParallel } from "../src/parallel/diff-parallel.js";
import { createSimulator } from "../src/simulate/simulate-leads.js";
import { whyNotFused } from "../src/fused/fused-row.js";
import type { ReadOptions } from "../src/input/intake.js";
import { corpusAsOf } from "./helpers/policies.js";
import { makeTempDir } from "./helpers/policy-fixtures.js";
import { bundled, inputs, leadsAt, nullHeavy, variant, type Values } from "./helpers/varied-policies.js";

const read: ReadOptions = { maxBadRows: "100%" };
// Every changed lead listed, so each one's fields, values and rules are compared.
const topLimit = 100_000;

/** The plain form: each version decides and assigns every lead by its pipeline; whole outcomes compared. */
function referenceDiff(base: PolicySet, head: PolicySet, leads: readonly Values[], asOf: string, firstRow = 2): BehaviourDiff {
  const versions = [createSimulator(base, { asOf, ...read, trace: true }), createSimulator(head, { asOf, ...read, trace: true })];
  const accumulator = new BehaviourAccumulator(head, { topLimit, keepChanged: true });
  for (const [i, values] of leads.entries()) {
    const [b, h] = versions.map((v) => v.decideSync({ ...values }, firstRow + i));
    // The arrival as each version's route step saw it.
    const arrival = (d: NonNullable<typeof b>, set: PolicySet) => {
      const fact = set.byKind.Routing?.document.spec.arrivalFact;
      const value = fact === undefined ? undefined : d.evaluation.steps.route?.facts[fact];
      return typeof value === "string" ? Date.parse(value) : null;
    };
    if (b && h) accumulator.add(b.row, h.row, [arrival(b, base), arrival(h, head)]);
  }
  return accumulator.result();
}

async function expectSameDiff(base: PolicySet, head: PolicySet, leads: readonly Values[], asOf = corpusAsOf): Promise<BehaviourDiff> {
  const expected = referenceDiff(base, head, leads, asOf);
  const { behaviour } = await diffBehaviour(base, head, inputs(leads), asOf, [read, read], { topLimit, keepChanged: true });
  expect(behaviour).toEqual(expected);
  expect(JSON.stringify(behaviour)).toBe(JSON.stringify(expected));
  return behaviour;
}

const leads = [...leadsAt(corpusAsOf, 2_500, 51), ...nullHeavy(leadsAt(corpusAsOf, 800, 52), 53)];
// Ids used twice, and an id that needs escaping.
leads[3]!.leadId = leads[4]!.leadId;
leads[5]!.leadId = 'quote " backslash \\ ünï';

const mqlAt90 = variant(({ ScoringModel: scoring }) => {
  scoring!.thresholds[0]!.minimums.total = 90;
});

describe("the fused diff counts what comparing whole outcomes counts", () => {
  it("takes the fused path on the bundled policies", () => {
    expect(whyNotFused(planPolicies(bundled), Date.parse(corpusAsOf))).toBeUndefined();
  });

  it("finds no change between a version and itself", async () => {
    const behaviour = await expectSameDiff(bundled, bundled, leads);
    expect(behaviour.changedLeads).toBe(0);
    expect(behaviour.leads).toBeGreaterThan(3_000);
  }, 60_000);

  it("a threshold change: stages, queues and owners move", async () => {
    const behaviour = await expectSameDiff(bundled, mqlAt90, leads);
    expect(behaviour.changes.stage).toBeGreaterThan(0);
    expect(behaviour.changes.owner).toBeGreaterThan(0);
    // Back: a lead the base moved to mql stays a lead in the head (which must not start from the base's stage).
    expect((await expectSameDiff(mqlAt90, bundled, leads)).changes.stage).toBe(behaviour.changes.stage);
  }, 60_000);

  it("scoring points, decay, a routing rule's SLA and order, content and retention changes", async () => {
    const head = variant(({ ScoringModel: scoring, Routing: routing, RetentionSchedule: retention, ContentApproval: content }) => {
      scoring!.rules[0]!.points += 7;
      scoring!.dimensions[1]!.decay = { fact: "lastActivityAt", everyDays: 5, points: 4 };
      routing!.rules[0]!.sla = { ...routing!.rules[0]!.sla, firstTouchHours: (routing!.rules[0]!.sla.firstTouchHours ?? 4) + 3 };
      routing!.rules.reverse();
      retention!.rules[1]!.keepDays += 10;
      content!.assets[0]!.stages = [...content!.assets[0]!.stages, "lead"];
    });
    const behaviour = await expectSameDiff(bundled, head, leads);
    for (const field of ["score", "grade", "sla", "queue", "retentionDate"] as const)
      expect(behaviour.changes[field], field).toBeGreaterThan(0);
  }, 60_000);

  it("a change that only lists a rule differently or flags another field is no change of behaviour", async () => {
    // A rule of no points renamed: its id is in the row text, in no compared field.
    const renamed = variant(({ ScoringModel: scoring, DataDictionary: dictionary }) => {
      scoring!.rules[0]!.id = "renamed-rule";
      const jobFunction = dictionary!.objects.flatMap((o) => o.fields).find((f) => f.name === "jobFunction")!;
      jobFunction.values = jobFunction.values!.slice(0, 3);
    });
    const behaviour = await expectSameDiff(bundled, renamed, leads);
    expect(behaviour.leads).toBeGreaterThan(3_000);
  }, 60_000);

  // Each compared field changed where the others mostly are not.
  it("points moved between dimensions (the same total), grade bands, an action, the recycle time without content", async () => {
    const moved = variant(({ ScoringModel: scoring }) => {
      const rule = scoring!.rules.find((r) => r.dimension === "fit")!;
      rule.dimension = "engagement";
    });
    expect((await expectSameDiff(bundled, moved, leads)).changes.score).toBeGreaterThan(0);
    const bands = variant(({ ScoringModel: scoring }) => {
      scoring!.grades.bands[0]!.min = 40;
    });
    expect((await expectSameDiff(bundled, bands, leads)).changes.grade).toBeGreaterThan(0);
    const action = variant(({ RetentionSchedule: retention }) => {
      for (const rule of retention!.rules) if (rule.action === "delete") rule.action = "anonymize";
    });
    expect((await expectSameDiff(bundled, action, leads)).changes.retentionAction).toBeGreaterThan(0);
    const noContent = variant(() => {}, ["ContentApproval", "Routing"]);
    const recycleSooner = variant(
      ({ Lifecycle: lifecycle }) => {
        lifecycle!.recycle!.afterDays = 30;
      },
      ["ContentApproval", "Routing"],
    );
    expect((await expectSameDiff(noContent, recycleSooner, leads)).changes.stage).toBeGreaterThan(0);
  }, 60_000);

  it("dimensions listed in another order change no score; a dimension added changes every scored lead", async () => {
    const reordered = variant(({ ScoringModel: scoring }) => {
      scoring!.dimensions.reverse();
    });
    expect((await expectSameDiff(bundled, reordered, leads)).changedLeads).toBe(0);
    const reorderedAndMoved = variant(({ ScoringModel: scoring }) => {
      scoring!.dimensions.reverse();
      scoring!.rules.find((r) => r.dimension === "fit")!.dimension = "engagement";
    });
    expect((await expectSameDiff(bundled, reorderedAndMoved, leads)).changes.score).toBeGreaterThan(0);
    const added = variant(({ ScoringModel: scoring }) => {
      scoring!.dimensions.push({ id: "intent", description: "", cap: 10 });
    });
    expect((await expectSameDiff(bundled, added, leads.slice(0, 500))).changes.score).toBeGreaterThan(400);
  }, 60_000);

  it("a version without a lifecycle reads no stage the other version decided", async () => {
    const noLifecycle = variant(() => {}, ["Lifecycle"]);
    expect((await expectSameDiff(bundled, noLifecycle, leads)).changes.content).toBeGreaterThan(0);
  }, 60_000);

  it("leads near a low threshold, excluded or not", async () => {
    const low = variant(({ ScoringModel: scoring }) => {
      scoring!.thresholds.push({ id: "low", description: "", minimums: { total: 2 } });
    });
    const behaviour = await expectSameDiff(bundled, low, leads);
    expect(behaviour.nearThreshold.find((n) => n.threshold === "low")!.leads).toBeGreaterThan(0);
  }, 60_000);

  it("rows only one version decides still take that version's owners in turn", async () => {
    // The head reads its lead id from another field: rows without one are the head's to reject, not the base's.
    const otherId = variant(({ DataDictionary: dictionary }) => {
      dictionary!.idField = "email";
    });
    const behaviour = await expectSameDiff(otherId, bundled, leads);
    expect(behaviour.changes.owner).toBeGreaterThan(0);
  }, 60_000);

  it("a version that cannot be fused is compared by the pipelines", async () => {
    const proto = variant(({ ScoringModel: scoring }) => {
      scoring!.dimensions[0]!.id = "__proto__";
    });
    expect(whyNotFused(planPolicies(proto), Date.parse(corpusAsOf))).toBeDefined();
    await expectSameDiff(bundled, proto, leads.slice(0, 600));
    await expectSameDiff(proto, bundled, leads.slice(0, 600));
  }, 60_000);

  it("with worker threads", async () => {
    const file = path.join(makeTempDir(), "leads.ndjson");
    writeFileSync(file, leads.map((l) => JSON.stringify(l)).join("\n") + "\n");
    // The file's records are numbered by line, from 1.
    const expected = referenceDiff(bundled, mqlAt90, leads, corpusAsOf, 1);
    const { behaviour } = await diffBehaviourInParallel(bundled, mqlAt90, file, corpusAsOf, { topLimit, keepChanged: true }, 2, [
      read,
      read,
    ]);
    expect(behaviour).toEqual(expected);
  }, 120_000);
});
