import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { compilePolicies, leadrulesOperators, simulateFile } from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { corpusAsOf, validSet } from "./helpers/policies.js";
import { makeTempDir, repoRoot, updateGolden } from "./helpers/policy-fixtures.js";

const corpus = path.join(repoRoot, "policies/samples/leads.csv");
const exportFile = path.join(repoRoot, "tests/fixtures/exports/sfdc-report.csv");
const set = validSet();

describe("simulate on the sample corpus", () => {
  it("is byte-identical across runs, in every format", async () => {
    for (const format of ["table", "csv", "ndjson", "json", "markdown"]) {
      const args = ["simulate", "--leads", corpus, "--as-of", "2026-06-01T12:00:00Z", "--format", format];
      const first = await runCli(args);
      const second = await runCli(args);
      expect(first.code, format).toBe(0);
      expect(first.stdout.length).toBeGreaterThan(1000);
      expect(second.stdout).toBe(first.stdout);
    }
  });

  it("gives the same rows with --engine reference as with --engine compiled", async () => {
    const args = ["simulate", "--leads", corpus, "--as-of", "2026-06-01T12:00:00Z", "--format", "ndjson"];
    const compiled = await runCli([...args, "--engine", "compiled"]);
    const reference = await runCli([...args, "--engine", "reference"]);
    expect(reference.stdout).toBe(compiled.stdout);
    expect(compiled.stdout.trim().split("\n")).toHaveLength(300);
  });

  it("covers the corpus' edge cases", async () => {
    const rows: any[] = [];
    const { summary } = await simulateFile(set, corpus, { asOf: corpusAsOf }, (row) => rows.push(row));
    expect(summary.leads).toBe(300);
    expect(summary.read).toMatchObject({ rows: 300, decided: 300, rejected: 0, flagged: 0, failures: [] });
    const rules = new Set(rows.map((r) => r.route.rule));
    for (const rule of [
      "route.closed",
      "route.existing-customer",
      "route.named-account",
      "route.partner",
      "route.enterprise-demo.americas",
      "route.mql.americas",
      "route.mql.emea",
      "route.mql.apac",
      "route.not-qualified",
    ]) {
      expect(rules, rule).toContain(rule);
    }
    expect(rows.some((r) => r.route.assignedQueue !== r.route.queue)).toBe(true); // capacity overflow
    expect(rows.some((r) => r.route.sla.arrivedOutsideHours)).toBe(true);
    expect(rows.some((r) => r.score.excluded)).toBe(true);
    expect(rows.some((r) => r.retention.action === "hold")).toBe(true);
    expect(new Set(rows.map((r) => r.retention.rule)).size).toBeGreaterThanOrEqual(6);
    expect(rows.some((r) => r.lifecycle.path.includes("recycle"))).toBe(true);
  });

  it("writes --out atomically and leaves the previous file when the run fails", async () => {
    const dir = makeTempDir();
    const out = path.join(dir, "result.csv");
    const ok = await runCli(["simulate", "--leads", corpus, "--as-of", "2026-06-01T12:00:00Z", "--format", "csv", "--out", out]);
    expect(ok.code).toBe(0);
    const before = readFileSync(out, "utf8");
    expect(before.split("\n")[0]).toMatch(/^id,fit,engagement,total,grade/);
    const broken = path.join(dir, "broken.csv");
    writeFileSync(broken, 'leadId,email\n"unterminated,x\n');
    const failed = await runCli([
      "simulate",
      "--leads",
      broken,
      "--as-of",
      "2026-06-01T12:00:00Z",
      "--format",
      "csv",
      "--out",
      out,
      "--strict",
    ]);
    expect(failed.code).toBe(2);
    expect(readFileSync(out, "utf8")).toBe(before);
  });
});

