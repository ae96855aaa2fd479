/**
 * `simulate --engine duckdb` writes what `--engine compiled` writes, byte for byte, in every format, with
 * the same summary and read report: the bundled sample, generated leads and null-heavy leads (most values
 * missing or bad, so flagged and read as empty, some rows rejected).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { corpusAsOf } from "./helpers/policies.js";
import { bundledPolicies } from "./helpers/policy-fixtures.js";
import { leadsAt, nullHeavy } from "./helpers/varied-policies.js";

const work = mkdtempSync(path.join(tmpdir(), "leadrules-duckdb-engine-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const policies = bundledPolicies;

const sample = path.join(bundledPolicies, "samples", "leads.csv");
const ndjson = (name: string, leads: readonly Record<string, unknown>[]) => {
  const file = path.join(work, name);
  writeFileSync(file, leads.map((l) => JSON.stringify(l)).join("\n"));
  return file;
};

async function simulate(engine: string, leads: string, format: string) {
  const out = path.join(work, `out-${engine}.${format}`);
  const run = await runCli([
    "simulate",
    "--policies",
    policies,
    "--leads",
    leads,
    "--as-of",
    corpusAsOf,
    "--engine",
    engine,
    "--format",
    format,
    "--out",
    out,
    "--workers",
    "1",
  ]);
  return { ...run, output: readFileSync(out, "utf8") };
}

describe("simulate --engine duckdb", () => {
  const files = [
    ["the bundled sample", () => sample],
    [
      "2,000 generated leads, five of them twice",
      () => ndjson("generated.ndjson", [...leadsAt(corpusAsOf, 2_000, 71), ...leadsAt(corpusAsOf, 5, 71)]),
    ],
    ["2,000 null-heavy leads", () => ndjson("null-heavy.ndjson", nullHeavy(leadsAt(corpusAsOf, 2_000, 72), 73))],
  ] as const;
  for (const [name, file] of files)
    it(`writes what the compiled engine writes for ${name}, in every format`, async () => {
      const leads = file();
      for (const format of ["ndjson", "csv", "json", "markdown", "table"]) {
        const compiled = await simulate("compiled", leads, format);
        const duckdb = await simulate("duckdb", leads, format);
        expect(compiled.output.length).toBeGreaterThan(100);
        expect({ format, ...duckdb }).toEqual({ format, ...compiled });
      }
    }, 120_000);

  // The sizes issue 16 asks for: 200,000 generated leads and 20,000 null-heavy ones, NDJSON rows and summary.
  for (const [name, leads] of [
    ["200,000 generated leads", () => leadsAt(corpusAsOf, 200_000, 74)],
    ["20,000 null-heavy leads", () => nullHeavy(leadsAt(corpusAsOf, 20_000, 75), 76)],
  ] as const)
    it(`writes what the compiled engine writes for ${name}`, async () => {
      const file = ndjson("large.ndjson", leads());
      const compiled = await simulate("compiled", file, "ndjson");
      const duckdb = await simulate("duckdb", file, "ndjson");
      expect(compiled.output.split("\n").length).toBeGreaterThan(10_000);
      expect(duckdb.code).toBe(compiled.code);
      expect(duckdb.stderr).toBe(compiled.stderr);
      expect(duckdb.output === compiled.output).toBe(true);
    }, 600_000);
});

describe("simulate --engine duckdb --memory-limit", () => {
  const run = (limit: string) =>
    runCli(["simulate", "--policies", policies, "--leads", sample, "--as-of", corpusAsOf, "--engine", "duckdb", "--memory-limit", limit]);

  it("a limit the query cannot run in is a usage error saying what to do, never an internal error", async () => {
    const tight = await run("1MB");
    expect(tight.code).toBe(2);
    expect(tight.stderr).toMatch(/^error: DuckDB needed more memory than its limit of 1MB \(.+\)\nhint: Give it more with --memory-limit/);
    expect(tight.stdout).toBe("");
  });

  it("a size DuckDB cannot read is refused before anything runs", async () => {
    const typo = await run("lots");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('expected a size such as 500MB or 2GB, got "lots"');
  });

  it("a roomier limit decides as the default does", async () => {
    const roomy = await run("1.5GiB");
    const usual = await runCli(["simulate", "--policies", policies, "--leads", sample, "--as-of", corpusAsOf, "--engine", "duckdb"]);
    expect(roomy.code).toBe(0);
    expect(roomy.stdout).toBe(usual.stdout);
  });
});
