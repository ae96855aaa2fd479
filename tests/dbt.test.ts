/**
 * `compile --target dbt` (sql/render-dbt.ts): the package's files and YAML, the package run in DuckDB as
 * dbt would run it (tests/helpers/dbt.ts: seeds, models in ref order, generic tests; dbt itself is not
 * installable here) deciding every lead as the SQL target's pipeline query does, and policy text that
 * cannot reach dbt's Jinja.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { planPolicies } from "../src/compile/plan.js";
import { type PolicySet, UsageError } from "../src/index.js";
import { businessIntervalsSql } from "../src/sql/business-intervals.js";
import { leadColumns } from "../src/sql/lead-columns.js";
import { pipelineQuery } from "../src/sql/pipeline-sql.js";
import { renderDbt } from "../src/sql/render-dbt.js";
import { defaultArrivalYears, namedQueries } from "../src/sql/render-sql.js";
import { failingTests, renderJinja, renderYaml, runPackage, type SchemaYaml, type SourcesYaml } from "./helpers/dbt.js";
import { duckdb, openDuckDb } from "./helpers/duckdb.js";
import { runCli } from "./helpers/cli.js";
import { corpusAsOf } from "./helpers/policies.js";
import { bundledPolicies } from "./helpers/policy-fixtures.js";
import { loadNormalized } from "./helpers/sql-pipeline.js";
import { bundled, leadsAt, nullHeavy, variant, type Values } from "./helpers/varied-policies.js";

const asOfMs = Date.parse(corpusAsOf);
let connection: DuckDBConnection;
beforeEach(async () => {
  connection = await openDuckDb();
});
afterEach(() => connection.closeSync());

/** The bundled sample export, its cells as text (empty for none), as a lead file's records. */
async function sampleLeads(): Promise<Values[]> {
  const file = path.join(bundledPolicies, "samples/leads.csv");
  const rows = (
    await connection.runAndReadAll(`SELECT * FROM read_csv(${duckdb.literal(file)}, header = true, all_varchar = true)`)
  ).getRowObjectsJS();
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? ""])));
}

const orderBy = ` ORDER BY "__lead_order"`;

/** Policy text that would be Jinja if dbt read it as such, in a value, a field description and the file names. */
const hostile = "{{ 7*7 }}' {% if true %}x{% endif %} {# c #} \"q\"\n-- {{ ref('leads') }} {%- raw %} {{ \u2028 L \u2029 P \u0085 N";
function hostileSet(): PolicySet {
  const set = variant((specs) => {
    specs.ScoringModel!.rules.push({
      id: "fit.title.hostile",
      dimension: "fit",
      description: "",
      points: 1,
      when: { fact: "title", operator: "equal", value: hostile },
    });
    specs.DataDictionary!.objects[0]!.fields.find((f) => f.name === "title")!.description = hostile;
  });
  for (const policy of set.policies) (policy as { file: string }).file = `${policy.file} {{ 7*7 }} {% raw %}\n`;
  return set;
}

/** Jinja2 and PyYAML, where Python has them (the libraries dbt renders and reads with). */
const hasJinja2 = spawnSync("python3", ["-c", "import jinja2, yaml"]).status === 0;

/** The package run on the leads, and the pipeline query on the same leads: both decisions, row by row. */
async function runBoth(set: PolicySet, leads: readonly Values[]) {
  const plan = planPolicies(set);
  const files = renderDbt(plan, duckdb, asOfMs);
  await loadNormalized(connection, set, leads);
  const models = await runPackage(connection, files);
  const rows = (await connection.runAndReadAll(`SELECT * FROM leadrules_decisions${orderBy}`)).getRowObjectsJS();
  const columns = (await connection.runAndReadAll(`SELECT * FROM leadrules_decisions LIMIT 0`)).columnNames();
  // The pipeline query reads the intervals (of the same years) as a table of their own: made only now, so
  // the models above could not have read it instead of their seed.
  if (plan.routing)
    for (const statement of businessIntervalsSql(plan.routing, duckdb, defaultArrivalYears(asOfMs))) await connection.run(statement);
  const expected = (await connection.runAndReadAll(`${pipelineQuery(plan, duckdb, asOfMs, "leads")}${orderBy}`)).getRowObjectsJS();
  return { files, models, rows, columns, expected };
}

