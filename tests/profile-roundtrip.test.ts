/**
 * For random dictionaries and random records written the way a random import profile says (delimiter,
 * encoding, null marker, yes/no spellings, date and date-time formats in a time zone, number format,
 * picklist labels), reading the file back with that profile gives the original values. The writer here
 * is written for the test, independently of the reader.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { DictionarySpec, FieldDefinition, FieldType } from "../src/model/policy.js";
import type { ImportProfile } from "../src/model/import-profile.js";
import { createNormalizer } from "../src/input/normalize.js";
import { resolveReadSettings } from "../src/input/read-settings.js";
import { readLeadRecords } from "../src/load/read-leads.js";

const folder = mkdtempSync(path.join(tmpdir(), "leadrules-roundtrip-"));

const types: FieldType[] = ["string", "number", "integer", "boolean", "date", "datetime", "email", "picklist", "multipicklist"];

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);

/** A dictionary: an id field and 1-8 more fields of random types (picklists with their own values and labels). */
const dictionaryArbitrary = fc.array(fc.constantFrom(...types), { minLength: 1, maxLength: 8 }).chain((fieldTypes) =>
  fc.tuple(...fieldTypes.map((type, i) => fieldArbitrary(`f${i}`, type))).map(
    (fields): DictionarySpec => ({
      idField: "id",
      systems: [{ id: "export", name: "Export", kind: "file" }],
      conversions: { nullMarkers: [""], trueValues: ["true"], falseValues: ["false"], dateFormats: [] },
      objects: [
        {
          id: "lead",
          label: "Lead",
          description: "",
          fields: [
            { name: "id", label: "Id", type: "string", description: "", pii: "none", owner: "x", sourceOfTruth: "export", required: true },
            ...fields,
          ],
        },
      ],
    }),
  ),
);

function fieldArbitrary(name: string, type: FieldType): fc.Arbitrary<FieldDefinition> {
  const base = { name, label: name.toUpperCase(), type, description: "", pii: "none" as const, owner: "x", sourceOfTruth: "export" };
  if (type !== "picklist" && type !== "multipicklist") return fc.constant(base);
  return fc
    .uniqueArray(word, { minLength: 1, maxLength: 5 })
    .map((values) => ({ ...base, values: values.map((v) => ({ value: v, label: `${v.toUpperCase()} Label` })) }));
}

const zones = ["UTC", "America/New_York", "Asia/Kolkata", "Europe/Berlin", "Australia/Sydney"];
const numberFormats = [
  { thousands: ",", decimal: "." },
  { thousands: ".", decimal: "," },
  { thousands: " ", decimal: "," },
  { thousands: "", decimal: "." },
  { thousands: "'", decimal: "." },
] as const;

const profileArbitrary: fc.Arbitrary<ImportProfile> = fc
  .record({
    delimiter: fc.option(fc.constantFrom(",", ";", "\t", "|") as fc.Arbitrary<"," | ";" | "\t" | "|">, { nil: undefined }),
    encoding: fc.constantFrom("utf-8", "windows-1252") as fc.Arbitrary<"utf-8" | "windows-1252">,
    nullMarkers: fc.constantFrom([""], ["", "N/A"], ["", "--None--"], ["", "-"]),
    booleans: fc.constantFrom(["Yes", "No"], ["Ja", "Nein"], ["TRUE", "FALSE"], ["1", "0"]),
    dateFormats: fc.constantFrom(["M/d/yyyy"], ["dd.MM.yyyy"], ["yyyy-MM-dd"], ["d/M/yyyy"]),
    dateTimeFormats: fc.constantFrom(["M/d/yyyy h:mm a"], ["dd.MM.yyyy HH:mm"], ["yyyy-MM-dd HH:mm"], ["d/M/yyyy HH:mm:ss"]),
    timeZone: fc.constantFrom(...zones),
    numbers: fc
      .tuple(fc.constantFrom(...numberFormats), fc.constantFrom([], ["$"], ["€"], ["USD"]))
      .map(([n, currency]) => ({ ...n, currency })),
  })
  .map(({ booleans, ...p }) => ({ ...p, trueValues: [booleans[0]], falseValues: [booleans[1]] }) as unknown as ImportProfile);

