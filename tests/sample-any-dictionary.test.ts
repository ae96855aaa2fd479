/**
 * `leadrules sample` for any data dictionary: a second company's dictionary
 * (tests/fixtures/other-company: other fields, types, picklists, systems, id
 * field and date formats) gets leads that are valid by construction, with
 * `--source` as well, deterministic to the byte; the bundled dictionary's
 * leads stay valid too.
 */
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { generateLeads, simulateLeads, specOf, type DictionarySpec } from "../src/index.js";
import { renderLeads } from "../src/render/leads-file.js";
import { makeProductionExport } from "../src/sample/production-export.js";
import { auditLeads } from "../src/audit/audit-leads.js";
import { createNormalizer } from "../src/input/normalize.js";
import { resolveReadSettings } from "../src/input/read-settings.js";
import type { ImportProfile } from "../src/model/import-profile.js";
import { corpusAsOf, validSet } from "./helpers/policies.js";
import { repoRoot } from "./helpers/policy-fixtures.js";

const otherSet = validSet(path.join(repoRoot, "tests/fixtures/other-company"));
const other = specOf(otherSet, "DataDictionary")!;
const bundledSet = validSet();
const bundled = specOf(bundledSet, "DataDictionary")!;
const seeds = [1, 7, 42, 2026, 987654321];

/** Every lead of a CSV text normalizes without a problem (read by field names, or as `source` exports it). */
function expectValidCsv(dictionary: DictionarySpec, text: string, source?: string): Record<string, unknown>[] {
  const normalizer = createNormalizer(dictionary, resolveReadSettings(dictionary, source !== undefined ? { source } : {}));
  const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
  const leads = rows.map((values, i) => {
    const result = normalizer.normalize(values, i + 2);
    // A required field the system does not export is missing in its export, and only that.
    const unmapped = new Set(
      dictionary.objects
        .flatMap((o) => o.fields)
        .filter((f) => source !== undefined && !f.mappings?.[source])
        .map((f) => f.name),
    );
    expect(
      result.problems.filter((p) => !(p.kind === "missing-value" && unmapped.has(p.field))),
      `${source ?? "field names"}, row ${i + 2}`,
    ).toEqual([]);
    return result.lead;
  });
  return leads;
}

function expectWellFormed(dictionary: DictionarySpec, leads: readonly Record<string, unknown>[]): void {
  const fields = dictionary.objects.flatMap((o) => o.fields);
  for (const lead of leads) {
    for (const field of fields.filter((f) => f.required)) {
      const value = lead[field.name];
      expect(
        value === null || value === undefined || (Array.isArray(value) && value.length === 0),
        `${String(lead[dictionary.idField])}.${field.name} is required`,
      ).toBe(false);
    }
  }
  const ids = leads.map((l) => l[dictionary.idField]);
  expect(new Set(ids).size).toBe(ids.length);
}

describe("sample for another company's dictionary", () => {
  it.each(seeds)("seed %i: 500 leads, each valid, required fields filled, ids unique", (seed) => {
    const leads = generateLeads(other, { count: 500, seed, asOf: corpusAsOf });
    expect(leads).toHaveLength(500);
    const normalizer = createNormalizer(other, resolveReadSettings(other));
    leads.forEach((values, i) => expect(normalizer.normalize(values, i + 1).problems, `lead ${i + 1}`).toEqual([]));
    expectWellFormed(other, leads);
    expectWellFormed(other, expectValidCsv(other, renderLeads(leads, other, "csv")));
    // Optional fields are empty now and then, and filled otherwise.
    for (const field of ["workspaceName", "mrr", "trialEndsAt", "region", "lastSeenAt"]) {
      const filled = leads.filter((l) => l[field] !== null).length;
      expect(filled, field).toBeGreaterThan(250);
      expect(filled, field).toBeLessThan(500);
    }
  });

  it.each(["pipedrive", "billing-export"])(
    "--source %s: the system's column names, labels and date formats, read back without a problem",
    (source) => {
      for (const seed of seeds) {
        const text = renderLeads(generateLeads(other, { count: 500, seed, asOf: corpusAsOf }), other, "csv", source);
        expect((parseCsv(text, { to: 1 }) as string[][])[0]).toEqual(
          other.objects[0]!.fields.filter((f) => f.mappings?.[source]).map((f) => f.mappings![source]!.field),
        );
        expectValidCsv(other, text, source);
      }
      const text = renderLeads(generateLeads(other, { count: 50, seed: 1, asOf: corpusAsOf }), other, "csv", "billing-export");
      expect(text).toMatch(/,PLN_(FREE|TRIAL|PRO|BIZ|ENT),/);
      expect(text).toMatch(/,\d{2}\.\d{2}\.\d{4} \d{2}:\d{2},/);
      expect(text).toMatch(/,(ja|nein),/);
    },
  );

  it("is deterministic to the byte: same seed and dictionary, same text; another seed, other text", () => {
    const render = (seed: number, source?: string) =>
      renderLeads(generateLeads(other, { count: 500, seed, asOf: corpusAsOf }), other, "csv", source);
    expect(render(42)).toBe(render(42));
    expect(render(42, "billing-export")).toBe(render(42, "billing-export"));
    expect(render(42)).not.toBe(render(43));
  });

  it("keeps none of the bundled company's values where this dictionary differs", () => {
    const leads = generateLeads(other, { count: 500, seed: 42, asOf: corpusAsOf });
    const stages = new Set(leads.map((l) => l.lifecycleStage));
    expect([...stages].every((s) => s === null || ["activated", "engaged", "pql", "churned"].includes(String(s)))).toBe(true);
    expect(leads.every((l) => l.employees === null || Number(l.employees) >= 50)).toBe(true);
    expect(leads.every((l) => l.createdAt === null || /^\d{4}-\d{2}-\d{2}$/.test(String(l.createdAt)))).toBe(true);
    // A trial's end lies ahead of as-of, as its name says.
    expect(leads.every((l) => l.trialEndsAt === null || String(l.trialEndsAt) > corpusAsOf)).toBe(true);
  });

  it.each([
    ["an email", "billingEmail"],
    ["a whole number", "seats"],
    ["a text named like the bundled one", "leadId"],
  ])("makes unique ids when the id field is %s", (_, idField) => {
    const fields = other.objects[0]!.fields.map((f) => (f.name === "accountId" ? { ...f, name: "leadId" } : f));
    const dictionary: DictionarySpec = { ...other, idField, objects: [{ ...other.objects[0]!, fields }] };
    const leads = generateLeads(dictionary, { count: 500, seed: 5, asOf: corpusAsOf });
    expectWellFormed(dictionary, leads);
    expectValidCsv(dictionary, renderLeads(leads, dictionary, "csv"));
  });

  it("simulates without a diagnostic", async () => {
    const leads = generateLeads(other, { count: 500, seed: 42, asOf: corpusAsOf });
    const result = await simulateLeads(
      otherSet,
      leads.map((values, i) => ({ record: { row: i + 1, values } })),
      { asOf: corpusAsOf },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.rows).toHaveLength(500);
  });

  it("makes a production export whose seeded deviations are exactly what the audit finds", async () => {
    const leads = generateLeads(other, { count: 200, seed: 42, asOf: corpusAsOf });
    const { records, deviations } = await makeProductionExport(otherSet, leads, corpusAsOf);
    expect(deviations.length).toBeGreaterThan(0);
    const { report } = await auditLeads(
      otherSet,
      records.map((values, i) => ({ record: { row: i + 1, values } })),
      { asOf: corpusAsOf },
    );
    const found = report.findings.flatMap((f) => f.leads.map((lead) => `${f.category}/${f.check}/${lead}`)).sort();
    expect(found).toEqual(deviations.map((d) => `${d.category}/${d.check}/${d.lead}`));
  });
});

