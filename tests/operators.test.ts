/**
 * One entry per operator (src/compile/operators.ts): every operator of the
 * condition language has all its forms, and the generated code means exactly
 * what json-rules-engine means, on values of every type a lead may hold
 * (null, missing, empty lists, wrong types, text with spaces).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { compileCondition } from "../src/compile/compile-condition.js";
import { toJsonRulesCondition } from "../src/compile/json-rules.js";
import { customOperators, leadrulesOperators, operatorDefinitions, type OperatorValue } from "../src/compile/operators.js";
import { fieldTypes } from "../src/model/policy.js";
import { operators, type FactCondition, type Operator } from "../src/model/condition.js";
import { describeFactCondition } from "../src/render/condition-words.js";

const asOf = "2026-06-01T12:00:00.000Z";
const asOfMs = Date.parse(asOf);

/** Values a lead's fact may hold, well- or ill-typed. */
const factValues: unknown[] = [
  null,
  [],
  ["a b"],
  ["EMEA", "a b"],
  "",
  " ",
  "a b",
  "a b ",
  "VP of Data",
  "EMEA",
  "7",
  "7.5",
  " 7 ",
  "1e3",
  "abc7",
  7,
  0,
  -1,
  7.5,
  200,
  1e9,
  -0,
  true,
  false,
  "2026-05-30",
  "2026-03-01T08:00:00Z",
  "2025-12-31T23:59:59.999Z",
  "not a date",
  "2026-02-30",
];

/** Condition values an operator of each value shape may be written with (and some it may not). */
const conditionValues: Record<OperatorValue, unknown[]> = {
  typed: [null, "", "a b", "EMEA", "7", 7, 0, -1, 7.5, 200, -0, true, false, "2026-05-30"],
  list: [[], ["a b"], ["EMEA", "APAC"], [7, "7", null], [true, 0, ""], ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], [null]],
  one: ["a b", "EMEA", "", null, 7],
  boolean: [true, false],
  pattern: ["(?i)\\b(vp|head)\\b", "^a b$", "7", "(?i)data"],
  days: [0, 1, 2, 30, 92, 400, 10_000],
};

const allOperators = Object.keys(operatorDefinitions) as Operator[];

async function reference(condition: FactCondition, factValue: unknown, missing: boolean): Promise<boolean> {
  const engine = new Engine([{ conditions: toJsonRulesCondition(condition) as never, event: { type: "holds" } }], {
    allowUndefinedFacts: true,
  });
  for (const op of leadrulesOperators(asOf)) engine.addOperator(op.name, op.evaluate);
  const { events } = await engine.run(missing ? {} : { x: factValue });
  return events.length === 1;
}

describe("the operator table", () => {
  it("has exactly one entry per operator of the condition language, with every form", () => {
    expect(allOperators).toEqual([...operators]);
    for (const [name, d] of Object.entries(operatorDefinitions)) {
      expect(typeof d.evaluate, name).toBe("function");
      expect(typeof d.code, name).toBe("function");
      expect(typeof d.words, name).toBe("function");
      expect(typeof d.domain, name).toBe("function");
      expect(d.types.length, name).toBeGreaterThan(0);
      expect(
        d.types.every((t) => (fieldTypes as readonly string[]).includes(t)),
        name,
      ).toBe(true);
      expect(Object.keys(conditionValues)).toContain(d.value);
      expect(describeFactCondition({ fact: "x", operator: name as Operator, value: conditionValues[d.value][0] }, new Map()), name).toMatch(
        /^x \S/,
      );
    }
  });

  it("is what docs/policy-language.md's operator table lists, each operator once", () => {
    const doc = readFileSync(new URL("../docs/policy-language.md", import.meta.url), "utf8");
    const table = doc.slice(doc.indexOf("| operator | fact types | meaning |"));
    const rows = table
      .slice(0, table.search(/\n(?!\|)/))
      .split("\n")
      .slice(2);
    const documented = rows.flatMap((row) => [...row.split(" | ")[0]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!));
    expect([...documented].sort()).toEqual([...operators].sort());
  });

  it("is what the policy schema admits, and registers exactly the custom operators on json-rules-engine", () => {
    const schema = readFileSync(new URL("../schemas/common.schema.json", import.meta.url), "utf8");
    const admitted: unknown = JSON.parse(schema);
    const find = (node: unknown): string[] | undefined => {
      if (!node || typeof node !== "object") return undefined;
      const record = node as Record<string, unknown>;
      const operator = (record.properties as Record<string, { enum?: string[] }> | undefined)?.operator?.enum;
      if (operator) return operator;
      for (const child of Object.values(record)) {
        const found = find(child);
        if (found) return found;
      }
      return undefined;
    };
    expect(find(admitted)).toEqual(allOperators);
    expect(customOperators).toEqual(allOperators.filter((op) => !operatorDefinitions[op].builtin));
    expect(
      leadrulesOperators(asOf)
        .map((o) => o.name)
        .sort(),
    ).toEqual([...customOperators].sort());
  });

  it.each(allOperators)("%s: the generated code and json-rules-engine agree on every value in the grid", async (operator) => {
    const definition = operatorDefinitions[operator];
    for (const value of conditionValues[definition.value]) {
      const condition: FactCondition = { fact: "x", operator, value };
      const compiled = compileCondition(condition, asOfMs);
      for (const factValue of factValues) {
        const expected = await reference(condition, factValue, false);
        const facts = Object.create(null);
        facts.x = factValue;
        expect(compiled(facts), `${JSON.stringify(factValue)} ${operator} ${JSON.stringify(value)}`).toBe(expected);
        expect(definition.evaluate(factValue, value, asOfMs)).toBe(expected);
      }
      expect(compiled(Object.create(null)), `missing ${operator} ${JSON.stringify(value)}`).toBe(
        await reference(condition, undefined, true),
      );
    }
  });

  it.each(allOperators)("%s: the generated code and json-rules-engine agree on arbitrary values", async (operator) => {
    const definition = operatorDefinitions[operator];
    const scalar = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -10, max: 500 }),
      fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
      fc.string({ maxLength: 6 }),
      fc.constantFrom(" a b ", "7", "2026-05-20", "2026-05-20T10:00:00Z"),
    );
    const factValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
    const value = definition.value === "list" ? fc.array(scalar, { maxLength: 10 }) : fc.constantFrom(...conditionValues[definition.value]);
    await fc.assert(
      fc.asyncProperty(factValue, value, async (a, b) => {
        const condition: FactCondition = { fact: "x", operator, value: b };
        const facts = Object.create(null);
        facts.x = a;
        expect(compileCondition(condition, asOfMs)(facts)).toBe(await reference(condition, a, false));
      }),
      { numRuns: 150, seed: 18 },
    );
  });

  it("names the constants the analysis partitions a fact's domain at", () => {
    expect(operatorDefinitions.greaterThanInclusive.domain(200)).toEqual({ values: [200] });
    expect(operatorDefinitions.in.domain(["US", "CA"])).toEqual({ values: ["US", "CA"] });
    expect(operatorDefinitions.daysSinceGreaterThan.domain(30)).toEqual({ days: [30] });
    expect(operatorDefinitions.matches.domain("(?i)vp")).toEqual({ patterns: ["(?i)vp"] });
    expect(operatorDefinitions.exists.domain(true)).toEqual({});
  });
});