describe("compile --target dbt", () => {
  it("writes a dbt project, sources, a model per step and the decisions, with every model's columns in schema.yml", () => {
    const plan = planPolicies(bundled);
    const files = renderDbt(plan, duckdb, asOfMs);
    // One model per query of the chain (a step, or a narrow run joined back), named as dbt names them.
    const queries = namedQueries(plan, duckdb, asOfMs, (step) => `leadrules_${step.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`);
    const stepModels = queries.map((q) => q.name);
    expect(queries.some((q) => !q.step)).toBe(true);
    expect([...files.keys()].sort()).toEqual(
      [
        "dbt_project.yml",
        "models/sources.yml",
        "models/schema.yml",
        "models/leadrules_decisions.sql",
        ...stepModels.map((m) => `models/${m}.sql`),
        "seeds/leadrules_business_intervals.csv",
      ].sort(),
    );
    // The first model reads the source, each other the model before (a join-back the one before its run, too).
    expect(files.get(`models/${stepModels[0]}.sql`)).toContain("{{ source('leadrules', 'leads') }}");
    stepModels.slice(1).forEach((m, i) => expect(files.get(`models/${m}.sql`)).toContain(`{{ ref('${stepModels[i]}') }}`));
    expect(files.get("models/leadrules_decisions.sql")).toContain(`{{ ref('${stepModels[stepModels.length - 1]}') }}`);

    const project = renderYaml(files.get("dbt_project.yml")!) as Record<string, unknown>;
    expect(project).toMatchObject({ name: "leadrules", "model-paths": ["models"], "seed-paths": ["seeds"] });
    expect(project.models).toEqual({ leadrules: { "+materialized": "view" } });

    const schema = renderYaml(files.get("models/schema.yml")!) as SchemaYaml;
    expect(schema.models.map((m) => m.name)).toEqual([...stepModels, "leadrules_decisions"]);
    queries.forEach(({ step }, i) => {
      expect(schema.models[i]!.columns.map((c) => c.name)).toEqual(step?.columns.map((c) => c.name) ?? []);
      for (const c of schema.models[i]!.columns) expect(c.description).not.toBe("");
    });
    const holds = schema.models[0]!.columns.find((c) => c.name === "holds:rule:fit.title.data-leader")!;
    expect(holds.description).toMatch(/^rule fit\.title\.data-leader \(.*scoring-model\.yaml\)$/);
    const decisions = schema.models[schema.models.length - 1]!;
    const testsOf = (name: string) => decisions.columns.find((c) => c.name === name)?.data_tests;
    expect(testsOf("__lead_order")).toEqual(["not_null", "unique"]);
    expect(testsOf("leadId")).toEqual(["not_null"]);
    expect(testsOf("stage")).toContainEqual({
      accepted_values: expect.objectContaining({ values: expect.arrayContaining(["'mql'", "'sql'"]) }),
    });
    expect(testsOf("route.owner")).toHaveLength(1);
    expect(testsOf("score.grade")).toEqual([{ accepted_values: { values: ["'A'", "'B'", "'C'", "'D'"], quote: false } }]);

    const sources = renderYaml(files.get("models/sources.yml")!) as SourcesYaml;
    const leads = sources.sources[0]!.tables[0]!;
    expect(leads.name).toBe("leads");
    expect(leads.columns.map((c) => c.name)).toEqual(leadColumns(plan.dictionary).map((c) => c.name));
    expect(leads.columns.find((c) => c.name === "leadId")!.description).toBe(
      "Salesforce record id of the lead; the key every system joins on.",
    );
    expect(leads.columns[0]!.description).toMatch(/explicitly/);
  });

  it("runs on DuckDB as dbt would: the decisions are the pipeline query's, row for row, and every generic test passes", async () => {
    const leads = [...(await sampleLeads()), ...leadsAt(corpusAsOf, 600, 71), ...nullHeavy(leadsAt(corpusAsOf, 200, 72), 73)];
    const { files, models, rows, columns, expected } = await runBoth(bundled, leads);
    expect(models[models.length - 1]).toBe("leadrules_decisions");
    expect(rows.length).toBeGreaterThan(1_000);
    expect(rows).toEqual(expected);
    // Leads of more than one queue, with owners and deadlines: the joins and assignment are exercised.
    expect(new Set(rows.map((r) => r["route.assignedQueue"])).size).toBeGreaterThan(2);
    expect(rows.some((r) => r["route.sla.firstTouchDue"] !== null)).toBe(true);

    const schema = renderYaml(files.get("models/schema.yml")!) as SchemaYaml;
    const decisions = schema.models.find((m) => m.name === "leadrules_decisions")!;
    expect(decisions.columns.map((c) => c.name).sort()).toEqual([...columns].sort());
    expect(await failingTests(connection, "leadrules_decisions", decisions.columns)).toEqual([]);
    const sources = renderYaml(files.get("models/sources.yml")!) as SourcesYaml;
    expect(await failingTests(connection, "leads", sources.sources[0]!.tables[0]!.columns)).toEqual([]);
    // The accepted values are a test: a stage the lifecycle cannot reach fails it.
    await connection.run(`CREATE TABLE odd AS SELECT * REPLACE ('no-such-stage' AS stage) FROM leadrules_decisions`);
    expect((await failingTests(connection, "odd", decisions.columns)).map((f) => f.column)).toEqual(["stage"]);
  }, 120_000);

  it("keeps policy text out of dbt's Jinja: {{ }}, {% %}, quotes and line breaks are data, and what could end a raw block is refused", async () => {
    const leads = leadsAt(corpusAsOf, 300, 74).map((lead, i) => (i % 5 === 0 ? { ...lead, title: hostile } : lead));
    const { files, rows, expected } = await runBoth(hostileSet(), leads);
    expect(rows).toEqual(expected);
    expect(rows.filter((r) => r["holds:rule:fit.title.hostile"] === true)).toHaveLength(leads.filter((l) => l.title === hostile).length);
    // Every model renders within the subset (ref, source, raw): nothing of the policies was Jinja.
    for (const [file, text] of files) if (file.endsWith(".sql")) expect(() => renderJinja(text)).not.toThrow();
    expect(files.get("models/leadrules_score_conditions.sql")).toContain(`'${hostile.replaceAll("'", "''")}'`);
    const sources = renderYaml(files.get("models/sources.yml")!) as SourcesYaml;
    expect(sources.sources[0]!.tables[0]!.columns.find((c) => c.name === "title")!.description).toBe(hostile);
    const schema = renderYaml(files.get("models/schema.yml")!) as SchemaYaml;
    const holds = schema.models[0]!.columns.find((c) => c.name === "holds:rule:fit.title.hostile")!;
    expect(holds.description).toContain("scoring-model.yaml {{ 7*7 }} {% raw %}\n)");

    for (const end of ["{% endraw %}", "{%- endraw -%}", "{%endraw%}", "{%+ endraw +%}", "{%\n endraw\t%}", "{% ENDRAW %}"]) {
      const inValue = variant((specs) => {
        specs.ScoringModel!.rules[0]!.when = { fact: "title", operator: "equal", value: `a ${end} {{ 7*7 }}` };
      });
      expect(() => renderDbt(planPolicies(inValue), duckdb, asOfMs)).toThrow(UsageError);
      const inDescription = variant((specs) => {
        specs.DataDictionary!.objects[0]!.fields[1]!.description = `a ${end} b`;
      });
      expect(() => renderDbt(planPolicies(inDescription), duckdb, asOfMs)).toThrow(/could end a Jinja raw block/);
    }
    // A name dbt would paste into templates and quotes unescaped is refused, not wrapped.
    const named = variant((specs) => {
      specs.ScoringModel!.rules[0]!.id = "fit.{{ 7*7 }}";
    });
    expect(() => renderDbt(planPolicies(named), duckdb, asOfMs)).toThrow(/holds a double quote or a Jinja opener/);
  }, 120_000);

  it.skipIf(!hasJinja2)(
    "renders in Jinja2 and reads in PyYAML as in the tests' Jinja subset, the policy text whole",
    () => {
      const files = renderDbt(planPolicies(hostileSet()), duckdb, asOfMs);
      const folder = mkdtempSync(path.join(tmpdir(), "leadrules-jinja2-"));
      try {
        for (const [file, text] of files) {
          mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
          writeFileSync(path.join(folder, file), text);
        }
        // dbt's environment has the `do` extension; ref and source as the tests' subset resolves them, and the
        // package's own `{{ var(...) }}` left as written, as that subset leaves it.
        const script = `
import json, os, sys, jinja2, yaml
env = jinja2.Environment(extensions=["jinja2.ext.do"], undefined=jinja2.StrictUndefined)
ctx = {"ref": lambda n: '"%s"' % n, "source": lambda s, t: "leads", "var": lambda n, d=None: d, "target": {"schema": "main"}}
def walk(v):
    if isinstance(v, str): return v if v.startswith("{{ var(") else env.from_string(v).render(**ctx)
    if isinstance(v, list): return [walk(x) for x in v]
    if isinstance(v, dict): return {k: walk(x) for k, x in v.items()}
    return v
out = {}
for name in sorted(os.listdir("models")):
    text = open(os.path.join("models", name), encoding="utf-8").read()
    out[name] = env.from_string(text).render(**ctx) if name.endswith(".sql") else walk(yaml.safe_load(text))
json.dump(out, sys.stdout)
`;
        const rendered = JSON.parse(
          execFileSync("python3", ["-c", script], { cwd: folder, encoding: "utf8", maxBuffer: 1 << 28 }),
        ) as Record<string, unknown>;
        for (const [file, text] of files)
          if (file.startsWith("models/"))
            expect(rendered[file.slice(7)]).toEqual(
              file.endsWith(".sql") ? renderJinja(text) : JSON.parse(JSON.stringify(renderYaml(text))),
            );
        const sources = rendered["sources.yml"] as SourcesYaml;
        expect(sources.sources[0]!.tables[0]!.columns.find((c) => c.name === "title")!.description).toBe(hostile);
        expect(rendered["leadrules_score_conditions.sql"]).toContain(`'${hostile.replaceAll("'", "''")}'`);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it("is what `leadrules compile --target dbt` writes and checks; it needs --as-of", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "leadrules-dbt-"));
    try {
      const args = ["compile", "--policies", bundledPolicies, "--target", "dbt", "--out", out];
      const missing = await runCli(args);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("compile --target dbt needs --as-of");
      const run = await runCli([...args, "--as-of", corpusAsOf]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("models/leadrules_decisions.sql");
      const files = renderDbt(planPolicies(bundled), duckdb, asOfMs);
      for (const file of ["models/schema.yml", "models/leadrules_route.sql", "seeds/leadrules_business_intervals.csv"])
        expect(readFileSync(path.join(out, file), "utf8")).toBe(files.get(file));
      expect((await runCli([...args, "--as-of", corpusAsOf, "--check"])).code).toBe(0);
      const stale = await runCli([...args, "--as-of", "2026-06-02T12:00:00Z", "--check"]);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain("compile --target dbt --as-of 2026-06-02T12:00:00");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
