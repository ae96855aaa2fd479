/**
 * The compiled evaluator must mean exactly what json-rules-engine means.
 * Random conditions over the dictionary's fields (every operator, nested
 * all/any/not, wrong-type and null facts included) and random leads drawn
 * from the dictionary's types and picklists are evaluated both ways.
 */
import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { compileCondition, generateLeads, leadrulesOperators, simulateLeads, toJsonRulesCondition } from "../src/index.js";
import type { Condition, Lead } from "../src/index.js";
import { corpusAsOf } from "./helpers/policies.js";
import { asOfMs, condition, dictionary, lead, set } from "./helpers/random-conditions.js";

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