describe("inputs", () => {
  it("reads a Salesforce report export through its named mapping: labels, Yes/No, Select, picklist labels", async () => {
    const rows: any[] = [];
    const { summary, read } = await simulateFile(set, exportFile, { asOf: corpusAsOf, source: "sfdc-report" }, (row) => rows.push(row));
    // A bad value leaves its field empty and flags the row; the lead is still decided.
    expect(summary.leads).toBe(12);
    expect(read).toMatchObject({ rows: 12, decided: 12, rejected: 0, flagged: 2 });
    expect(read.problems.map((g) => [g.lines, g.column, g.value, g.problem])).toEqual([
      [[6], "No. of Employees", "lots", "is not a whole number"],
      [[10], "Country", "Atlantis", "is not a value of the Country picklist"],
      // The report's times are New York's: 2:19 on the night the clocks skip 2:00-3:00 never happened there.
      [[10], "Stage Date", "03/08/2026 02:19", "is not a real date and time"],
    ]);
    expect(rows.filter((r) => r.flagged).map((r) => r.flagged.map((f: { field: string }) => f.field))).toEqual([
      ["employees"],
      ["country", "stageEnteredAt"],
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get("00Q100002C").lifecycle.before).toBe("mql"); // "MQL" via the mapping's value labels
    expect(rows.every((r) => r.score && r.route && r.retention)).toBe(true);
  });

  it("fails on the first bad row with --strict, naming row, column and value (exit 2)", async () => {
    const run = await runCli(["simulate", "--leads", exportFile, "--source", "sfdc-report", "--as-of", "2026-06-01T12:00:00Z", "--strict"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'error: tests/fixtures/exports/sfdc-report.csv:6: row 6, column "No. of Employees": "lots" is not a whole number',
    );
  });

  it("decides every lead, reports the bad values aggregated, and fails unless --max-bad-rows allows them", async () => {
    const args = ["simulate", "--leads", exportFile, "--source", "sfdc-report", "--as-of", "2026-06-01T12:00:00Z", "--format", "csv"];
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout.trim().split("\n")).toHaveLength(13);
    expect(run.stderr).toContain('  flagged: column "No. of Employees": "lots" is not a whole number: 1 row (line 6)\n');
    expect(run.stderr).toContain("2 bad row(s) (0 rejected, 2 with a bad or missing value), more than --max-bad-rows 0 allows (0)");
    const allowed = await runCli([...args, "--max-bad-rows", "2"]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toBe(run.stdout);
  });

  it("reads JSON, NDJSON and YAML to the same result as CSV", async () => {
    const dir = makeTempDir();
    const csv = await runCli(["simulate", "--leads", corpus, "--as-of", "2026-06-01T12:00:00Z", "--format", "ndjson"]);
    for (const ext of ["json", "ndjson", "yaml"]) {
      const file = path.join(dir, `leads.${ext}`);
      const made = await runCli(["sample", "--count", "300", "--seed", "42", "--out", file]);
      expect(made.code).toBe(0);
      const run = await runCli(["simulate", "--leads", file, "--as-of", "2026-06-01T12:00:00Z", "--format", "ndjson"]);
      expect(run.stdout, ext).toBe(csv.stdout);
    }
  });

  it("keeps __proto__ and constructor keys in lead data from polluting anything", async () => {
    const dir = makeTempDir();
    const file = path.join(dir, "evil.ndjson");
    writeFileSync(
      file,
      '{"leadId":"L1","country":"US","__proto__":{"polluted":true,"country":"DE"},"constructor":{"prototype":{"polluted":true}}}\n',
    );
    const rows: any[] = [];
    await simulateFile(set, file, { asOf: corpusAsOf }, (row) => rows.push(row));
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(rows).toHaveLength(1);
    expect(rows[0].retention.rule).toBe("ret.row"); // country stayed US
  });

  it("reports a malformed NDJSON line by number and reads the rest", async () => {
    const dir = makeTempDir();
    const file = path.join(dir, "leads.ndjson");
    writeFileSync(file, '{"leadId":"L1"}\n{"leadId": oops}\n{"leadId":"L3"}\n');
    const rows: any[] = [];
    const { read } = await simulateFile(set, file, { asOf: corpusAsOf }, (row) => rows.push(row));
    expect(rows.map((r) => r.id)).toEqual(["L1", "L3"]);
    expect(read.rejected).toBe(1);
    expect(read.problems.filter((g) => g.column === "").map((g) => g.lines)).toEqual([[2]]);
  });

  it("names an unknown source system and an unreadable file (exit 2)", async () => {
    expect((await runCli(["simulate", "--leads", corpus, "--source", "marketo"])).stderr).toContain('unknown source system "marketo"');
    const missing = await runCli(["simulate", "--leads", "nope.csv"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read lead file nope.csv");
    expect((await runCli(["simulate", "--leads", corpus, "--as-of", "yesterday"])).code).toBe(2);
  });
});

describe("compile", () => {
  it("writes rule sets that a plain json-rules-engine Engine loads and runs", async () => {
    const dir = makeTempDir();
    const run = await runCli(["compile", "--out", dir]);
    expect(run.code).toBe(0);
    const rules = JSON.parse(readFileSync(path.join(dir, "scoring-model.rules.json"), "utf8"));
    const engine = new Engine(rules, { allowUndefinedFacts: true });
    for (const op of leadrulesOperators("2026-06-01T12:00:00Z")) engine.addOperator(op.name, op.evaluate);
    const { events } = await engine.run({
      seniority: "vp",
      employees: 1500,
      country: "US",
      lastActivityAt: "2026-05-31T00:00:00.000Z",
      techStack: ["snowflake"],
    });
    expect(events.map((e) => e.type).sort()).toEqual([
      "rule:eng.recent-activity",
      "rule:fit.country.served",
      "rule:fit.employees.enterprise",
      "rule:fit.seniority.vp",
      "rule:fit.tech.warehouse",
    ]);
    expect(events.find((e) => e.type === "rule:fit.seniority.vp")!.params).toEqual({ dimension: "fit", points: 15 });
  });

  it("matches the committed generated/rules", () => {
    for (const [file, content] of compilePolicies(set)) {
      const committed = path.join(repoRoot, "generated/rules", file);
      if (updateGolden) writeFileSync(committed, content);
      // Golden files never write themselves: a missing one fails until it is written on purpose and reviewed.
      expect(existsSync(committed), `${committed} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(readFileSync(committed, "utf8"), `${file} is stale: run npx leadrules compile`).toBe(content);
    }
  });
});

describe("sample", () => {
  it("regenerates the committed reference corpus byte for byte (leadrules sample --count 300 --seed 42)", async () => {
    const run = await runCli(["sample", "--count", "300", "--seed", "42"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(corpus, "utf8"));
  });
  it("gives different leads for a different seed", async () => {
    const a = await runCli(["sample", "--count", "5", "--seed", "1"]);
    const b = await runCli(["sample", "--count", "5", "--seed", "2"]);
    expect(a.stdout).not.toBe(b.stdout);
  });
});
