/**
 * One meaning, written down (docs/evaluation.md): what "nothing" is in a
 * multipicklist, how every reader trims list items, which spellings match
 * whatever their case, how business hours fall on a daylight-saving day, and
 * that explain tells a guard that holds from a transition that fired. Each
 * meaning is checked on both engines and on every reader that can carry it
 * (the same leads, written by hand, as CSV, NDJSON, a JSON array and YAML,
 * and the CSV's cells as a workbook).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { utils, write } from "@e965/xlsx";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  createBusinessCalendar,
  explainLeadInFile,
  factLabels,
  simulateFile,
  validatePolicyDirectory,
  type Calendar,
  type EngineName,
  type PolicySet,
} from "../src/index.js";
import { formatExplainText } from "../src/format/explain-text.js";
import { corpusAsOf, validSet } from "./helpers/policies.js";
import { bundledPolicies, makeTempDir, policyFolder, repoRoot } from "./helpers/policy-fixtures.js";

const fixtures = path.join(repoRoot, "tests/fixtures/evaluation-meaning");
const engines: readonly EngineName[] = ["compiled", "reference"];

/** The bundled policies, plus an exclusion that holds when the tech stack does not include Snowflake. */
const withoutSnowflake: PolicySet = validSet(
  policyFolder(
    [
      {
        file: "scoring-model.yaml",
        replace: "  exclusions:\n",
        with: "  exclusions:\n    - id: exclude.no-snowflake\n      description: Test only.\n      when: { fact: techStack, operator: doesNotContain, value: snowflake }\n    - id: exclude.has-snowflake\n      description: Test only.\n      when: { fact: techStack, operator: contains, value: snowflake }\n",
      },
    ],
    bundledPolicies,
  ),
);
const bundled = validSet();

/** The CSV's cells as text in the first sheet of a workbook, as a spreadsheet export holds them. */
function leadsAsWorkbook(): string {
  const rows: string[][] = parse(readFileSync(path.join(fixtures, "leads.csv")));
  const book = utils.book_new();
  utils.book_append_sheet(book, utils.aoa_to_sheet(rows), "Leads");
  const file = path.join(makeTempDir(), "leads.xlsx");
  writeFileSync(file, write(book, { type: "buffer", bookType: "xlsx" }) as Buffer);
  return file;
}

/** Each reader's file of the same leads (the workbook made from the CSV). */
const readers = ["leads.csv", "leads.ndjson", "leads.json", "leads.yaml", leadsAsWorkbook()].map((file) => ({
  name: path.basename(file),
  file,
}));

async function simulate(set: PolicySet, file: string, engine: EngineName) {
  const rows: any[] = [];
  const { read } = await simulateFile(set, path.resolve(fixtures, file), { asOf: corpusAsOf, engine, trace: true }, (row) =>
    rows.push(row),
  );
  return { rows, read, byId: new Map(rows.map((r) => [r.id, r])) };
}

describe("an empty multipicklist: an empty cell, a lone separator and [] are the same nothing", () => {
  for (const { name, file } of readers)
    for (const engine of engines)
      it(`${name}, --engine ${engine}: doesNotContain and contains are both false for M1 (empty), M2 (; or []) and M3 (blank items)`, async () => {
        const { byId, read } = await simulate(withoutSnowflake, file, engine);
        expect(read.flagged).toBe(0);
        for (const id of ["M1", "M2", "M3"]) expect(byId.get(id).score.excluded ?? null, id).toBeNull();
        expect(byId.get("M4").score.excluded).toBe("exclude.has-snowflake");
        expect(byId.get("M5").score.excluded).toBe("exclude.no-snowflake");
      });
});

describe("list items are trimmed, and empty items dropped, by every reader", () => {
  for (const { name, file } of readers)
    it(`${name}: " snowflake", " Databricks " and an empty item read as snowflake, databricks`, async () => {
      const { byId, read } = await simulate(withoutSnowflake, file, "compiled");
      expect(read).toMatchObject({ rejected: 0, flagged: 0 });
      expect(byId.get("T1").flagged).toBeUndefined();
      expect(byId.get("T1").score.excluded).toBe("exclude.has-snowflake");
      // fit.tech-stack.warehouse: snowflake or databricks is +10 fit on the bundled model.
      const bundledRow = (await simulate(bundled, file, "compiled")).byId.get("T1");
      expect(bundledRow.flagged).toBeUndefined();
    });
});

describe("case: picklist values and labels, null markers and yes/no spellings match whatever their case", () => {
  for (const { name, file } of readers)
    for (const engine of engines)
      it(`${name}, --engine ${engine}: state code "ca" in country "us" is California, so the CCPA rules apply`, async () => {
        const { byId, read } = await simulate(bundled, file, engine);
        expect(read).toMatchObject({ rejected: 0, flagged: 0 });
        // unsubscribed YES, emailBounced FALSE, industry SOFTWARE: read, not flagged.
        expect(byId.get("C1").retention.rule).toBe("ret.california.opted-out");
        // " Ca " (trimmed), optOutAt NULL and dispositionCode n/A (null markers in any case), unsubscribed No.
        expect(byId.get("C2").retention.rule).toBe("ret.california");
      });
});

