/**
 * `compile --target sql`'s files (sql/render-sql.ts) run as written: leads.sql, then the leads, then
 * pipeline.sql, and the view leadrules_decisions decides every lead as the compiled engine does. Policy
 * text reaches the SQL only as quoted literals and identifiers, and file names and ids only in comments
 * that nothing can end: a hostile value, id or file name is data, never a statement.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { planPolicies } from "../src/compile/plan.js";
import { UsageError, type PolicySet } from "../src/index.js";
import { renderSql } from "../src/sql/render-sql.js";
import { outcomeReader } from "../src/sql/read-outcome.js";
import { duckdb, openDuckDb } from "./helpers/duckdb.js";
import { runCli } from "./helpers/cli.js";
import { corpusAsOf } from "./helpers/policies.js";
import { bundledPolicies } from "./helpers/policy-fixtures.js";
import { compiledOutcomes, loadNormalized } from "./helpers/sql-pipeline.js";
import { bundled, leadsAt, nullHeavy, variant, type Values } from "./helpers/varied-policies.js";

const asOfMs = Date.parse(corpusAsOf);
let connection: DuckDBConnection;
beforeEach(async () => {
  connection = await openDuckDb();
});
afterEach(() => connection.closeSync());

/** Runs the rendered files as a user would, and reads every lead's decisions back. */
async function runRendered(set: PolicySet, leads: readonly Values[]) {
  const plan = planPolicies(set);
  const files = renderSql(plan, duckdb, asOfMs);
  await connection.run(files.get("leads.sql")!);
  await loadNormalized(connection, set, leads);
  if (files.has("business-intervals.sql")) await connection.run(files.get("business-intervals.sql")!);
  await connection.run(files.get("pipeline.sql")!);
  const rows = (await connection.runAndReadAll(`SELECT * FROM leadrules_decisions ORDER BY "__lead_order"`)).getRowObjectsJS();
  const read = outcomeReader(plan);
  return { files, rows, outcomes: rows.map((row) => read(row)) };
}