/** Text that survives being written: no surrounding spaces, not a null marker, Latin-1 only (Windows-1252 can hold it). */
const text = fc.stringMatching(/^[A-Za-z0-9éüßÆ,;|"'\t\n ]{0,12}[A-Za-z0-9éüßÆ]$/).filter((t) => t.trim() === t);

type Value = string | number | boolean | string[] | null;

function valueArbitrary(field: FieldDefinition): fc.Arbitrary<Value> {
  const present = (() => {
    switch (field.type) {
      case "string":
        return text;
      case "email":
        return fc.tuple(word, word).map(([a, b]) => `${a}@${b}.example`);
      case "number":
        return fc.integer({ min: -99_999_999, max: 99_999_999 }).map((n) => n / 100);
      case "integer":
        return fc.integer({ min: -9_999_999, max: 9_999_999 });
      case "boolean":
        return fc.boolean();
      case "date":
        return fc
          .date({ min: new Date("1950-01-01T00:00:00Z"), max: new Date("2150-12-31T00:00:00Z"), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      case "datetime":
        // Whole minutes, which every date-time format writes.
        return fc
          .integer({ min: Date.UTC(1950, 0, 1) / 60_000, max: Date.UTC(2150, 0, 1) / 60_000 })
          .map((m) => new Date(m * 60_000).toISOString());
      case "picklist":
        return fc.constantFrom(...field.values!.map((v) => v.value));
      case "multipicklist":
        return fc.uniqueArray(fc.constantFrom(...field.values!.map((v) => v.value)), { minLength: 1, maxLength: field.values!.length });
    }
  })() as fc.Arbitrary<Value>;
  return fc.option(present, { nil: null, freq: 5 });
}

/** How the profile writes a value (labels or values for picklists, chosen by `useLabel`). */
function write(field: FieldDefinition, value: Value, profile: ImportProfile, useLabel: boolean): string {
  if (value === null) return profile.nullMarkers![profile.nullMarkers!.length - 1]!;
  const label = (v: string) => (useLabel ? field.values!.find((x) => x.value === v)!.label : v);
  switch (field.type) {
    case "boolean":
      return value ? profile.trueValues![0]! : profile.falseValues![0]!;
    case "number":
    case "integer":
      return writeNumber(value as number, profile);
    case "date":
      return DateTime.fromISO(value as string, { zone: "utc" }).toFormat(profile.dateFormats![0]!);
    case "datetime":
      return DateTime.fromISO(value as string)
        .setZone(profile.timeZone!)
        .toFormat(profile.dateTimeFormats![0]!);
    case "picklist":
      return label(value as string);
    case "multipicklist":
      return (value as string[]).map(label).join(";");
    default:
      return value as string;
  }
}

function writeNumber(n: number, profile: ImportProfile): string {
  const { thousands = ",", decimal = ".", currency = [] } = profile.numbers ?? {};
  const [whole, fraction] = Math.abs(n).toFixed(2).split(".") as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  const digits = Number.isInteger(n) ? grouped : `${grouped}${decimal}${fraction}`;
  const signed = `${n < 0 ? "-" : ""}${digits}`;
  return currency.length > 0 ? (currency[0] === "€" ? `${signed} €` : `${currency[0]}${signed}`) : signed;
}

/** The text as Windows-1252 bytes: Latin-1 as it is, and the euro sign at 0x80 (all this test writes). */
function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((c) => (c === "€" ? 0x80 : c.charCodeAt(0))));
}

function csvCell(cell: string, delimiter: string): string {
  return /["\r\n]/.test(cell) || cell.includes(delimiter) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** A naive local time written twice by the clocks going back reads as its first instant: such values are left out. */
function isAmbiguous(iso: string, profile: ImportProfile): boolean {
  const format = profile.dateTimeFormats![0]!;
  const at = DateTime.fromISO(iso).setZone(profile.timeZone!);
  return at.minus({ hours: 1 }).toFormat(format) === at.toFormat(format) || at.plus({ hours: 1 }).toFormat(format) === at.toFormat(format);
}

const caseArbitrary = dictionaryArbitrary.chain((dictionary) => {
  const fields = dictionary.objects[0]!.fields.slice(1);
  return fc.tuple(
    fc.constant(dictionary),
    profileArbitrary,
    fc.array(fc.tuple(...fields.map(valueArbitrary)), { minLength: 1, maxLength: 20 }),
    fc.boolean(),
  );
});

let run = 0;

describe("records written with a random profile read back as they were", () => {
  it("for random dictionaries, profiles and records", async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ([dictionary, profile, rows, useLabel]) => {
        const fields = dictionary.objects[0]!.fields.slice(1);
        const values = rows.map((row) =>
          row.map((v, i) => (fields[i]!.type === "datetime" && v !== null && isAmbiguous(v as string, profile) ? null : v)),
        );
        const delimiter = profile.delimiter ?? ",";
        const lines = [
          ["id", ...fields.map((f) => f.name)],
          ...values.map((row, r) => [`L${r}`, ...row.map((v, i) => write(fields[i]!, v, profile, useLabel))]),
        ];
        const csv = lines.map((cells) => cells.map((c) => csvCell(c, delimiter)).join(delimiter)).join("\r\n") + "\r\n";
        const file = path.join(folder, `case-${run++}.csv`);
        writeFileSync(file, profile.encoding === "windows-1252" ? windows1252(csv) : csv);

        const withProfile: DictionarySpec = {
          ...dictionary,
          systems: [{ id: "export", name: "Export", kind: "file", profile }],
          objects: [
            {
              ...dictionary.objects[0]!,
              fields: dictionary.objects[0]!.fields.map((f) => ({
                ...f,
                mappings: { export: { field: f.name, direction: "read-only" as const } },
              })),
            },
          ],
        };
        const settings = resolveReadSettings(withProfile, { source: "export" });
        const normalizer = createNormalizer(withProfile, settings);
        const read: Record<string, unknown>[] = [];
        for await (const input of readLeadRecords(file, { layout: settings.layout })) {
          if ("problem" in input) throw new Error(input.problem.message);
          if ("record" in input) {
            const { lead, problems } = normalizer.normalize(input.record.values, input.record.row);
            expect(problems.filter((p) => p.kind === "bad-value")).toEqual([]);
            read.push({ ...lead });
          }
        }
        expect(read).toEqual(values.map((row, r) => ({ id: `L${r}`, ...Object.fromEntries(fields.map((f, i) => [f.name, row[i]])) })));
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});
