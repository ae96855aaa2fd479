/**
 * The generated fast path of normalization must give exactly what the
 * general path gives (values, types and field order), and must never accept
 * a record the general path rejects. Random records mix well-formed typed
 * values with every spelling the general path converts or refuses.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateLeads, specOf, type FieldDefinition } from "../src/index.js";
import { createNormalizer } from "../src/input/normalize.js";
import { resolveReadSettings } from "../src/input/read-settings.js";
import { corpusAsOf, validSet } from "./helpers/policies.js";

const dictionary = specOf(validSet(), "DataDictionary")!;
const fields = dictionary.objects.flatMap((o) => o.fields);

const dates = [
  "2026-02-28T10:00:00.000Z",
  "2024-02-29T23:59:59.999Z",
  "2026-02-29T10:00:00.000Z",
  "2026-02-30",
  "2026-04-31T00:00:00.000Z",
  "2026-01-01T24:00:00.000Z",
  "2026-01-01T10:60:00.000Z",
  "2026-06-01",
  "2026-06-01T12:00:00Z",
  "2026-06-01T12:00:00.5Z",
  "06/01/2026",
  "01.06.2026",
  "2026-06-01 08:30:00",
  " 2026-06-01T12:00:00.000Z ",
  "2026-13-01",
  "20260601",
  "2026-06-01T12:00:00.000+02:00",
  // The plausible years' edges and what lies beyond them, and Salesforce's "no date" values.
  "1900-01-01",
  "1899-12-31T23:59:59.999Z",
  "2200-12-31T23:59:59.999Z",
  "2201-01-01",
  "0000-01-01",
  "0099-01-01T00:00:00.000Z",
  "9999-12-31",
  "12/31/9999",
  "1/1/1900",
  "+275760-09-13T00:00:00.000Z",
];
const oddValues: unknown[] = [
  "",
  "  ",
  "N/A",
  "n/a",
  "NULL",
  "Select",
  "--none--",
  "-",
  "x",
  "Yes",
  "no",
  "TRUE",
  "0",
  "1,200",
  " 42 ",
  "4.5",
  "1e3",
  3,
  2.5,
  -1,
  Number.NaN,
  true,
  false,
  [],
  ["a"],
  {},
  { x: 1 },
];

function value(field: FieldDefinition): fc.Arbitrary<unknown> {
  const picklistSpellings = (field.values ?? []).flatMap((v) => [v.value, v.label, v.label.toUpperCase(), ` ${v.value} `]);
  const typed = (() => {
    switch (field.type) {
      case "integer":
      case "number":
        return fc.oneof(fc.integer({ min: -5, max: 6000 }), fc.double({ min: -10, max: 1e9, noNaN: true }), fc.integer().map(String));
      case "boolean":
        return fc.oneof(fc.boolean(), fc.constantFrom("Yes", "No", "y", "FALSE", "maybe"));
      case "date":
      case "datetime":
        return fc.constantFrom(...dates);
      case "picklist":
        return fc.constantFrom(...picklistSpellings, "not-a-value");
      case "multipicklist":
        return fc.oneof(
          fc.array(fc.constantFrom(...picklistSpellings, "nope"), { maxLength: 3 }),
          fc.constantFrom(picklistSpellings.slice(0, 2).join(";")),
        );
      case "email":
        return fc.constantFrom("ana@example.com", " bo@x.io ", "not an email", "a@b@c");
      default:
        return fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(" VP of Data ", "Ünïcode"));
    }
  })();
  return fc.oneof(
    { weight: 6, arbitrary: typed },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom(...oddValues) },
  );
}

const base = generateLeads(dictionary, { count: 50, seed: 5, asOf: corpusAsOf });

/** A generated lead with up to four fields changed to odd values or removed, and sometimes `__proto__`/`constructor` keys. */
const record = fc
  .tuple(
    fc.constantFrom(...base),
    fc.array(
      fc.constantFrom(...fields).chain((f) => fc.tuple(fc.constant(f.name), fc.option(value(f), { freq: 6 }))),
      { maxLength: 4 },
    ),
    fc.boolean(),
  )
  .map(([lead, changes, hostile]) => {
    const values: Record<string, unknown> = { ...lead };
    for (const [name, changed] of changes) {
      if (changed === null) delete values[name];
      else values[name] = changed;
    }
    return (hostile ? JSON.parse(`{"__proto__":{"leadId":"P"},"constructor":1,${JSON.stringify(values).slice(1)}`) : values) as Record<
      string,
      unknown
    >;
  });