describe("a policy value in another case than its field is read in", () => {
  it("is refused by validate: stateCode is read in upper case, so `ca` would never match", () => {
    const folder = policyFolder(
      [
        {
          file: "retention-schedule.yaml",
          replace: "- { fact: stateCode, operator: equal, value: CA }",
          with: "- { fact: stateCode, operator: equal, value: ca }",
        },
      ],
      bundledPolicies,
    );
    const found = validatePolicyDirectory(folder).diagnostics.filter((d) => d.severity === "error");
    expect(found.map((d) => [d.code, d.message, d.suggest])).toEqual([
      ["crossref/value-type", '`stateCode` is read in upper case, so "ca" never matches it', ["CA"]],
    ]);
  });
});

describe("the same leads as CSV, NDJSON, a JSON array, YAML and XLSX give the same simulation", () => {
  for (const engine of engines)
    it(`--engine ${engine}: identical rows and read report, owners included`, async () => {
      const csv = await simulate(bundled, "leads.csv", engine);
      expect(csv.rows).toHaveLength(9);
      for (const { name, file } of readers.slice(1)) {
        const other = await simulate(bundled, file, engine);
        expect(other.rows, name).toEqual(csv.rows);
        expect(other.read.flagged, name).toBe(csv.read.flagged);
        expect(other.read.rejected, name).toBe(csv.read.rejected);
      }
    });
});

describe("explain: a guard that holds is not a transition that fired", () => {
  it("X1 in sql goes to opportunity; disqualify holds too but was not taken, and says so", async () => {
    for (const engine of engines) {
      const { report } = await explainLeadInFile(bundled, path.join(fixtures, "leads.ndjson"), "X1", { asOf: corpusAsOf, engine });
      expect(report.outcome.lifecycle?.path).toEqual(["sql-to-opportunity"]);
      const transitions = new Map(report.lifecycle!.transitions.map((t) => [t.id, t]));
      expect(transitions.get("sql-to-opportunity")).toMatchObject({ result: true, taken: true });
      expect(transitions.get("disqualify")).toMatchObject({ result: true, taken: false });
      const lines = formatExplainText(report, factLabels(bundled)).split("\n");
      const taken = lines.find((l) => l.includes("sql-to-opportunity ("))!;
      expect(taken).toMatch(/^ {2}\[taken\] sql-to-opportunity/);
      const disqualify = lines.find((l) => l.includes("disqualify ("))!;
      expect(disqualify).not.toContain("[yes]");
      expect(disqualify).toContain("[holds, not taken: sql-to-opportunity was taken out of sql first]");
    }
  });
});

describe("business hours on daylight-saving days: an interval is the real time from when the clock first shows its start to when it first shows its end", () => {
  const hourMs = 3_600_000;
  const calendar = (timeZone: string, sun: string[]): ReturnType<typeof createBusinessCalendar> =>
    createBusinessCalendar({ id: "dst", name: "DST", timeZone, week: { sun }, holidays: [] } satisfies Calendar);
  const at = (iso: string) => Date.parse(iso);
  const hoursOfDay = (cal: ReturnType<typeof createBusinessCalendar>, day: string) =>
    cal.hoursBetween(at(`${day}T00:00:00Z`) - 12 * hourMs, at(`${day}T00:00:00Z`) + 36 * hourMs);

  it("America/New_York, spring forward (2026-03-08, 02:00 -> 03:00)", () => {
    // The clock skips 02:00-03:00: 01:30-03:30 is one hour of real time.
    expect(hoursOfDay(calendar("America/New_York", ["01:30-03:30"]), "2026-03-08")).toBe(1);
    // A time inside the gap is the moment the clock jumps past it (03:00 EDT), not half an hour later.
    const gapStart = calendar("America/New_York", ["02:30-05:00"]);
    expect(hoursOfDay(gapStart, "2026-03-08")).toBe(2);
    expect(gapStart.isOpen(at("2026-03-08T07:15:00Z"))).toBe(true); // 03:15 EDT
    expect(gapStart.isOpen(at("2026-03-08T06:59:00Z"))).toBe(false); // 01:59 EST
    expect(new Date(gapStart.addHours(at("2026-03-08T05:00:00Z"), 1)).toISOString()).toBe("2026-03-08T08:00:00.000Z");
    // An interval that ends inside the gap ends when the clock jumps.
    expect(hoursOfDay(calendar("America/New_York", ["01:00-02:30"]), "2026-03-08")).toBe(1);
  });

  it("America/New_York, fall back (2026-11-01, 02:00 -> 01:00)", () => {
    // The clock shows 01:00-02:00 twice: 00:30-02:30 is three hours of real time.
    expect(hoursOfDay(calendar("America/New_York", ["00:30-02:30"]), "2026-11-01")).toBe(3);
    // A repeated time is its first showing: 01:30-03:00 starts at 01:30 EDT.
    const repeated = calendar("America/New_York", ["01:30-03:00"]);
    expect(hoursOfDay(repeated, "2026-11-01")).toBe(2.5);
    expect(repeated.isOpen(at("2026-11-01T05:30:00Z"))).toBe(true); // 01:30 EDT
  });

  it("Europe/Berlin, spring forward (2026-03-29, 02:00 -> 03:00) and fall back (2026-10-25, 03:00 -> 02:00)", () => {
    expect(hoursOfDay(calendar("Europe/Berlin", ["01:30-03:30"]), "2026-03-29")).toBe(1);
    expect(hoursOfDay(calendar("Europe/Berlin", ["02:15-04:00"]), "2026-03-29")).toBe(1);
    expect(hoursOfDay(calendar("Europe/Berlin", ["02:00-03:00"]), "2026-10-25")).toBe(2);
    expect(hoursOfDay(calendar("Europe/Berlin", ["08:00-17:00"]), "2026-10-25")).toBe(9);
  });
});
