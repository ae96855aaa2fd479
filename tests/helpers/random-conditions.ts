/**
 * Random conditions over the bundled dictionary's fields (every operator, nested all/any/not) and random
 * leads drawn from the dictionary's types and picklists, with nulls, for the differential tests of the
 * evaluators (engine-differential: compiled against json-rules-engine; sql-differential: SQL against
 * compiled). `lead` also holds values of the wrong type, as a raw record may; `normalizedLead` only what
 * the input contract lets through (a value of the field's type, or null).
 */
import fc from "fast-check";
import { operatorTypes } from "../../src/analyse/checks/condition-types.js";
import { specOf } from "../../src/index.js";
import type { Condition, FieldDefinition, Lead } from "../../src/index.js";
import { corpusAsOf, validSet } from "./policies.js";

export const set = validSet();
export const dictionary = specOf(set, "DataDictionary")!;
export const fields = dictionary.objects.flatMap((o) => o.fields);
export const asOfMs = Date.parse(corpusAsOf);

/** Whole days from the as-of time, and times on and either side of a day's boundary (where `daysSince` turns). */
const isoDay = fc
  .tuple(fc.integer({ min: -800, max: 30 }), fc.constantFrom(3_600_000, 0, -1, 1))
  .map(([d, ms]) => new Date(asOfMs + d * 86_400_000 + ms).toISOString());
const textPool = ["VP of Data", "Head of Data", "analyst", "", "ana@gmail.com", "x"];

/** A value a lead might hold for this field, including null and, rarely, a value of the wrong type. */
function factValue(field: FieldDefinition, wrongTypes: boolean): fc.Arbitrary<unknown> {
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
    ...(wrongTypes ? [{ weight: 1, arbitrary: fc.constantFrom<unknown>("7", 3, true, "x") }] : []),
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

export const leafCondition: fc.Arbitrary<Condition> = fc.constantFrom(...fields).chain((field) => {
  const fitting = Object.entries(operatorTypes)
    .filter(([, types]) => types.includes(field.type))
    .map(([op]) => op);
  return fc
    .constantFrom(...fitting)
    .chain((operator) => comparisonValue(field, operator).map((value) => ({ fact: field.name, operator: operator as never, value })));
});

export const condition: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 5, arbitrary: leafCondition },
    { weight: 1, arbitrary: fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((all) => ({ all })) },
    { weight: 1, arbitrary: fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((any) => ({ any })) },
    { weight: 1, arbitrary: tie("node").map((not) => ({ not })) },
  ),
})).node;

const leadOf = (wrongTypes: boolean) =>
  fc.record(Object.fromEntries(fields.map((f) => [f.name, factValue(f, wrongTypes)]))) as fc.Arbitrary<Lead>;
export const lead: fc.Arbitrary<Lead> = leadOf(true);
export const normalizedLead: fc.Arbitrary<Lead> = leadOf(false);