describe("sample for the bundled dictionary", () => {
  it.each(seeds)("seed %i: 500 leads, valid as written by field names and by every system", (seed) => {
    const leads = generateLeads(bundled, { count: 500, seed, asOf: corpusAsOf });
    expectWellFormed(bundled, leads);
    expectValidCsv(bundled, renderLeads(leads, bundled, "csv"));
    for (const system of bundled.systems) expectValidCsv(bundled, renderLeads(leads, bundled, "csv", system.id), system.id);
  });

  it("still exercises the policies: MQLs, several queues, retention actions", async () => {
    const leads = generateLeads(bundled, { count: 500, seed: 42, asOf: corpusAsOf });
    const { rows, diagnostics } = await simulateLeads(
      bundledSet,
      leads.map((values, i) => ({ record: { row: i + 1, values } })),
      { asOf: corpusAsOf },
    );
    expect(diagnostics).toEqual([]);
    expect(rows.filter((r) => r.lifecycle?.after === "mql").length).toBeGreaterThan(5);
    expect(new Set(rows.map((r) => r.route?.assignedQueue).filter(Boolean)).size).toBeGreaterThan(3);
    expect(new Set(rows.map((r) => r.retention?.action).filter(Boolean)).size).toBeGreaterThan(1);
  });
});

describe("--source with a system profile", () => {
  const profile: ImportProfile = {
    dateFormats: ["yyyy/MM/dd", "dd.MM.yyyy"],
    dateTimeFormats: ["yyyy/MM/dd HH:mm", "dd.MM.yyyy HH:mm"],
    timeZone: "Asia/Kolkata",
    trueValues: ["T"],
    falseValues: ["F"],
    nullMarkers: ["", "<empty>"],
    numbers: { thousands: ".", decimal: "," },
  };
  const withProfile: DictionarySpec = { ...other, systems: other.systems.map((s) => (s.id === "billing-export" ? { ...s, profile } : s)) };
  const lead = {
    ...generateLeads(other, { count: 1, seed: 1, asOf: corpusAsOf })[0]!,
    trialEndsAt: "2026-06-10T20:00:00.000Z",
    signupDate: "2026-01-31",
    isPaying: true,
    mrr: 12345.5,
    seats: 1200,
    lifecycleStage: null,
  };

  it("writes dates, date-times, booleans, numbers and empty picklists the way the profile's first formats say", () => {
    const [header, row] = parseCsv(renderLeads([lead], withProfile, "csv", "billing-export"), {}) as string[][];
    const cell = (column: string) => row![header!.indexOf(column)];
    expect(cell("trial_end")).toBe("2026/06/11 01:30");
    expect(cell("created_on")).toBe("2026/01/31");
    expect(cell("paying")).toBe("T");
    expect(cell("mrr_eur")).toBe("12.345,5");
    expect(cell("seat_count")).toBe("1.200");
    expect(cell("stage")).toBe("<empty>");
  });

  it("without a profile, writes as before (the dictionary's conversions)", () => {
    const [header, row] = parseCsv(renderLeads([lead], other, "csv", "billing-export"), {}) as string[][];
    const cell = (column: string) => row![header!.indexOf(column)];
    expect(cell("trial_end")).toBe("10.06.2026 20:00");
    expect(cell("created_on")).toBe("31.01.2026");
    expect(cell("paying")).toBe("ja");
    expect(cell("mrr_eur")).toBe("12345.5");
    expect(cell("stage")).toBe("(none)");
  });
});
