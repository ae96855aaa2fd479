/**
 * The compiled evaluator must mean exactly what json-rules-engine means.
 * Random conditions over the dictionary's fields (every operator, nested
 * all/any/not, wrong-type and null facts included) and random leads drawn
 * from the dictionary's types and picklists are evaluated both ways.
 */
import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { operatorTypes } from "../src/analyse/checks/condition-types.js";
import { compileCondition, generateLeads, leadrulesOperators, simulateLeads, specOf, toJsonRulesCondition } from "../src/index.js";
import type { Condition, FieldDefinition, Lead } from "../src/index.js";
import { corpusAsOf, validSet } from "./helpers/policies.js";

const set = validSet();
const dictionary = specOf(set, "DataDictionary")!;
const fields = dictionary.objects.flatMap((o) => o.fields);
const asOfMs = Date.parse(corpusAsOf);

const isoDay = fc.integer({ min: -800, max: 30 }).map((d) => new Date(asOfMs + d * 86_400_000 + 3_600_000).toISOString());
const textPool = ["VP of Data", "Head of Data", "analyst", "", "ana@gmail.com", "x"];

/** A value a lead might hold for this field, including null and, rarely, a value of the wrong type. */
function factValue(field: FieldDefinition): fc.Arbitrary<unknown> {
  const typed = (() => {
    switch (field.type) {
      case "integer":
        return fc.integer({ min: -5, max: 6000 });
      case "number":
        return fc.double({ min: -10, max: 1e9, noNaN: true });
      case "boolean":
        return fc.boolean();
      case "date":
        return isoDay.map((d) => d.slice(0, 10));
      case "datetime":
        return isoDay;
      case "picklist":
        return fc.constantFrom(...field.values!.map((v) => v.value));
      case "multipicklist":
        return fc.uniqueArray(fc.constantFrom(...field.values!.map((v) => v.value)), { maxLength: 3 });
      default:
        return fc.constantFrom(...textPool);
    }
  })();
  return fc.oneof(
    { weight: 8, arbitrary: typed },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>("7", 3, true, "x") },
  );
}

function comparisonValue(field: FieldDefinition, operator: string): fc.Arbitrary<unknown> {
  const one = (): fc.Arbitrary<unknown> => {
    switch (field.type) {
      case "integer":
      case "number":
        return fc.integer({ min: -5, max: 6000 });
      case "boolean":
        return fc.boolean();
      case "picklist":
      case "multipicklist":
        return fc.constantFrom(...field.values!.map((v) => v.value));
      case "date":
      case "datetime":
        return isoDay;
      default:
        return fc.constantFrom(...textPool);
    }
  };
  switch (operator) {
    case "in":
    case "notIn":
      return fc.array(one(), { minLength: 1, maxLength: 4 });
    case "exists":
      return fc.boolean();
    case "matches":
      return fc.constantFrom("(?i)\\b(vp|head)\\b", "^a", "@gmail\\.", "(?i)DATA", "\\d");
    case "daysSinceGreaterThan":
    case "daysSinceLessThanInclusive":
      return fc.integer({ min: 0, max: 400 });
    default:
      return one();
  }
}

const leafCondition: fc.Arbitrary<Condition> = fc.constantFrom(...fields).chain((field) => {
  const fitting = Object.entries(operatorTypes)
    .filter(([, types]) => types.includes(field.type))
    .map(([op]) => op);
  return fc
    .constantFrom(...fitting)
    .chain((operator) => comparisonValue(field, operator).map((value) => ({ fact: field.name, operator: operator as never, value })));
});

const condition: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 5, arbitrary: leafCondition },
    { weight: 1, arbitrary: fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((all) => ({ all })) },
    { weight: 1, arbitrary: fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((any) => ({ any })) },
    { weight: 1, arbitrary: tie("node").map((not) => ({ not })) },
  ),
})).node;

const lead: fc.Arbitrary<Lead> = fc.record(Object.fromEntries(fields.map((f) => [f.name, factValue(f)]))) as fc.Arbitrary<Lead>;

async function referenceHolds(c: Condition, facts: Lead): Promise<boolean> {
  const engine = new Engine([{ conditions: toJsonRulesCondition(c) as never, event: { type: "holds" } }], { allowUndefinedFacts: true });
  for (const op of leadrulesOperators(corpusAsOf)) engine.addOperator(op.name, op.evaluate);
  const { events } = await engine.run({ ...facts });
  return events.length === 1;
}

describe("compiled conditions agree with json-rules-engine", () => {
  it("on 10,000 random condition/lead pairs", async () => {
    await fc.assert(
      fc.asyncProperty(condition, lead, async (c, facts) => {
        const compiled = compileCondition(c, asOfMs)(facts);
        expect(compiled).toBe(await referenceHolds(c, facts));
      }),
      { numRuns: 10_000, seed: 20261122 },
    );
  }, 120_000);
});

describe("the whole pipeline agrees on every output field", () => {
  it("for 1,500 generated leads from three seeds", async () => {
    const leads = [11, 12, 13].flatMap((seed) => generateLeads(dictionary, { count: 500, seed, asOf: corpusAsOf }));
    const inputs = leads.map((values, i) => ({ record: { row: i + 1, values } }));
    const compiled = await simulateLeads(set, inputs, { asOf: corpusAsOf, engine: "compiled" });
    const reference = await simulateLeads(set, inputs, { asOf: corpusAsOf, engine: "reference" });
    // The three seeds number their leads alike, so ids repeat: warnings, not bad rows.
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(compiled.rows).toHaveLength(1500);
    expect(reference.rows).toEqual(compiled.rows);
    expect(reference.summary).toEqual(compiled.summary);
  }, 120_000);

  it("for 10,000 random leads with nulls and odd values, in batches (queue rotation included)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lead, { minLength: 5, maxLength: 5 }), async (batch) => {
        const inputs = batch.map((values, i) => ({ record: { row: i + 1, values: values as Record<string, unknown> } }));
        const compiled = await simulateLeads(set, inputs, { asOf: corpusAsOf, engine: "compiled" });
        const reference = await simulateLeads(set, inputs, { asOf: corpusAsOf, engine: "reference" });
        expect(reference).toEqual(compiled);
      }),
      { numRuns: 2_000, seed: 7 },
    );
  }, 300_000);
});
