/**
 * The fused row function (src/fused) against the reference: the step-by-step
 * pipeline with the outcome-JSON writer, and with the CSV writer (neutralised
 * for spreadsheets and raw). Every byte of every row (the assignment
 * included) and the summary must be the same, for the bundled policies on
 * generated leads at several as-of times (across daylight-saving changes),
 * for leads whose fields are mostly empty or bad (flagged), for values and
 * policy ids CSV must escape, for hand-varied policy sets, for diagnosis-only
 * rows and JSON rows, and on worker threads. The policy sets the generator
 * declines are named here too.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planPolicies, simulateLeadFile, specOf, type PolicySet } from "../src/index.js";
import { simulateStream, type SimulateOptions } from "../src/simulate/simulate-leads.js";
import { simulationWriters, type SimulationMeta } from "../src/format/simulation-formats.js";
import { createFusedSimulator, simulateStreamFused } from "../src/fused/simulate-fused.js";
import { whyNotFused } from "../src/fused/fused-row.js";
import { simulateFileInParallel } from "../src/parallel/simulate-parallel.js";
import type { SpecByKind } from "../src/model/policy.js";
import { corpusAsOf } from "./helpers/policies.js";
import { makeTempDir } from "./helpers/policy-fixtures.js";
import { bundled, inputs, leadsAt, nullHeavy, variant, type Values } from "./helpers/varied-policies.js";

/** Values a CSV cell must escape: formula starts, commas, quotes, line breaks, bidirectional and terminal controls. */
const escapes = [
  "=1+1",
  "+1",
  "-2",
  "@SUM(A1)",
  "\tTAB",
  "\rCR",
  "a,b",
  'say "hi"',
  "two\nlines",
  "cr\r\nlf",
  "\u202Eevil",
  "esc \u001b[2J",
  "ünï ‮",
  "",
];

/** Leads whose id and stage need escaping in CSV (the escaping policy set's stage picklist admits these values). */
function escapable(leads: Values[]): Values[] {
  return leads.map((lead, i) => ({
    ...lead,
    leadId: `${escapes[i % escapes.length]}${i % 3 === 0 ? "" : `-${i}`}`,
    ...(i % 2 === 0 ? { lifecycleStage: escapes[(i >> 1) % escapes.length] } : {}),
  }));
}

/** The first line where two texts differ, for a readable failure. */
function expectSameLines(actual: string, expected: string): void {
  const a = actual.split("\n");
  const e = expected.split("\n");
  const i = a.findIndex((line, k) => line !== e[k]);
  if (i >= 0) expect({ line: i + 1, row: a[i] }).toEqual({ line: i + 1, row: e[i] });
  expect(a.length).toBe(e.length);
  expect(actual === expected).toBe(true);
}

interface Run {
  format?: "ndjson" | "json" | "csv";
  diagnosisOnly?: boolean;
  rawCsv?: boolean;
}

/**
 * Simulates the leads both ways and expects the same text and summary; returns the rows for further checks.
 * NDJSON rows are compared as CSV rows too, neutralised and raw.
 */
async function expectSame(set: PolicySet, leads: readonly Values[], asOf: string, run: Run = {}): Promise<string> {
  const rows = await expectSameIn(set, leads, asOf, run);
  if ((run.format ?? "ndjson") === "ndjson")
    for (const rawCsv of [false, true]) await expectSameIn(set, leads, asOf, { ...run, format: "csv", rawCsv });
  return rows;
}

async function expectSameIn(set: PolicySet, leads: readonly Values[], asOf: string, run: Run): Promise<string> {
  const format = run.format ?? "ndjson";
  const meta: SimulationMeta = {
    asOf,
    dimensions: specOf(set, "ScoringModel")?.dimensions.map((d) => d.id) ?? [],
    ...(run.diagnosisOnly ? { diagnosisOnly: { errors: 1, codes: ["logic/contradiction"] } } : {}),
    ...(run.rawCsv ? { rawCsv: true } : {}),
  };
  const options: SimulateOptions = { asOf, maxBadRows: "100%" };
  const referenceWriter = simulationWriters[format](meta);
  let expected = "";
  const reference = await simulateStream(set, inputs(leads), options, (row) => void (expected += referenceWriter.row(row)));

  const writer = simulationWriters[format](meta);
  const fused = createFusedSimulator(set, options, writer.fused!);
  expect(fused, "the policy set takes the fused path").toBeDefined();
  let actual = "";
  const result = await simulateStreamFused(fused!, inputs(leads), options, (text) => void (actual += writer.fused!.row(text)));
  expectSameLines(actual, expected);
  expect(JSON.stringify(result.summary)).toBe(JSON.stringify(reference.summary));
  expect(result.summary).toEqual(reference.summary);
  expect(result.diagnostics).toEqual(reference.diagnostics);
  return actual;
}

