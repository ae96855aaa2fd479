/**
 * The hand-written fast paths of bulk simulation give exactly what the
 * general code gives: the row serialiser against JSON.stringify, the line
 * reader against the lines of the text, instants against Date.parse, the
 * diff's field comparison against comparing JSON texts, CSV cells against
 * csv-stringify.
 */
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateLeads, simulateLeads, specOf, type LeadOutcome } from "../src/index.js";
import { dayOf, isoOf, parseInstant } from "../src/model/instants.js";
import { isCanonicalTime, isPlausibleDay, readDate } from "../src/model/dates.js";
import { assignmentJson, outcomeJson, outcomeJsonAround } from "../src/render/outcome-json.js";
import { GrowingBytes } from "../src/parallel/growing-bytes.js";
import { csvCell, csvRows, csvTextCell, spreadsheetCell, type CsvCell } from "../src/render/escape/spreadsheet.js";
import { simulationWriters } from "../src/format/simulation-formats.js";
import { openAtomicFile } from "../src/write/write-files.js";
import { stringify as csvStringify } from "csv-stringify/sync";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { makeTempDir } from "./helpers/policy-fixtures.js";
import { BehaviourAccumulator, keptForAssignment, sameJson } from "../src/diff/behaviour-diff.js";
import { readLineBatches } from "../src/load/read-leads.js";
import { DuplicateIds } from "../src/simulate/duplicate-ids.js";
import { ProblemGroups } from "../src/input/read-report.js";
import { corpusAsOf, validSet } from "./helpers/policies.js";

const set = validSet();

describe("outcomeJson", () => {
  it("writes every row of 1,500 simulated leads exactly as JSON.stringify does", async () => {
    const leads = [21, 22, 23].flatMap((seed) => generateLeads(specOf(set, "DataDictionary")!, { count: 500, seed, asOf: corpusAsOf }));
    // Ids that need escaping, and the lead that is outside every rule.
    leads[0]!.leadId = 'quote " backslash \\ line\u2028 ünï \u0001';
    const { rows } = await simulateLeads(
      set,
      leads.map((values, i) => ({ record: { row: i + 1, values } })),
      { asOf: corpusAsOf },
    );
    expect(rows).toHaveLength(1500);
    for (const row of rows) expect(outcomeJson(row)).toBe(JSON.stringify(row));
  });

  it("writes empty sections and odd numbers as JSON.stringify does", () => {
    const empty: LeadOutcome = { id: "x", score: null, lifecycle: null, route: null, content: null, retention: null };
    expect(outcomeJson(empty)).toBe(JSON.stringify(empty));
    const odd: LeadOutcome = {
      ...empty,
      score: {
        dimensions: { fit: Number.NaN, "2": -0, 'é"': Infinity },
        total: 1.5e300,
        grade: null,
        thresholds: ["a"],
        excluded: "ex",
        rules: [{ id: "r", dimension: "fit", points: -2.5 }],
        decay: {},
        reset: ["fit"],
      },
      lifecycle: {
        before: null,
        after: "mql",
        path: ["a", "b"],
        oscillation: ["a", "b", "a"],
        enteredAt: null,
        disposition: { required: true, code: null, dueAt: null, status: "overdue" },
      },
      content: { eligible: [] },
    };
    expect(outcomeJson(odd)).toBe(JSON.stringify(odd));
  });
});

