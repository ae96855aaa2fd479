/**
 * The nurture step decides alike on the compiled evaluator and on json-rules-engine: random programs (the
 * bundled ones with random entries, exits, escalations, tracks, branches, priorities, consent gates and
 * open-opportunity rule, from the random conditions the other differential tests use) over generated leads
 * with random touches in a send log; every field of every decision, and the summary, must be equal.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NurtureImpactAccumulator } from "../src/diff/nurture-impact.js";
import { buildPolicySet } from "../src/model/policy-set.js";
import { generateLeads, nurtureStream, specOf, type NurtureDecision, type NurtureTouch } from "../src/index.js";
import type { Condition } from "../src/model/condition.js";
import type { NurtureSpec } from "../src/model/policy.js";
import { corpusAsOf } from "./helpers/policies.js";
import { condition, dictionary, set } from "./helpers/random-conditions.js";

const bundled = specOf(set, "NurtureProgram")!;
const asOfMs = Date.parse(corpusAsOf);

/** A condition kept as the policy wrote it, or a random one. */
const either = (original: Condition) => fc.oneof({ weight: 1, arbitrary: fc.constant(original) }, { weight: 2, arbitrary: condition });
const optional = fc.option(condition, { nil: undefined });

const nurtureSpec: fc.Arbitrary<NurtureSpec> = fc
  .record({
    openOpportunity: optional,
    gates: fc.tuple(...bundled.consentGates.map((g) => fc.tuple(either(g.region), either(g.requires)))),
    programs: fc.tuple(
      ...bundled.programs.map((p) =>
        fc.record({
          priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
          downstream: fc.boolean(),
          entry: either(p.entry),
          exits: fc.tuple(...p.exits.map((e) => either(e.when))),
          escalations: fc.tuple(...(p.escalations ?? []).map((e) => either(e.when))),
          tracks: fc.tuple(...p.tracks.map(() => optional)),
          branches: fc.tuple(...p.tracks.flatMap((t) => t.steps.flatMap((s) => (s.branches ?? []).map(() => condition)))),
        }),
      ),
    ),
  })
  .map(({ openOpportunity, gates, programs }) => ({
    ...bundled,
    contactPolicy: { ...bundled.contactPolicy, ...(openOpportunity ? { openOpportunity } : {}) },
    consentGates: bundled.consentGates.map((g, i) => ({ ...g, region: gates[i]![0], requires: gates[i]![1] })),
    programs: bundled.programs.map((p, i) => {
      const r = programs[i]!;
      let branch = 0;
      const { priority: _priority, ...rest } = p;
      return {
        ...rest,
        ...(r.priority !== undefined ? { priority: r.priority } : {}),
        downstream: r.downstream,
        entry: r.entry,
        exits: p.exits.map((e, j) => ({ ...e, when: r.exits[j]! })),
        escalations: (p.escalations ?? []).map((e, j) => ({ ...e, when: r.escalations[j]! })),
        tracks: p.tracks.map((t, j) => {
          const { when: _when, ...track } = t;
          return {
            ...track,
            ...(r.tracks[j] ? { when: r.tracks[j] } : {}),
            steps: t.steps.map((s) =>
              s.branches ? { ...s, branches: s.branches.map((b) => ({ ...b, when: r.branches[branch++]! })) } : s,
            ),
          };
        }),
      };
    }),
  }));

/** Touches of the leads numbered in `leads`: any program and step of the policy, any channel, in the 30 days before the as-of time. */
const touches = (leads: readonly string[]) =>
  fc.array(
    fc.record({
      lead: fc.constantFrom(...leads),
      at: fc.constantFrom(
        ...bundled.programs.flatMap((p) => p.tracks.flatMap((t) => t.steps.map((s) => [p.id, s.id, s.channel] as const))),
      ),
      daysAgo: fc.integer({ min: 0, max: 30 }),
    }),
    { maxLength: 40 },
  );

function withNurture(spec: NurtureSpec) {
  return buildPolicySet(set.policies.map((p) => (p.document.kind === "NurtureProgram" ? { ...p, document: { ...p.document, spec } } : p)));
}

describe("nurture decides alike on both engines", () => {
  it("for random programs over generated leads with random send logs, every field", async () => {
    const leads = generateLeads(dictionary, { count: 60, seed: 515, asOf: corpusAsOf });
    const ids = leads.map((l) => String(l.leadId));
    const inputs = leads.map((values, i) => ({ record: { row: i + 1, values } }));
    await fc.assert(
      fc.asyncProperty(nurtureSpec, touches(ids), async (spec, sent) => {
        const log = new Map<string, NurtureTouch[]>();
        for (const t of sent) {
          const touch: NurtureTouch = {
            lead: t.lead,
            program: t.at[0],
            step: t.at[1],
            channel: t.at[2],
            asset: null,
            assetVersion: null,
            sentAtMs: asOfMs - t.daysAgo * 86_400_000 - 3_600_000,
          };
          log.set(
            t.lead,
            [...(log.get(t.lead) ?? []), touch].sort((a, b) => a.sentAtMs - b.sentAtMs),
          );
        }
        const policies = withNurture(spec);
        const run = async (engine: "compiled" | "reference") => {
          const decisions: NurtureDecision[] = [];
          const { summary } = await nurtureStream(
            policies,
            inputs,
            { asOf: corpusAsOf, engine, touches: log },
            (d) => void decisions.push(d),
          );
          return { decisions, summary };
        };
        const compiled = await run("compiled");
        expect(compiled.decisions).toHaveLength(60);
        expect(await run("reference")).toEqual(compiled);
      }),
      { numRuns: 30, seed: 20261201 },
    );
  }, 300_000);

  it("the random programs reach every status but paused (no signals here)", async () => {
    // A property that only ever saw `none` would prove little: the statuses it reached, over the same draws.
    const leads = generateLeads(dictionary, { count: 60, seed: 515, asOf: corpusAsOf });
    const inputs = leads.map((values, i) => ({ record: { row: i + 1, values } }));
    const seen = new Set<string>();
    for (const spec of fc.sample(nurtureSpec, { numRuns: 30, seed: 20261201 })) {
      await nurtureStream(withNurture(spec), inputs, { asOf: corpusAsOf }, (d) => void seen.add(d.status));
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(["escalated", "none", "scheduled", "suppressed"]));
  }, 120_000);
});

describe("the diff's nurture impact", () => {
  it("counts a next touch that only moves in time (a wait changed) as a change", async () => {
    const leads = generateLeads(dictionary, { count: 20, seed: 7, asOf: corpusAsOf }).map((values, i) => ({
      record: { row: i + 1, values },
    }));
    const decided: NurtureDecision[] = [];
    await nurtureStream(set, leads, { asOf: corpusAsOf }, (d) => void decided.push(d));
    const scheduled = decided.find((d) => d.next !== null)!;
    const later = { ...scheduled, next: { ...scheduled.next!, plannedAt: "2099-01-01T00:00:00.000Z" } };
    const impact = new NurtureImpactAccumulator();
    impact.add(scheduled, later);
    impact.add(scheduled, scheduled);
    expect(impact.result()).toMatchObject({ leads: 2, changedLeads: 1, nextTouch: { otherStep: 0, earlier: 0, later: 1 } });
  });
});