// Around the as-of time of the corpus, across the US and EU daylight-saving changes (spring and autumn), and a new year.
const asOfTimes = [
  corpusAsOf,
  "2026-03-08T08:30:00.000Z",
  "2026-03-29T00:45:00.000Z",
  "2026-10-25T01:30:00.000Z",
  "2026-11-01T06:59:59.999Z",
  "2027-01-01T00:00:00.000Z",
];

describe("the fused row function on the bundled policies", () => {
  it("takes the fused path", () => {
    expect(whyNotFused(planPolicies(bundled), Date.parse(corpusAsOf))).toBeUndefined();
  });

  for (const [i, asOf] of asOfTimes.entries()) {
    it(`writes the reference's rows and summary for generated leads as of ${asOf}`, async () => {
      const rows = await expectSame(bundled, leadsAt(asOf, i === 0 ? 4_000 : 1_500, 100 + i), asOf);
      expect(rows.split("\n")).toHaveLength((i === 0 ? 4_000 : 1_500) + 1);
    }, 60_000);
  }

  it("writes the reference's rows for leads whose fields are mostly empty or bad, flagged", async () => {
    const rows = await expectSame(bundled, nullHeavy(leadsAt(corpusAsOf, 3_000, 7), 8), corpusAsOf);
    expect(rows).toContain('"flagged":[');
  }, 60_000);

  it("writes an id that needs escaping, and ids used twice", async () => {
    const leads = leadsAt(corpusAsOf, 50, 9);
    leads[0]!.leadId = 'quote " backslash \\ line\u2028 ünï \u0001';
    leads[1]!.leadId = leads[2]!.leadId;
    await expectSame(bundled, leads, corpusAsOf);
  });

  it("writes diagnosis-only rows and JSON rows as the reference does", async () => {
    const leads = nullHeavy(leadsAt(corpusAsOf, 800, 11), 12);
    expect(await expectSame(bundled, leads, corpusAsOf, { diagnosisOnly: true })).toContain(',"diagnosisOnly":true}\n');
    await expectSame(bundled, leads, corpusAsOf, { format: "json" });
  }, 60_000);
});

