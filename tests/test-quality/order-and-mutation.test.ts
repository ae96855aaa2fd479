/**
 * STYLE.md's properties for validate and simulate: the input is not mutated,
 * and shuffled input gives the same output, except what the docs define as
 * input-ordered (docs/evaluation.md, Route: "Assignment then happens in input
 * order ... round robin in member order ...": the queue that takes a lead and
 * its owner). diff's file-order property is in diff-file-order.test.ts.
 */
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateLeads, readPolicyFiles, simulateLeads, specOf, validatePolicies } from "../../src/index.js";
import type { LeadOutcome, PolicyFile } from "../../src/index.js";
import { corpusAsOf, validSet } from "../helpers/policies.js";
import { baseFixture, bundledPolicies, policyFolder, readCase, repoRoot } from "../helpers/policy-fixtures.js";

const key = (d: unknown) => JSON.stringify(d);

describe("validate", () => {
  const caseNames = [
    "policy-duplicate-kind",
    "policy-missing-dictionary",
    "crossref-unknown-queue",
    "crossref-fact-too-early",
    "schema-misspelt-key",
    "yaml-syntax",
    "yaml-duplicate-key",
  ];
  const folders: [string, string][] = [
    ["bundled policies", bundledPolicies],
    ["base fixture", baseFixture],
    ...caseNames.map((name): [string, string] => [name, policyFolder(readCase(path.join(repoRoot, "tests/cases/validate", name)).edits)]),
  ];

  for (const [name, folder] of folders) {
    it(`${name}: the same diagnostics and policy set for the files in any order, and the files left as they were`, () => {
      const files = readPolicyFiles(folder);
      expect(files.length).toBeGreaterThan(1);
      const reference = validatePolicies(files);
      const diagnostics = reference.diagnostics.map(key).sort();
      fc.assert(
        fc.property(fc.shuffledSubarray(files, { minLength: files.length, maxLength: files.length }), (shuffled) => {
          const before = structuredClone(shuffled);
          const result = validatePolicies(shuffled);
          expect(shuffled).toEqual(before); // neither the array (its order) nor a file changed
          expect(result.diagnostics.map(key).sort()).toEqual(diagnostics);
          expect(result.set.policies.map((p) => p.file)).toEqual(reference.set.policies.map((p) => p.file));
          expect(key(result.set.byKind)).toBe(key(reference.set.byKind));
        }),
        // The bundled set's full analysis (seven kinds) takes seconds: fewer orders of it, as many of the small sets.
        { numRuns: folder === bundledPolicies ? 5 : 12, seed: 4 },
      );
    });
  }

  it("a frozen input is accepted (nothing writes to it)", () => {
    const files: PolicyFile[] = readPolicyFiles(bundledPolicies).map((f) => Object.freeze({ ...f }));
    expect(() => validatePolicies(Object.freeze(files))).not.toThrow();
  });
});

describe("simulate", () => {
  const set = validSet();
  const dictionary = specOf(set, "DataDictionary")!;
  const routing = specOf(set, "Routing")!;
  const leads = generateLeads(dictionary, { count: 120, seed: 5, asOf: corpusAsOf });
  /** Each lead as a CSV row holds it (text cells), so the normalized lead differs from the record it was read from. */
  const asText = (v: unknown): string => (v === null || v === undefined ? "" : Array.isArray(v) ? v.join(";") : String(v));
  const inputsOf = (values: typeof leads) =>
    values.map((v, i) => ({ record: { row: i + 1, values: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asText(x)])) } }));
  /** Everything about a lead that does not depend on the other leads. */
  const ownDecision = (row: LeadOutcome) => ({ ...row, route: row.route && { ...row.route, assignedQueue: undefined, owner: undefined } });
  /** Round-robin queues whose members have no capacity: owners are defined in input order. */
  const plainRoundRobin = routing.queues.filter((q) => q.strategy === "round-robin" && q.members.every((m) => m.capacity === undefined));

  it("has unique ids and reaches several queues (so the property says something)", async () => {
    expect(new Set(leads.map((l) => l[dictionary.idField])).size).toBe(leads.length);
    const { rows } = await simulateLeads(set, inputsOf(leads), { asOf: corpusAsOf });
    expect(new Set(rows.map((r) => r.route?.assignedQueue)).size).toBeGreaterThanOrEqual(4);
    expect(plainRoundRobin.some((q) => q.members.length > 1 && rows.filter((r) => r.route?.assignedQueue === q.id).length > 2)).toBe(true);
  });

  it("decides each lead the same whatever the order of the others; only assignment follows input order; inputs are not mutated", async () => {
    const reference = await simulateLeads(set, inputsOf(leads), { asOf: corpusAsOf });
    const byId = new Map(reference.rows.map((r) => [r.id, ownDecision(r)]));
    const { byQueue: _q, unassigned: _u, read: _r, ...referenceCounts } = reference.summary;
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(leads, { minLength: leads.length, maxLength: leads.length }), async (shuffled) => {
        const inputs = inputsOf(shuffled);
        const before = structuredClone(inputs);
        const result = await simulateLeads(set, inputs, { asOf: corpusAsOf, engine: "compiled" });
        expect(inputs).toEqual(before);
        // Rows come out in input order, each decided as in any other order.
        expect(result.rows.map((r) => r.id)).toEqual(shuffled.map((l) => l[dictionary.idField]));
        for (const row of result.rows) expect(ownDecision(row), row.id).toEqual(byId.get(row.id));
        const { byQueue: _bq, unassigned: _bu, read: _br, ...counts } = result.summary;
        expect({ ...counts }).toEqual({ ...referenceCounts });
        // What is input-ordered is defined: a plain round-robin queue hands its leads to its members in turn, in input order.
        for (const queue of plainRoundRobin) {
          const owners = result.rows.filter((r) => r.route?.assignedQueue === queue.id).map((r) => r.route!.owner);
          expect(owners, queue.id).toEqual(owners.map((_, i) => queue.members[i % queue.members.length]!.id));
        }
      }),
      { numRuns: 15, seed: 9 },
    );
  }, 60_000);

  it("the reference engine agrees on a shuffled order too", async () => {
    const shuffled = [...leads].reverse();
    const compiled = await simulateLeads(set, inputsOf(shuffled), { asOf: corpusAsOf, engine: "compiled" });
    const reference = await simulateLeads(set, inputsOf(shuffled), { asOf: corpusAsOf, engine: "reference" });
    expect(reference.rows).toEqual(compiled.rows);
  });
});
