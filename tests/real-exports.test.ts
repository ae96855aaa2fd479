/**
 * Exports written the way Salesforce, HubSpot and Excel write them (hand-made, see
 * tests/fixtures/exports/real/README.md), each read with its profile: every lead is read, no footer or
 * title line becomes a lead, and every value is what the hand-written expected.yaml says.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { specOf } from "../src/index.js";
import { createNormalizer } from "../src/input/normalize.js";
import { resolveReadSettings } from "../src/input/read-settings.js";
import { emptyJoinReport, joinLeads } from "../src/input/join.js";
import { readLeadMapping } from "../src/validate/read-lead-mapping.js";
import { readLeadRecords } from "../src/load/read-leads.js";
import type { LeadInput } from "../src/load/lead-input.js";
import { validSet } from "./helpers/policies.js";

const root = "tests/fixtures/exports/real";
const dictionary = specOf(validSet(), "DataDictionary")!;

interface Fixture {
  folder: string;
  file: string;
  source?: string;
  mapping?: boolean;
  join?: { file: string; on: string };
  /** Lines the reader must report as dropped (titles, footers; a blank line is dropped without a word). */
  dropped?: number[];
}

const realExports: Fixture[] = [
  { folder: "salesforce-report", file: "report1780402440123.csv", source: "sfdc-report", dropped: [23, 24, 25, 26] },
  { folder: "hubspot-labels", file: "hubspot-crm-exports-all-contacts-2026-06-02.csv", source: "hubspot" },
  { folder: "hubspot-names", file: "hubspot-crm-exports-all-contacts-2026-06-02-internal.csv", source: "hubspot" },
  { folder: "european-semicolon", file: "leads_export_vertrieb.csv", mapping: true },
  { folder: "windows-1252", file: "leads_uk_team.csv", mapping: true },
  { folder: "xlsx", file: "northwind-leads-q2.xlsx", mapping: true, dropped: [1] },
  { folder: "leads-and-deals", file: "leads.csv", mapping: true, join: { file: "deals.csv", on: "Lead ID" } },
  { folder: "unmapped-education", file: "leads_x_education.csv", mapping: true },
];

function settingsOf(fixture: Fixture) {
  const mapping = fixture.mapping ? readLeadMapping(path.join(root, fixture.folder, "mapping.yaml")) : undefined;
  return resolveReadSettings(dictionary, { ...(fixture.source ? { source: fixture.source } : {}), ...(mapping ? { mapping } : {}) });
}

async function readFixture(fixture: Fixture) {
  const settings = settingsOf(fixture);
  const normalizer = createNormalizer(dictionary, settings);
  let inputs: AsyncIterable<LeadInput> = readLeadRecords(path.join(root, fixture.folder, fixture.file), { layout: settings.layout });
  const join = fixture.join
    ? emptyJoinReport({ file: path.join(root, fixture.folder, fixture.join.file), on: fixture.join.on })
    : undefined;
  if (fixture.join) inputs = joinLeads(inputs, { file: path.join(root, fixture.folder, fixture.join.file), on: fixture.join.on }, join!);
  const leads: { line: number; values: Record<string, unknown>; problems: string[] }[] = [];
  const dropped: number[] = [];
  const problems: string[] = [];
  for await (const input of inputs) {
    if ("record" in input) {
      const { lead, problems: fieldProblems } = normalizer.normalize(input.record.values, input.record.row);
      leads.push({
        line: input.record.row,
        values: { ...lead },
        problems: fieldProblems.filter((p) => p.kind === "bad-value").map((p) => p.field),
      });
    } else if ("dropped" in input) dropped.push(input.dropped.line);
    else if ("problem" in input) problems.push(input.problem.message);
  }
  return { leads, dropped, problems, join };
}

describe("real exports read with their profiles", () => {
  for (const fixture of realExports) {
    it(`${fixture.folder}: every lead, no phantom rows, every value as written down by hand`, async () => {
      const expected = parse(readFileSync(path.join(root, fixture.folder, "expected.yaml"), "utf8")) as {
        line: number;
        values: Record<string, unknown>;
      }[];
      const { leads, dropped, problems } = await readFixture(fixture);
      expect(problems).toEqual([]);
      expect(leads.map((l) => l.line)).toEqual(expected.map((e) => e.line));
      for (const line of fixture.dropped ?? []) expect(dropped, `line ${line} is no lead`).toContain(line);
      leads.forEach((lead, i) => {
        const want = expected[i]!.values;
        const got = Object.fromEntries(Object.keys(want).map((field) => [field, lead.values[field]]));
        expect(got, `line ${lead.line}`).toEqual(want);
      });
    });
  }

  it("flags the one bad picklist value of the Salesforce report and keeps the lead", async () => {
    const { leads } = await readFixture(realExports[0]!);
    const flagged = leads.filter((l) => l.problems.length > 0);
    expect(flagged.map((l) => [l.line, l.problems])).toEqual([[11, ["industry"]]]);
  });

  it("joins the deals onto the leads by key and counts what matched", async () => {
    const { join } = await readFixture(realExports.find((f) => f.join)!);
    expect(join).toMatchObject({ rows: 6, matched: 5, unmatched: 1, repeated: 0 });
  });
});