describe("the fused row function on varied policy sets", () => {
  const leads = [...leadsAt(corpusAsOf, 1_500, 21), ...nullHeavy(leadsAt(corpusAsOf, 500, 22), 23)];

  it("scores with low caps, negative floors, decay and reset on an integer-like dimension, rules of no dimension", async () => {
    const set = variant(({ ScoringModel: scoring }) => {
      const [fit, engagement] = scoring!.dimensions;
      fit!.cap = 25;
      fit!.floor = -5;
      fit!.decay = { fact: "createdAt", everyDays: 7, points: 3 };
      engagement!.cap = 35;
      scoring!.dimensions.push({
        id: "7",
        description: "integer-like: listed first by Object.keys",
        cap: 12,
        floor: 1,
        decay: { fact: "lastActivityAt", everyDays: 10, points: 2 },
        resetWhen: { fact: "emailBounced", operator: "equal", value: true },
      });
      scoring!.rules[0]!.dimension = "7";
      scoring!.rules[1]!.dimension = "7";
      scoring!.rules[2]!.dimension = "no-such-dimension";
      scoring!.rules[3]!.points = 0.1;
      scoring!.grades.dimension = "7";
      scoring!.thresholds.push(
        { id: "warm", description: "", minimums: { "7": 3, total: 20 } },
        { id: "any", description: "", minimums: {} },
      );
      scoring!.exclusions!.reverse();
    });
    const rows = await expectSame(set, leads, corpusAsOf);
    for (const part of ['"dimensions":{"7":', '"decay":{"7":', '"reset":["7"]', '"thresholds":["any"]', '"dimension":"no-such-dimension"'])
      expect(rows).toContain(part);
  }, 60_000);

  it("routes most leads to a fallback without escalation, and oscillates in the lifecycle", async () => {
    const set = variant(({ Routing: routing, Lifecycle: lifecycle }) => {
      routing!.rules = routing!.rules.slice(2, 4);
      routing!.fallback = { queue: "nurture", sla: { firstTouchHours: 300 } };
      lifecycle!.transitions.push({
        id: "mql-back-to-lead",
        from: ["mql", "sal"],
        to: "lead",
        when: { fact: "demoRequested", operator: "equal", value: false },
      } as SpecByKind["Lifecycle"]["transitions"][number]);
      lifecycle!.recycle = { ...lifecycle!.recycle!, to: "lead" };
    });
    const rows = await expectSame(set, leads, corpusAsOf);
    expect(rows).toContain('"oscillation":["lead","mql","lead"]');
    expect(rows).toContain('"rule":"fallback"');
  }, 60_000);

  it("decides without content and retention policies, and without routing and lifecycle", async () => {
    await expectSame(
      variant(() => {}, ["ContentApproval", "RetentionSchedule"]),
      leads,
      corpusAsOf,
    );
    const unrouted = await expectSame(
      variant(() => {}, ["Routing", "Lifecycle"]),
      leads,
      corpusAsOf,
    );
    expect(unrouted).toContain('"route":null');
    await expectSame(
      variant(() => {}, ["ScoringModel", "Lifecycle", "Routing", "ContentApproval", "RetentionSchedule"]),
      leads,
      corpusAsOf,
    );
  }, 60_000);

  it("decides without the optional parts: exclusions, thresholds, recycling, dispositions, entered dates, approvals, legal hold", async () => {
    const set = variant(({ ScoringModel: scoring, Lifecycle: lifecycle, ContentApproval: content, RetentionSchedule: retention }) => {
      delete scoring!.exclusions;
      scoring!.thresholds = [];
      for (const d of scoring!.dimensions) {
        delete d.decay;
        delete d.resetWhen;
      }
      delete lifecycle!.recycle;
      delete lifecycle!.dispositions;
      delete lifecycle!.stageEnteredFact;
      for (const asset of content!.assets) asset.approvals = [];
      delete retention!.legalHold;
    });
    const rows = await expectSame(set, leads, corpusAsOf);
    expect(rows).toContain('"eligible":[]');
    expect(rows).not.toContain('"eligible":["');
  }, 60_000);

  it("writes policy ids with quotes, unicode and __proto__ as JSON does", async () => {
    const set = variant(({ ScoringModel: scoring, Routing: routing, RetentionSchedule: retention, Lifecycle: lifecycle }) => {
      scoring!.rules[0]!.id = 'fit "quoted" \\ ünï';
      scoring!.rules[5]!.id = "__proto__";
      scoring!.exclusions![0]!.id = "constructor";
      scoring!.thresholds.push({ id: "__proto__", description: "", minimums: { total: 10 } });
      routing!.rules[0]!.id = "__proto__";
      routing!.rules[1]!.id = "route \u2028 line separator";
      for (const rule of routing!.rules) if (rule.queue === "nurture") rule.queue = "__proto__";
      routing!.queues.find((q) => q.id === "nurture")!.id = "__proto__";
      retention!.rules[0]!.id = "toString";
      lifecycle!.transitions[0]!.id = 'to "lead"';
    });
    const rows = await expectSame(set, leads, corpusAsOf);
    expect(rows).toContain('"queue":"__proto__"');
  }, 60_000);
});

