/**
 * `leadrules inspect`: the profile of the real exports against facts written down by hand
 * (tests/fixtures/exports/real/<folder>/inspect.expected.json), the draft mapping of --suggest (it
 * validates, resolves, and no header can break out of its YAML), the escaping of each format, type and
 * format detection, and the exit codes.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { inspectLeads, specOf, suggestLeadMapping, type InspectProfile, type Inspection } from "../src/index.js";
import { resolveReadSettings } from "../src/input/read-settings.js";
import { emptyJoinReport, joinLeads } from "../src/input/join.js";
import { readLeadMapping } from "../src/validate/read-lead-mapping.js";
import { readLeadRecords } from "../src/load/read-leads.js";
import type { LeadInput } from "../src/load/lead-input.js";
import { schemaValidator } from "../src/validate/schemas.js";
import { TypeDetector } from "../src/inspect/detect-type.js";
import { formatInspectMarkdown } from "../src/format/inspect-markdown.js";
import { formatInspectText } from "../src/format/inspect-text.js";
import { validSet } from "./helpers/policies.js";
import { runCli } from "./helpers/cli.js";

const root = "tests/fixtures/exports/real";
const set = validSet();
const dictionary = specOf(set, "DataDictionary")!;

interface ExpectedCase {
  leads: string;
  source?: string;
  mapping?: string;
  join?: { file: string; on: string };
  rows: number;
  columnCount: number;
  columnNames?: string[];
  columns: Record<string, Record<string, unknown>>;
  fields: Record<string, string[]>;
  unknownValues?: Record<string, { value: string; count: number }[]>;
  missingRequired?: string[];
  bestSource?: { id: string; matched: number };
  junkRows?: number;
  badValues?: Record<string, number>;
  read: Record<string, number>;
  joinReport?: Record<string, number>;
}

async function inspectFixture(folder: string, c: Pick<ExpectedCase, "leads" | "source" | "mapping" | "join">): Promise<Inspection> {
  const mapping = c.mapping ? readLeadMapping(path.join(root, folder, c.mapping)) : undefined;
  const settings = resolveReadSettings(dictionary, { ...(c.source ? { source: c.source } : {}), ...(mapping ? { mapping } : {}) });
  let inputs: AsyncIterable<LeadInput> = readLeadRecords(path.join(root, folder, c.leads), { layout: settings.layout });
  const join = c.join ? emptyJoinReport({ file: path.join(root, folder, c.join.file), on: c.join.on }) : undefined;
  if (c.join) inputs = joinLeads(inputs, { file: path.join(root, folder, c.join.file), on: c.join.on }, join!);
  const inspection = await inspectLeads(set, inputs, { file: c.leads, read: settings });
  if (join) inspection.profile.read.join = join;
  return inspection;
}

const folders = ["hubspot-labels", "hubspot-names", "leads-and-deals", "unmapped-education"];

describe("inspect profiles the real exports as written down by hand", () => {
  for (const folder of folders) {
    const expected = JSON.parse(readFileSync(path.join(root, folder, "inspect.expected.json"), "utf8")) as { cases: ExpectedCase[] };
    for (const c of expected.cases) {
      const how = c.mapping ? `--mapping ${c.mapping}` : c.source ? `--source ${c.source}` : "the dictionary's field names";
      it(`${folder}/${c.leads} read by ${how}${c.join ? " joined with " + c.join.file : ""}`, async () => {
        const { profile } = await inspectFixture(folder, c);
        expect(profile.rows).toBe(c.rows);
        expect(profile.columns).toHaveLength(c.columnCount);
        // As a set: the order is the header's once the reader hands the header on, the first record's keys before.
        if (c.columnNames) expect(profile.columns.map((col) => col.name).sort()).toEqual([...c.columnNames].sort());
        for (const [name, facts] of Object.entries(c.columns)) {
          const column = profile.columns.find((col) => col.name === name);
          expect(column, `column ${name}`).toBeDefined();
          for (const [key, value] of Object.entries(facts)) {
            if (key === "distinct") expect(column!.distinct, `${name}: distinct`).toEqual({ count: value, more: false });
            // The most frequent values, as many as written down.
            else if (key === "top") expect(column!.top.slice(0, (value as unknown[]).length), `${name}: top`).toEqual(value);
            else expect(column![key as keyof typeof column], `${name}: ${key}`).toEqual(value);
          }
        }
        for (const [field, columns] of Object.entries(c.fields))
          expect(profile.fields.find((f) => f.field === field)?.columns, `field ${field}`).toEqual(columns);
        for (const [field, values] of Object.entries(c.unknownValues ?? {}))
          expect(profile.fields.find((f) => f.field === field)?.unknownValues, `unknown values of ${field}`).toEqual(values);
        if (c.missingRequired) expect(profile.missingRequired).toEqual(c.missingRequired);
        if (c.bestSource) expect(profile.sources[0]).toEqual(c.bestSource);
        if (c.junkRows !== undefined) expect(profile.junkRows.count).toBe(c.junkRows);
        for (const [field, count] of Object.entries(c.badValues ?? {})) {
          const bad = profile.read.problems.filter((g) => g.field === field && g.code === "input/row").reduce((n, g) => n + g.count, 0);
          expect(bad, `bad values of ${field}`).toBe(count);
        }
        for (const [key, value] of Object.entries(c.read))
          expect(profile.read[key as keyof typeof profile.read], `read.${key}`).toBe(value);
        if (c.joinReport) expect(profile.read.join).toMatchObject(c.joinReport);
      });
    }
  }
});

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "leadrules-inspect-"));
}

const education = path.join(root, "unmapped-education", "leads_x_education.csv");

describe("inspect --suggest drafts a mapping", () => {
  it("for the unmapped education export: it validates, resolves, and maps the id and the lead source", async () => {
    const run = await runCli(["inspect", "--leads", education, "--policies", "policies", "--suggest"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("# yaml-language-server: $schema=schemas/lead-mapping.schema.json");
    const draft = parse(run.stdout) as {
      metadata: { name: string; description: string };
      spec: { columns: Record<string, string>; values?: Record<string, Record<string, string>>; profile: Record<string, unknown> };
    };
    expect(schemaValidator("LeadMapping")(draft)).toBe(true);
    expect(draft.metadata.name).toBe("leads_x_education");
    expect(draft.spec.columns.leadId).toBe("Prospect ID");
    expect(draft.spec.columns.leadSource).toBe("Lead Source");
    // "Last Activity" is a dictionary column name of sfdc-report, but it holds activity names, not dates.
    expect(draft.spec.columns.lastActivityAt).toBeUndefined();
    expect(run.stdout).toContain('# "Last Activity" looks like lastActivityAt by name, but holds text values, not datetime');
    expect(draft.spec.profile.nullMarkers).toEqual(["", "unknown", "Select"]);
    // Every lead source the dictionary does not know gets a draft value, marked for checking.
    expect(Object.keys(draft.spec.values!.leadSource!).sort()).toEqual([
      "Direct Traffic",
      "Facebook",
      "Google",
      "Olark Chat",
      "Organic Search",
      "Reference",
      "Referral Sites",
      "Welingak Website",
    ]);
    expect(draft.spec.values!.leadSource!["Olark Chat"]).toBe("chat");
    expect(draft.spec.values!.leadSource!["Referral Sites"]).toBe("partner-referral");
    expect(run.stdout).toMatch(/Olark Chat: chat # check/);

    const dir = tempDir();
    const file = path.join(dir, "draft.yaml");
    writeFileSync(file, run.stdout);
    const settings = resolveReadSettings(dictionary, { mapping: readLeadMapping(file) });
    expect(settings.fields.leadId!.columns).toEqual(["Prospect ID"]);
    expect(settings.fields.leadSource!.values!["Olark Chat"]).toBe("chat");
    // Read with its own draft, the export has ids and lead sources.
    const { profile } = await inspectLeads(set, readLeadRecords(education, { layout: settings.layout }), {
      file: "leads_x_education.csv",
      read: settings,
    });
    expect(profile.read.decided).toBe(20);
    expect(profile.fields.find((f) => f.field === "leadSource")!.unknownValues).toEqual([]);
  });

  it("the library gives the same draft, with what it matched and left out", async () => {
    const inspection = await inspectFixture("unmapped-education", { leads: "leads_x_education.csv" });
    const draft = suggestLeadMapping(dictionary, inspection, { file: education });
    expect(draft.columns).toEqual({ leadId: "Prospect ID", country: "Country", leadSource: "Lead Source" });
    expect(draft.unmatched).toContain("Last Activity");
    expect(draft.unmatched).not.toContain("Prospect ID");
    expect(draft.yaml).toBe((await runCli(["inspect", "--leads", education, "--suggest"])).stdout);
  });

  it("is the same on every run, and --out writes it atomically while the profile goes to stdout", async () => {
    const first = await runCli(["inspect", "--leads", education, "--suggest"]);
    const second = await runCli(["inspect", "--leads", education, "--suggest"]);
    expect(first.stdout).toBe(second.stdout);
    expect(first.stdout).not.toMatch(/20\d\d-\d\d-\d\d/);
    const dir = tempDir();
    const out = path.join(dir, "mappings", "..", "x-education.yaml");
    const run = await runCli(["inspect", "--leads", education, "--suggest", "--out", out]);
    expect(run.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(run.stdout).toContain("columns:");
    expect(readFileSync(out, "utf8")).toContain("kind: LeadMapping");
    expect(readLeadMapping(out).document.spec.columns.leadId).toBe("Prospect ID");
  });

  it("refuses an --out that is the export or inside the policies folder (exit 2)", async () => {
    expect((await runCli(["inspect", "--leads", education, "--suggest", "--out", education])).code).toBe(2);
    expect((await runCli(["inspect", "--leads", education, "--suggest", "--out", "policies/draft.yaml"])).code).toBe(2);
  });

  it("a header with a line break, a # or ': ' cannot break out of the YAML", async () => {
    const dir = tempDir();
    const file = path.join(dir, "hostile.csv");
    const hostile = [
      "Lead ID",
      "Email",
      '"Notes\nkind: Policy # x"',
      '"evil: value # comment"',
      '"x\r\n- injected"',
      '"Country\u2028apiVersion: v0"',
    ];
    writeFileSync(file, `${hostile.join(",")}\nL1,a@b.example,one,two,three,India\nL2,c@d.example,one,two,three,Germany\n`);
    const run = await runCli(["inspect", "--leads", file, "--suggest"]);
    expect(run.code).toBe(0);
    const draft = parse(run.stdout) as Record<string, unknown> & { spec: { columns: Record<string, string> } };
    expect(Object.keys(draft)).toEqual(["apiVersion", "kind", "metadata", "spec"]);
    expect(draft.kind).toBe("LeadMapping");
    expect(draft.apiVersion).toBe("leadrules/v1");
    expect(draft.spec.columns).toEqual({ leadId: "Lead ID", email: "Email" });
    expect(schemaValidator("LeadMapping")(draft)).toBe(true);
    // Every line is YAML of leadrules' own, or a comment: no line starts with a header's text.
    for (const line of run.stdout.split(/\r\n|\r|\n/)) expect(line, line).not.toMatch(/^\s*(kind: Policy|- injected|apiVersion: v0)/);
    expect(run.stdout).not.toContain("\u2028");
    const mappingFile = path.join(dir, "hostile.yaml");
    writeFileSync(mappingFile, run.stdout);
    expect(() => resolveReadSettings(dictionary, { mapping: readLeadMapping(mappingFile) })).not.toThrow();
  });
});

describe("inspect output formats", () => {
  async function hostileProfile(): Promise<InspectProfile> {
    const inputs: LeadInput[] = [
      { columns: ["leadId", "company", "Pipe|Column"] },
      { record: { row: 2, values: { leadId: "L1", company: "<script>alert(1)</script>", "Pipe|Column": "a|b" } } },
      { record: { row: 3, values: { leadId: "L2", company: "Acme\nline two", "Pipe|Column": "\u001b[31mred" } } },
      { record: { row: 4, values: { leadId: "L3", company: "Line\u2028Separator", "Pipe|Column": "x" } } },
    ];
    return (await inspectLeads(set, inputs, { file: "hostile.csv" })).profile;
  }

  it("markdown escapes a | and <script> from the file", async () => {
    const out = formatInspectMarkdown(await hostileProfile());
    expect(out).not.toContain("<script>");
    expect(out).toContain("&lt;script>");
    expect(out).toContain("Pipe\\|Column");
    expect(out).toContain("a\\|b");
    // Every table row has as many cells as its header.
    const table = out.split("\n").filter((l) => l.startsWith("| ") && l.includes("Pipe"));
    for (const row of table)
      expect(row.split(/(?<!\\)\|/).length).toBe(
        out
          .split("\n")
          .find((l) => l.startsWith("| Column"))!
          .split("|").length,
      );
  });

  it("text shows control characters and line breaks from the file as escapes, one line each", async () => {
    const out = formatInspectText(await hostileProfile());
    expect(out).not.toContain("\u001b");
    expect(out).not.toContain("\u2028");
    expect(out).toContain('"\\u001b[31mred"');
    expect(out).toContain('"Acme\\nline two"');
    expect(out).toContain("\\u2028");
    expect(out).not.toMatch(/^line two/m);
  });

  it("json is the whole profile, the same on every run", async () => {
    const a = await runCli(["inspect", "--leads", education, "--format", "json"]);
    const b = await runCli(["inspect", "--leads", education, "--format", "json"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const profile = JSON.parse(a.stdout) as InspectProfile;
    expect(Object.keys(profile)).toEqual([
      "file",
      "readBy",
      "rows",
      "idField",
      "delimiter",
      "columns",
      "fields",
      "missingRequired",
      "junkRows",
      "dropped",
      "sources",
      "read",
    ]);
    expect(profile.columns.map((c) => c.name)[0]).toBe("Prospect ID");
  });
});

describe("inspect reads what simulate refuses, and reports it", () => {
  it("an unmapped export is profiled (exit 0) and names the best --source", async () => {
    const run = await runCli(["inspect", "--leads", education]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "no column for the lead id (leadId): the best --source is sfdc-report (its mapping names 3 of the 22 columns)",
    );
    expect(run.stdout).toContain('"Prospect ID": text, filled 20/20 (100%), 20 distinct, feeds no field');
    expect(run.stdout).toContain("leadId (string; required, read by retention): not in this export");
  });

  it("a file that cannot be read is exit 2", async () => {
    expect((await runCli(["inspect", "--leads", "no/such/file.csv"])).code).toBe(2);
    expect((await runCli(["inspect", "--leads", education, "--source", "nope"])).code).toBe(2);
  });

  it("counts junk rows and keeps footer lines out of the rows", async () => {
    const inputs: LeadInput[] = [
      { columns: ["leadId", "email", "company"] },
      { record: { row: 2, values: { leadId: "L1", email: "a@b.example", company: "Acme" } } },
      { record: { row: 3, values: { leadId: "Total: 1", email: "", company: "" } } },
      { dropped: { line: 5, text: "Confidential Information - Do Not Distribute", why: "footer" } },
    ];
    const { profile } = await inspectLeads(set, inputs, { file: "x.csv" });
    expect(profile.rows).toBe(2);
    expect(profile.junkRows).toEqual({ count: 1, lines: [3] });
    expect(profile.dropped).toEqual({
      title: 0,
      footer: 1,
      lines: [{ line: 5, text: "Confidential Information - Do Not Distribute", why: "footer" }],
    });
    expect(profile.read.dropped.footer).toBe(1);
  });
});

describe("type and format detection", () => {
  const detect = (values: string[]) => {
    const d = new TypeDetector(new Set(["true", "false", "yes", "no", "1", "0"]));
    for (const v of values) d.see(v);
    return d.result();
  };

  it("tells month-first from day-first, and says ambiguous when both read every value", () => {
    expect(detect(["6/1/2026", "12/31/2025"])).toEqual({ type: "date", dateFormat: "M/d/yyyy" });
    expect(detect(["31/12/2025", "1/6/2026"])).toEqual({ type: "date", dateFormat: "d/M/yyyy" });
    expect(detect(["6/1/2026", "4/2/2026"])).toEqual({ type: "date", dateFormat: "ambiguous", dateFormats: ["M/d/yyyy", "d/M/yyyy"] });
    expect(detect(["20.01.2026", "01.06.2026"])).toEqual({ type: "date", dateFormat: "dd.MM.yyyy" });
    expect(detect(["6/1/2026 9:05 AM", "12/31/2025 11:59 PM"])).toEqual({ type: "datetime", dateFormat: "M/d/yyyy h:mm a" });
    expect(detect(["28.03.2026 23:30"])).toEqual({ type: "datetime", dateFormat: "dd.MM.yyyy HH:mm" });
    expect(detect(["2026-06-01T03:35:00.000Z"])).toEqual({ type: "datetime", dateFormat: "RFC 3339" });
    expect(detect(["Email Opened", "6/1/2026"]).type).toBe("text");
  });

  it("reads number writings, with currency, and keeps ids with leading zeros as text", () => {
    expect(detect(["$250,000,000", "$1,250,000,000.50"])).toEqual({
      type: "number",
      numberFormat: { thousands: ",", decimal: ".", currency: ["$"] },
    });
    expect(detect(["250.000 €", "48.500.000,50 €"])).toEqual({
      type: "number",
      numberFormat: { thousands: ".", decimal: ",", currency: ["€"] },
    });
    expect(detect(["12,500", "300"])).toEqual({ type: "integer", numberFormat: { thousands: ",", decimal: null, currency: [] } });
    expect(detect(["000123", "124"]).type).toBe("text");
    expect(detect(["+91 98450 12345"]).type).toBe("text");
    expect(detect(["Yes", "No"]).type).toBe("boolean");
    expect(detect(["a@b.example"]).type).toBe("email");
    expect(detect([]).type).toBe("empty");
  });
});

describe("--suggest on a Windows-1252 export", () => {
  it("drafts encoding: windows-1252 when the rows are not UTF-8, and the draft reads every row", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "leadrules-cp1252-"));
    const file = path.join(dir, "export.csv");
    // "Müller" and "François" as Excel's "CSV" writes them on Windows: one byte each for ü and ç.
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from("leadId;email;lastName\r\nL1;a@b.example;M"),
        Buffer.from([0xfc]),
        Buffer.from("ller\r\nL2;c@d.example;Fran"),
        Buffer.from([0xe7]),
        Buffer.from("ois\r\n"),
      ]),
    );
    const draft = path.join(dir, "mapping.yaml");
    const run = await runCli(["inspect", "--leads", file, "--suggest", "--out", draft]);
    expect(run.code).toBe(0);
    const mapping = readLeadMapping(draft);
    expect(mapping.document.spec.profile).toMatchObject({ delimiter: ";", encoding: "windows-1252" });
    const settings = resolveReadSettings(dictionary, { mapping });
    const names: unknown[] = [];
    for await (const input of readLeadRecords(file, { layout: settings.layout }))
      if ("record" in input) names.push(input.record.values.lastName);
    expect(names).toEqual(["Müller", "François"]);
  });
});