describe("rows written before their owners are known (worker threads)", () => {
  it("splits each routed row where any assignment goes, and leaves unrouted rows whole", async () => {
    const leads = generateLeads(specOf(set, "DataDictionary")!, { count: 300, seed: 5, asOf: corpusAsOf });
    const { rows } = await simulateLeads(
      set,
      leads.map((values, i) => ({ record: { row: i + 1, values } })),
      { asOf: corpusAsOf },
    );
    const owner = fc.option(fc.string({ unit: "binary" }), { nil: null });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: rows.length - 1 }), owner, owner, (i, queue, person) => {
        const row: LeadOutcome = structuredClone(rows[i]!);
        const parts = outcomeJsonAround(row);
        Object.assign(row.route!, { assignedQueue: queue, owner: person });
        expect(parts![0] + assignmentJson(queue, person) + parts![1]).toBe(JSON.stringify(row));
      }),
    );
    // Every lead is routed (the fallback catches the rest); a lead without a route has no split.
    expect(rows.every((r) => r.route !== null)).toBe(true);
    expect(outcomeJsonAround({ ...rows[0]!, route: null })).toBeNull();
  });

  it("splits each routed CSV row before its queue and owner cells", async () => {
    const leads = generateLeads(specOf(set, "DataDictionary")!, { count: 300, seed: 6, asOf: corpusAsOf });
    const { rows } = await simulateLeads(
      set,
      leads.map((values, i) => ({ record: { row: i + 1, values } })),
      { asOf: corpusAsOf },
    );
    const dimensions = Object.keys(rows[0]!.score!.dimensions);
    const owner = fc.option(fc.string({ unit: "binary" }), { nil: null });
    for (const rawCsv of [false, true]) {
      const writer = simulationWriters.csv({ asOf: corpusAsOf, dimensions, rawCsv });
      fc.assert(
        fc.property(fc.integer({ min: 0, max: rows.length - 1 }), owner, owner, (i, queue, person) => {
          const row: LeadOutcome = structuredClone(rows[i]!);
          const parts = writer.split!.around(row);
          Object.assign(row.route!, { assignedQueue: queue, owner: person });
          expect(parts![0] + writer.split!.assignment(queue, person) + parts![1]).toBe(writer.row(row));
        }),
      );
      expect(writer.split!.around({ ...rows[0]!, route: null })).toBeNull();
    }
  });

  it("keeps growing bytes whole across growth and copies", () => {
    const texts = fc.array(fc.string({ unit: "binary", maxLength: 40 }), { maxLength: 30 });
    fc.assert(
      fc.property(texts, fc.nat(), fc.nat(), (parts, a, b) => {
        const first = new GrowingBytes(4);
        for (const t of parts) first.write(t);
        // Each text is encoded on its own (a surrogate pair split between two texts is two replacement characters).
        const whole = Buffer.concat(parts.map((t) => Buffer.from(t)));
        expect(Buffer.from(first.take().bytes).equals(whole)).toBe(true);
        // A copy of a range of one into another, after some text of its own.
        const [from, to] = [a % (whole.length + 1), b % (whole.length + 1)].sort((x, y) => x - y) as [number, number];
        const second = new GrowingBytes(1);
        second.write("é");
        second.copy(first, from, to);
        expect(Buffer.from(second.take().bytes).equals(Buffer.concat([Buffer.from("é"), whole.subarray(from, to)]))).toBe(true);
      }),
    );
  });
});