describe("the fused row function writes CSV cells as the reference escapes them", () => {
  // Every value a cell must escape, as a stage the picklist admits, and policy ids of the same kind.
  const escaping = variant(
    ({
      DataDictionary: dictionary,
      ScoringModel: scoring,
      Routing: routing,
      Lifecycle: lifecycle,
      ContentApproval: content,
      RetentionSchedule: retention,
    }) => {
      const stage = dictionary!.objects.flatMap((o) => o.fields).find((f) => f.name === lifecycle!.stageFact)!;
      stage.values = [...stage.values!, ...escapes.filter((e) => e !== "").map((value) => ({ value, label: value }))];
      scoring!.grades.bands[0]!.grade = "=A";
      scoring!.grades.bands[1]!.grade = 'B,"b"';
      scoring!.thresholds[0]!.id = "+hot";
      scoring!.thresholds.push({ id: '@all, "\u202E"', description: "", minimums: {} });
      routing!.rules[0]!.id = "=HYPERLINK(1)";
      routing!.rules[1]!.id = "-rule,\nline";
      const queue = routing!.queues[0]!;
      for (const rule of routing!.rules) if (rule.queue === queue.id) rule.queue = '@queue, "q"';
      if (routing!.fallback.queue === queue.id) routing!.fallback.queue = '@queue, "q"';
      queue.id = '@queue, "q"';
      queue.members[0]!.id = "=owner\u202E";
      lifecycle!.transitions[0]!.id = "=to,lead";
      lifecycle!.transitions[1]!.id = '-"mql"';
      const asset = content!.assets[0]!;
      for (const gate of content!.gates) gate.assets = gate.assets.map((a) => (a === asset.id ? "+asset,1" : a));
      asset.id = "+asset,1";
      retention!.rules[0]!.id = "@retain\r\n";
      // Due dates past year 9999 start with `+` (ISO's signed years): guarded like any cell. (The schema allows at
      // most 100 years since this; the generator must not depend on it.)
      for (const rule of retention!.rules) rule.keepDays = 3_000_000;
    },
  );

  it("neutralised and raw, ids and stages that start formulas, hold commas, quotes, line breaks and controls", async () => {
    const leads = escapable([...leadsAt(corpusAsOf, 1_200, 51), ...nullHeavy(leadsAt(corpusAsOf, 300, 52), 53)]);
    await expectSame(escaping, leads, corpusAsOf);
    const neutralised = await expectSameIn(escaping, leads, corpusAsOf, { format: "csv" });
    const raw = await expectSameIn(escaping, leads, corpusAsOf, { format: "csv", rawCsv: true });
    for (const part of [
      "'=1+1",
      "'+1",
      "'-2",
      "'@SUM(A1)",
      '"\'@queue, ""q"""',
      '"a,b"',
      "\\u202Eevil",
      "'=A",
      "'=HYPERLINK(1)",
      "'+hot",
      "\"'+asset,1;",
      "'=owner\\u202E",
    ])
      expect(neutralised).toContain(part);
    for (const part of [",=1+1", ",@SUM(A1)", '"@queue, ""q"""', "\u202Eevil", ",=A,", ",=HYPERLINK(1),", "=owner\u202E"])
      expect(raw).toContain(part);
    // The escapable stages are read as stages, not flagged.
    expect(neutralised).toContain(",'=1+1,'=1+1,");
    expect(neutralised).toMatch(/,'\+01\d{4}-\d\d-\d\d,/);
    expect(raw).toMatch(/,\+01\d{4}-\d\d-\d\d,/);
  }, 60_000);

  it("with two workers", async () => {
    const leads = escapable(leadsAt(corpusAsOf, 600, 54));
    const file = path.join(makeTempDir(), "leads.ndjson");
    writeFileSync(file, leads.map((l) => JSON.stringify(l)).join("\n") + "\n");
    for (const rawCsv of [false, true]) {
      const meta: SimulationMeta = { asOf: corpusAsOf, dimensions: ["fit", "engagement"], rawCsv };
      const chunks: Buffer[] = [];
      await simulateFileInParallel(
        escaping,
        file,
        { asOf: corpusAsOf, workers: 2, format: "csv", meta, maxBadRows: "100%", file },
        (bytes) => void chunks.push(Buffer.from(bytes)),
      );
      const writer = simulationWriters.csv(meta);
      let expected = "";
      await simulateStream(
        escaping,
        leads.map((values, i) => ({ record: { row: i + 1, values } })),
        { asOf: corpusAsOf, maxBadRows: "100%", file },
        (row) => void (expected += writer.row(row)),
      );
      expectSameLines(Buffer.concat(chunks).toString(), expected);
    }
  }, 120_000);
});

describe("policy sets left to the reference pipeline", () => {
  it("declines a scoring dimension named __proto__ and more than 16 content gates, and simulate still writes their rows", async () => {
    const proto = variant(({ ScoringModel: scoring }) => {
      scoring!.dimensions[0]!.id = "__proto__";
    });
    expect(whyNotFused(planPolicies(proto), Date.parse(corpusAsOf))).toBe("a scoring dimension is named __proto__");
    const gates = variant(({ ContentApproval: content }) => {
      const gate = content!.gates[0]!;
      for (let i = 0; i < 17; i++) content!.gates.push({ ...gate, id: `gate.copy-${i}` });
    });
    expect(whyNotFused(planPolicies(gates), Date.parse(corpusAsOf))).toBe("more than 16 content gates decide approved assets");
    const ndjson = simulationWriters.ndjson({ asOf: corpusAsOf, dimensions: [] }).fused!;
    expect(createFusedSimulator(gates, { asOf: corpusAsOf }, ndjson)).toBeUndefined();
    // The reference engine and traced runs never take it.
    expect(createFusedSimulator(bundled, { asOf: corpusAsOf, engine: "reference" }, ndjson)).toBeUndefined();
    expect(createFusedSimulator(bundled, { asOf: corpusAsOf, trace: true }, ndjson)).toBeUndefined();

    const file = path.join(makeTempDir(), "leads.ndjson");
    const few = leadsAt(corpusAsOf, 40, 31);
    writeFileSync(file, few.map((l) => JSON.stringify(l)).join("\n") + "\n");
    let out = "";
    await simulateLeadFile(
      gates,
      { policies: "policies", leads: file, asOf: corpusAsOf, format: "ndjson", engine: "compiled", workers: 1 },
      (text) => void (out += text),
    );
    const meta = { asOf: corpusAsOf, dimensions: [] };
    const writer = simulationWriters.ndjson(meta);
    let expected = "";
    await simulateStream(gates, inputs(few), { asOf: corpusAsOf }, (row) => void (expected += writer.row(row)));
    expect(out.replace(/"row":\d+/g, "")).toBe(expected.replace(/"row":\d+/g, ""));
  }, 60_000);
});

describe("the fused row function in worker threads", () => {
  it("writes the reference's rows and summary with two workers, diagnosis-only rows and CSV rows too", async () => {
    const leads = [
      ...leadsAt(corpusAsOf, 2_000, 41),
      ...nullHeavy(leadsAt(corpusAsOf, 1_000, 42), 43),
      ...escapable(leadsAt(corpusAsOf, 200, 44)),
    ];
    const file = path.join(makeTempDir(), "leads.ndjson");
    writeFileSync(file, leads.map((l) => JSON.stringify(l)).join("\n") + "\n");
    const diagnosisOnly = { errors: 1, codes: ["logic/contradiction"] };
    const runs = [
      { format: "ndjson" },
      { format: "ndjson", diagnosisOnly },
      { format: "csv" },
      { format: "csv", rawCsv: true },
      { format: "csv", diagnosisOnly },
    ] as const;
    for (const { format, ...run } of runs) {
      const meta: SimulationMeta = { asOf: corpusAsOf, dimensions: ["fit", "engagement"], ...run };
      const chunks: Buffer[] = [];
      const parallel = await simulateFileInParallel(
        bundled,
        file,
        { asOf: corpusAsOf, workers: 2, format, meta, maxBadRows: "100%", file },
        (bytes) => void chunks.push(Buffer.from(bytes)),
      );
      const writer = simulationWriters[format](meta);
      let expected = "";
      const reference = await simulateStream(
        bundled,
        leads.map((values, i) => ({ record: { row: i + 1, values } })),
        { asOf: corpusAsOf, maxBadRows: "100%", file },
        (row) => void (expected += writer.row(row)),
      );
      expectSameLines(Buffer.concat(chunks).toString(), expected);
      const { read: _read, ...counts } = parallel.summary;
      const { read: _referenceRead, ...referenceCounts } = reference.summary;
      expect(counts).toEqual(referenceCounts);
    }
  }, 120_000);
});