describe("the compiled normalizer agrees with the general path", () => {
  const normalizer = createNormalizer(dictionary, resolveReadSettings(dictionary));

  it("on 5,000 random records with odd values", () => {
    let taken = 0;
    fc.assert(
      fc.property(record, (values) => {
        const general = normalizer.normalizeGenerally(values, 1);
        const result = normalizer.normalize(values, 1);
        // Both paths give the same lead and the same problems; the fast one only takes records without any.
        expect(result.problems).toEqual(general.problems);
        expect(Object.entries(result.lead)).toEqual(Object.entries(general.lead));
        if (Object.getPrototypeOf(result.lead) !== null) {
          taken++;
          expect(general.problems).toEqual([]);
          expect(general.lead.leadId).not.toBeNull();
        }
      }),
      { numRuns: 5_000, seed: 7 },
    );
    // The fast path must actually be exercised, not just fall back every time.
    expect(taken).toBeGreaterThan(1_000);
  });

  it("takes the fast path for every generated lead, with the same values", () => {
    for (const values of generateLeads(dictionary, { count: 300, seed: 42, asOf: corpusAsOf })) {
      const fast = normalizer.normalize(values, 1).lead!;
      expect(Object.getPrototypeOf(fast)).not.toBeNull();
      expect(Object.entries(fast)).toEqual(Object.entries(normalizer.normalizeGenerally(values, 1).lead));
    }
  });

  it("reads a mapped source system's columns the same way", () => {
    const mapped = createNormalizer(dictionary, resolveReadSettings(dictionary, { source: "salesforce" }));
    const columns = fields.map((f) => f.mappings?.salesforce?.field).filter((c): c is string => c !== undefined);
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...columns), fc.constantFrom<unknown>("Yes", "3", "2026-06-01", "x", null, 4)),
        (values) => {
          const general = mapped.normalizeGenerally(values, 1);
          const result = mapped.normalize(values, 1);
          expect(result.problems).toEqual(general.problems);
          expect(Object.entries(result.lead)).toEqual(Object.entries(general.lead));
        },
      ),
      { numRuns: 1_000, seed: 8 },
    );
  });

  it("reads a source's 'no date' values as empty on both paths", () => {
    const withEmptyDates = {
      ...dictionary,
      systems: dictionary.systems.map((s) => (s.id === "salesforce" ? { ...s, emptyDates: ["12/31/9999", "1900-01-01"] } : s)),
    };
    const mapped = createNormalizer(withEmptyDates, resolveReadSettings(withEmptyDates, { source: "salesforce" }));
    const dateColumns = fields
      .filter((f) => f.type === "date" || f.type === "datetime")
      .map((f) => f.mappings?.salesforce?.field)
      .filter((c): c is string => c !== undefined);
    const id = dictionary.objects.flatMap((o) => o.fields).find((f) => f.name === dictionary.idField)!.mappings!.salesforce!.field;
    let emptied = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...dateColumns), fc.constantFrom<unknown>(...dates)), (values) => {
        const record = { [id]: "00QX", ...values };
        const general = mapped.normalizeGenerally(record, 1);
        const result = mapped.normalize(record, 1);
        expect(result.problems).toEqual(general.problems);
        expect(Object.entries(result.lead)).toEqual(Object.entries(general.lead));
        for (const [column, value] of Object.entries(values))
          if (value === "1900-01-01" || value === "12/31/9999" || value === "9999-12-31")
            emptied += general.problems.some((p) => p.column === column) ? 0 : 1;
      }),
      { numRuns: 1_000, seed: 9 },
    );
    expect(emptied).toBeGreaterThan(100);
  });

  it("gives leads whose prototype chain holds nothing", () => {
    const [values] = generateLeads(dictionary, { count: 1, seed: 1, asOf: corpusAsOf });
    const lead = normalizer.normalize({ ...values, toString: "x" }, 1).lead!;
    const prototype = Object.getPrototypeOf(lead);
    expect(Object.getOwnPropertyNames(prototype)).toEqual([]);
    expect(Object.getPrototypeOf(prototype)).toBeNull();
    expect(Object.isFrozen(prototype)).toBe(true);
    expect("toString" in lead).toBe(false);
  });
});