describe("openAtomicFile", () => {
  it("writes text and bytes in order across reused chunks, copying bytes so the caller can reuse them at once", async () => {
    const dir = makeTempDir();
    // Parts up to 2.5 MB cross the 1 MB chunks; one byte buffer is refilled for every part, as the main
    // thread reuses the memory it shares with worker threads.
    const part = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.record({ size: fc.integer({ min: 0, max: 2_500_000 }), fill: fc.integer({ min: 0, max: 255 }) }),
    );
    const reused = Buffer.alloc(2_500_000);
    await fc.assert(
      fc.asyncProperty(fc.array(part, { maxLength: 12 }), async (parts) => {
        const file = path.join(dir, "out.bin");
        const writer = openAtomicFile(file);
        const expected: Buffer[] = [];
        for (const p of parts) {
          if (typeof p === "string") {
            writer.append(p);
            expected.push(Buffer.from(p));
          } else {
            reused.fill(p.fill, 0, p.size);
            writer.appendBytes(reused.subarray(0, p.size));
            expected.push(Buffer.from(reused.subarray(0, p.size)));
            reused.fill(p.fill ^ 0xff, 0, p.size);
          }
          await writer.drain();
        }
        await writer.commit();
        expect(readFileSync(file).equals(Buffer.concat(expected))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});

async function linesOf(text: string, chunks: number[]): Promise<{ row: number; line: string }[]> {
  // Cut the bytes at the given places, also inside multi-byte characters.
  const bytes = Buffer.from(text);
  const cuts = [...new Set(chunks.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts = [0, ...cuts, bytes.length].slice(1).map((end, i, all) => bytes.subarray(i === 0 ? 0 : all[i - 1]!, end));
  const result = [];
  for await (const batch of readLineBatches(Readable.from(parts.filter((p) => p.length > 0)))) result.push(...batch);
  return result;
}

describe("readLineBatches", () => {
  it("numbers lines as an editor does: CRLF, blank lines, a BOM, no final newline, split characters", async () => {
    const text = '\ufeff{"a":1}\r\n\n  \n{"b":"ü€"}\n{"c":3}';
    const expected = [
      { row: 1, line: '{"a":1}' },
      { row: 4, line: '{"b":"ü€"}' },
      { row: 5, line: '{"c":3}' },
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 6 }), async (cuts) => {
        expect(await linesOf(text, cuts)).toEqual(expected);
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it("gives the lines of any text, wherever the chunks end", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: "binary", maxLength: 5 }).map((s) => s.replace(/[\r\n\ufeff]/g, "")),
          { maxLength: 8 },
        ),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (lines, cuts) => {
          const expected = lines.map((line, i) => ({ row: i + 1, line })).filter((l) => l.line.trim() !== "");
          expect(await linesOf(lines.join("\n") + "\n", cuts)).toEqual(expected);
        },
      ),
      { numRuns: 500, seed: 4 },
    );
  });

  it("gives the same lines read from a file in runs of any size as from a stream", async () => {
    const dir = makeTempDir();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: "binary", maxLength: 5 }).map((s) => s.replace(/[\r\n\ufeff]/g, "")),
          { maxLength: 8 },
        ),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        async (lines, bom, runBytes) => {
          const text = (bom ? "\ufeff" : "") + lines.join("\r\n") + "\n";
          const file = path.join(dir, "leads.ndjson");
          writeFileSync(file, text);
          const fromFile = [];
          for await (const batch of readLineBatches({ file, runBytes })) fromFile.push(...batch);
          expect(fromFile).toEqual(await linesOf(text, []));
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe("instants", () => {
  it("parse as Date.parse does, canonical or not", () => {
    const samples = [
      "2026-06-01T12:00:00.000Z",
      "2024-02-29T23:59:59.999Z",
      "2026-02-29T00:00:00.000Z",
      "2026-06-01",
      "0099-01-01",
      "0099-01-01T00:00:00.000Z",
      "1969-12-31T23:59:59.999Z",
      "2026-06-01T24:00:00.000Z",
      "2026-06-01T12:00:00Z",
      "nonsense",
      "",
    ];
    for (const s of samples) expect(Object.is(parseInstant(s), Date.parse(s))).toBe(true);
    for (const ms of [0, -1, 1.5, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 951_782_400_000])
      expect(isoOf(ms)).toBe(new Date(ms).toISOString());
    expect(() => isoOf(Number.NaN)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.date({ min: new Date("0100-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        expect(parseInstant(iso)).toBe(d.getTime());
        expect(parseInstant(iso.slice(0, 10))).toBe(Date.parse(iso.slice(0, 10)));
        expect(dayOf(d.getTime())).toBe(iso.slice(0, 10));
        expect(isoOf(d.getTime())).toBe(iso);
      }),
      { numRuns: 2_000, seed: 5 },
    );
  });
});

describe("dates: the digit-wise form agrees with the one reader", () => {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  // Digits around every edge: years either side of 1900 and 2200 and far outside, months 0-13, days 0-32, hours 0-24.
  const canonical = fc
    .tuple(
      fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1895, max: 1905 }), fc.integer({ min: 2195, max: 2205 })),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 24 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(([y, mo, d, h, mi, s, ms]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`);

  it("accepts exactly the canonical times and days the reader accepts, at the same instant", () => {
    fc.assert(
      fc.property(canonical, (t) => {
        const reading = readDate(t);
        expect(isPlausibleDay(t) && isCanonicalTime(t)).toBe(!("problem" in reading));
        expect(isPlausibleDay(t.slice(0, 10))).toBe(!("problem" in readDate(t.slice(0, 10))));
        if (!("problem" in reading)) {
          expect(parseInstant(t)).toBe(reading.ms);
          expect(new Date(reading.ms).toISOString()).toBe(t);
        }
      }),
      { numRuns: 5_000, seed: 17 },
    );
  });

  it("refuses rollovers and implausible years the way Date.parse does not", () => {
    for (const t of [
      "2026-02-29",
      "2026-02-31",
      "2026-04-31T00:00:00Z",
      "2026-06-01T24:00:00Z",
      "1899-12-31",
      "2201-01-01",
      "0000-01-01",
      "9999-12-31",
      "+275760-09-13T00:00:00.000Z",
      "2026-06-01T12:00:00",
      "20260601",
    ]) {
      expect("problem" in readDate(t), t).toBe(true);
    }
    expect(readDate("2026-06-01T14:00:00.5+02:00")).toEqual({ ms: Date.parse("2026-06-01T12:00:00.500Z"), day: "2026-06-01" });
    expect(readDate("2200-12-31T23:59:59.999Z")).toEqual({ ms: Date.parse("2200-12-31T23:59:59.999Z"), day: "2200-12-31" });
  });
});

describe("sameJson", () => {
  const value = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: "small" },
      fc.constantFrom<unknown>(null, 0, -0, 1, Number.NaN, Infinity, "", "a", "null", true, false, undefined),
      fc.array(tie("v"), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom("a", "b", "c"), tie("v"), { maxKeys: 3 }),
    ),
  })).v;

  it("agrees with comparing JSON.stringify texts, key order included", () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
        expect(sameJson(a, structuredClone(a))).toBe(true);
      }),
      { numRuns: 5_000, seed: 6 },
    );
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });
});

describe("CSV cells", () => {
  // Text that needs quoting, formula starts, controls and non-ASCII, and numbers of every kind.
  const text = fc.string({ unit: fc.constantFrom(..."ab ,\"\r\n\t=+-@'\u202e\u001b\u00e9;") });
  const cell: fc.Arbitrary<CsvCell> = fc.oneof(text, fc.double(), fc.integer(), fc.constant(null), fc.constant(undefined));

  it("are written as csv-stringify writes them, neutralised or raw", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 4 }), (rows) => {
        expect(csvRows(rows)).toBe(csvStringify(rows.map((r) => r.map(spreadsheetCell))));
        expect(csvRows(rows, { raw: true })).toBe(csvStringify(rows.map((r) => r.map((c) => c ?? ""))));
      }),
      { numRuns: 2000 },
    );
  });

  it("of text are written by the fused rows' fast path as csvCell writes them", () => {
    const any = fc.oneof(text, fc.string({ unit: "binary" }), fc.constant(null));
    fc.assert(
      fc.property(any, (value) => {
        for (const options of [{}, { raw: true }]) expect(csvTextCell(value, options)).toBe(csvCell(value, options));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("diff workers keep less of a lead while its owners are assigned", () => {
  it("count and list exactly what comparing the whole outcomes does, for any assignment", async () => {
    const leads = generateLeads(specOf(set, "DataDictionary")!, { count: 400, seed: 9, asOf: corpusAsOf });
    const decide = async (asOf: string) =>
      (
        await simulateLeads(
          set,
          leads.map((values, i) => ({ record: { row: i + 1, values } })),
          { asOf },
        )
      ).rows;
    // Two as-of times a week apart: some leads differ in score, stage or retention, others only in their assignment.
    const [base, head] = await Promise.all([decide(corpusAsOf), decide(new Date(Date.parse(corpusAsOf) + 7 * 86_400_000).toISOString())]);
    const queues = [...new Set([...base, ...head].map((o) => o.route!.queue))];
    const assignment = fc.tuple(fc.constantFrom(null, ...queues), fc.constantFrom(null, "ann", "bo"));
    fc.assert(
      fc.property(fc.array(fc.tuple(assignment, assignment), { minLength: base.length, maxLength: base.length }), (assignments) => {
        const whole = new BehaviourAccumulator(set, { topLimit: 10_000 });
        const kept = new BehaviourAccumulator(set, { topLimit: 10_000 });
        base.forEach((b, i) => {
          const pair = [structuredClone(b), structuredClone(head[i]!)] as const;
          const held = keptForAssignment(kept.decided(pair[0], pair[1]));
          for (const [side, [queue, owner]] of assignments[i]!.entries()) {
            Object.assign(pair[side]!.route!, { assignedQueue: queue, owner });
            Object.assign([held.base, held.head][side]!.route!, { assignedQueue: queue, owner });
          }
          whole.add(pair[0], pair[1]);
          kept.assigned(held);
        });
        expect(kept.result()).toEqual(whole.result());
        expect(whole.result().top.length).toBeGreaterThan(100);
      }),
      { numRuns: 20 },
    );
  });
});

describe("duplicate lead ids", () => {
  const found = (ids: readonly string[]) => {
    const warnings: string[] = [];
    const seen = new DuplicateIds("leads.csv", (w) => warnings.push(w.message));
    ids.forEach((id, i) => seen.see(id, i + 2));
    return warnings;
  };
  const expected = (ids: readonly string[]) => {
    const first = new Map<string, number>();
    const warnings: string[] = [];
    ids.forEach((id, i) => {
      const line = first.get(id);
      if (line === undefined) first.set(id, i + 2);
      else warnings.push(`the lead id ${JSON.stringify(id)} on line ${i + 2} was already used on line ${line}; both rows are simulated`);
    });
    return warnings;
  };

  it("are found with the line that used them first, as a map of ids finds them", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 3 }), { maxLength: 300 }), (ids) => {
        expect(found(ids)).toEqual(expected(ids));
      }),
      { numRuns: 300 },
    );
  });

  it("stay exact while every table grows many times", () => {
    // 300,000 ids, each tenth one repeating an earlier id: every one of the 256 tables doubles about ten times.
    const ids = Array.from({ length: 300_000 }, (_, i) => (i % 10 === 9 ? `L${(i * 7919) % i}` : `L${i}`));
    const warnings = found(ids);
    expect(warnings).toEqual(expected(ids));
    expect(warnings.length).toBeGreaterThan(25_000);
  });
});

describe("problem groups merged from workers' batches", () => {
  it("keep the same first lines as a group filled line by line", () => {
    // Problems on consecutive lines, cut into batches; each batch's groups are merged in their own order.
    const problem = fc.record({ column: fc.constantFrom("a", "b"), value: fc.constantFrom("x", "y", "z", "w") });
    fc.assert(
      fc.property(fc.array(problem, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 5 }), fc.nat(3), (problems, cuts, cap) => {
        const add = (groups: ProblemGroups, p: { column: string; value: string }, line: number) =>
          groups.add({ code: "input/row", column: p.column, problem: "not a number", value: p.value, hint: "", line });
        const oneByOne = new ProblemGroups(cap);
        problems.forEach((p, i) => add(oneByOne, p, i + 1));
        const merged = new ProblemGroups(cap);
        const ends = [...new Set(cuts.map((c) => c % (problems.length + 1))), problems.length].sort((a, b) => a - b);
        let start = 0;
        for (const end of ends) {
          const batch = new ProblemGroups(Infinity);
          for (let i = start; i < end; i++) add(batch, problems[i]!, i + 1);
          for (const group of batch.take()) merged.merge(group);
          start = end;
        }
        expect(merged.sorted()).toEqual(oneByOne.sorted());
      }),
      { numRuns: 500 },
    );
  });
});