describe("compile --target sql", () => {
  it("writes files that decide the bundled sample as the compiled engine does", async () => {
    const leads = [...leadsAt(corpusAsOf, 1_000, 61), ...nullHeavy(leadsAt(corpusAsOf, 300, 62), 63)];
    const { files, outcomes } = await runRendered(bundled, leads);
    const expected = await compiledOutcomes(bundled, leads);
    expect(outcomes).toEqual(expected);
    expect(files.get("pipeline.sql")).toContain("-- rule fit.title.data-leader (");
    expect(renderSql(planPolicies(bundled), duckdb, asOfMs)).toEqual(files);
  }, 60_000);

  it("gives a lead arriving before the years the files lay out no SLA deadline, not one years off", async () => {
    // The files lay out the as-of year and the ten before; a lead from long before once found the first
    // interval laid out and got a deadline in 2015.
    const leads = leadsAt(corpusAsOf, 40, 65).map((lead, i) => ({
      ...lead,
      createdAt: i % 2 ? "2010-06-01T15:00:00.000Z" : "1990-01-01T00:00:00.000Z",
    }));
    const { outcomes } = await runRendered(bundled, leads);
    const routed = outcomes.filter((o) => o.route?.queue);
    expect(routed.length).toBe(leads.length);
    for (const o of routed) expect(o.route!.sla).toMatchObject({ firstTouchDue: null, escalateAt: null, reassignAt: null });
  }, 60_000);

  it("answers a reader's filter on a decided column: the optimizer pushing it down the views stays small", async () => {
    // The lifecycle walk was once unrolled into rounds each reading the round before several times: a
    // filter on stage, pushed down through them, grew exponentially and took DuckDB past 10 GB.
    const leads = leadsAt(corpusAsOf, 400, 64);
    const { outcomes } = await runRendered(bundled, leads);
    const count = async (sql: string) => Number((await connection.runAndReadAll(sql)).getRows()[0]![0]);
    const mql = outcomes.filter((o) => o.lifecycle?.after === "mql").length;
    expect(mql).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM leadrules_lifecycle WHERE stage = 'mql'`)).toBe(mql);
    expect(await count(`SELECT count(*) FROM leadrules_decisions WHERE stage NOT IN ('mql')`)).toBe(leads.length - mql);
    const graded = outcomes.filter((o) => o.score?.grade === "A").length;
    expect(await count(`SELECT count(*) FROM leadrules_decisions WHERE "score.grade" = 'A' AND "route.owner" IS NOT NULL`)).toBe(
      outcomes.filter((o) => o.score?.grade === "A" && o.route?.owner !== null).length,
    );
    expect(graded).toBeGreaterThan(0);
  }, 60_000);

  it("keeps a hostile value, id and file name as data", async () => {
    const hostile = "x'); DROP TABLE leads; --\n*/ DROP TABLE leads;";
    const set = variant((specs) => {
      specs.ScoringModel!.rules.push({
        id: "fit.title.hostile'\"",
        dimension: "fit",
        description: "",
        points: 1,
        when: { fact: "title", operator: "equal", value: hostile },
      });
    });
    for (const policy of set.policies) (policy as { file: string }).file = `${policy.file}\nDROP TABLE leads; -- \u2028 \u202e`;
    const leads = leadsAt(corpusAsOf, 200, 64).map((lead, i) => (i % 7 === 0 ? { ...lead, title: hostile } : lead));
    const { files, rows } = await runRendered(set, leads);
    // The file name is only ever in comments, whole on their line.
    for (const text of files.values())
      for (const line of text.split("\n"))
        if (line.includes(".yaml")) expect(line.trimStart()).toMatch(/^-- .*\.yaml DROP TABLE leads; -- /);
    // Nothing ran but the files' own statements: the leads table and leadrules_ views, nothing dropped.
    const views = (await connection.runAndReadAll("SELECT view_name FROM duckdb_views() WHERE NOT internal")).getRowObjectsJS();
    expect(views.length).toBeGreaterThan(10);
    expect(views.filter((v) => !String(v.view_name).startsWith("leadrules_"))).toEqual([]);
    expect(rows).toHaveLength(200);
    expect(rows.filter((r) => r[`holds:rule:fit.title.hostile'"`] === true)).toHaveLength(leads.filter((l) => l.title === hostile).length);
    expect((await connection.runAndReadAll("SELECT count(*) AS n FROM leads")).getRowObjectsJS()[0]!.n).toBe(200n);
  }, 60_000);

  it("is what `leadrules compile --target sql` writes, checks and refuses", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "leadrules-sql-"));
    try {
      const args = ["compile", "--policies", bundledPolicies, "--target", "sql", "--out", out];
      const missing = await runCli(args);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("needs --as-of");
      const run = await runCli([...args, "--as-of", corpusAsOf]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("pipeline.sql");
      const files = renderSql(planPolicies(bundled), duckdb, asOfMs);
      expect(readFileSync(path.join(out, "pipeline.sql"), "utf8")).toBe(files.get("pipeline.sql"));
      expect(readFileSync(path.join(out, "leads.sql"), "utf8")).toBe(files.get("leads.sql"));
      expect((await runCli([...args, "--as-of", corpusAsOf, "--check"])).code).toBe(0);
      expect((await runCli([...args, "--as-of", "2026-06-02T12:00:00Z", "--check"])).code).toBe(1);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it("refuses, as a usage error, what SQL cannot hold: fields differing only in case, a NUL in a value", () => {
    const cased = variant((specs) => {
      const fields = specs.DataDictionary!.objects[0]!.fields;
      fields.push({ ...fields.find((f) => f.name === "leadId")!, name: "leadid" });
    });
    expect(() => renderSql(planPolicies(cased), duckdb, asOfMs)).toThrow(UsageError);
    expect(() => renderSql(planPolicies(cased), duckdb, asOfMs)).toThrow(/"leadId" and "leadid" differ only in case/);
    const nul = variant((specs) => {
      specs.ScoringModel!.rules.push({
        id: "fit.nul",
        dimension: "fit",
        description: "",
        points: 1,
        when: { fact: "title", operator: "equal", value: "a\u0000b" },
      });
    });
    expect(() => renderSql(planPolicies(nul), duckdb, asOfMs)).toThrow(UsageError);
  });
});
