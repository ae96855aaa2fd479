/**
 * The SQL dialects other than DuckDB (compile/sql-dialects/). Postgres runs for real, on PGlite (Postgres
 * compiled to WebAssembly, in process): `compile --target sql --dialect postgres` decides the bundled
 * sample and generated, null-heavy leads as the compiled engine does, field by field, and random
 * conditions agree with the compiled evaluator, as tests/sql-differential.test.ts checks DuckDB's; its dbt
 * package runs there too. The `matches` patterns translated for Postgres, and for Spark under
 * java.util.regex where a JDK is installed, agree with RE2 on texts chosen at their edges. Snowflake,
 * BigQuery and Spark have no engine installable here: their SQL (files and dbt models) is parsed by
 * node-sql-parser in the dialect's mode (Hive's for Spark), what the parser lacks rewritten and named in
 * tests/helpers/parser-forms.ts. A pattern a dialect cannot take is refused as a usage error naming the policy element.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import nodeSqlParser from "node-sql-parser";
import { RE2JS } from "re2js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planPolicies } from "../src/compile/plan.js";
import { portablePattern } from "../src/compile/portable-regex.js";
import { type SqlDialectName, sqlDialectNames, sqlDialects } from "../src/compile/sql-dialect.js";
import { compileCondition, type Condition, type Lead, type PolicySet, UsageError } from "../src/index.js";
import { conditionSql } from "../src/sql/condition-sql.js";
import { outcomeReader } from "../src/sql/read-outcome.js";
import { renderDbt } from "../src/sql/render-dbt.js";
import { renderSql } from "../src/sql/render-sql.js";
import { runCli } from "./helpers/cli.js";
import { renderJinja, renderYaml } from "./helpers/dbt.js";
import { duckdb, openDuckDb } from "./helpers/duckdb.js";
import { parserForm } from "./helpers/parser-forms.js";
import { edgePatterns, edgeTexts } from "./helpers/pattern-edges.js";
import { edgeArrivals, iso, routing, withArrivals, worldwide } from "./helpers/route-calendars.js";
import { loadLeadsPg, openPglite, postgres, runPackagePg } from "./helpers/pglite.js";
import { corpusAsOf } from "./helpers/policies.js";
import { bundledPolicies, policyFolder } from "./helpers/policy-fixtures.js";
import { asOfMs, condition, dictionary, fields, normalizedLead } from "./helpers/random-conditions.js";
import { compiledOutcomes, normalized } from "./helpers/sql-pipeline.js";
import {
  bundled,
  fieldNamedStage,
  fractionalScoring,
  leadsAt,
  nullHeavy,
  oscillatingLifecycle,
  type Values,
  variant,
} from "./helpers/varied-policies.js";

const { Parser } = nodeSqlParser;
const parser = new Parser();
const others = sqlDialectNames.filter((d) => d !== "duckdb");
/** node-sql-parser's mode for each dialect: Spark SQL grew out of HiveQL, and the parser has no Spark mode. */
const parserMode: Record<Exclude<SqlDialectName, "duckdb">, string> = {
  postgres: "postgresql",
  snowflake: "snowflake",
  bigquery: "bigquery",
  spark: "hive",
};

/** The statements of a generated file: each ends with `;` at the end of a line, and policy text is never there raw. */
const statements = (text: string) =>
  text
    .split(/;\n/)
    .map((s) =>
      s
        .trim()
        .replace(/^(--[^\n]*\n)+/, "")
        .trim(),
    )
    .filter((s) => s.length > 0);

/** Null when the statement parses in the dialect's mode (with the rewrites of parser-forms.ts), else why not. */
function parses(sql: string, dialect: Exclude<SqlDialectName, "duckdb">): string | null {
  const form = parserForm(sql, dialect);
  try {
    parser.astify(form.sql, { database: parserMode[dialect] });
    for (const expression of form.expressions) parser.astify(`SELECT ${expression} FROM t`, { database: parserMode[dialect] });
    return null;
  } catch (error) {
    return String((error as Error).message).slice(0, 300);
  }
}

describe("every dialect's SQL parses in its own syntax", () => {
  const plan = planPolicies(bundled);
  const asOf = Date.parse(corpusAsOf);
  for (const dialect of others) {
    it(`${dialect}: compile --target sql and the dbt models`, () => {
      // The bundled set, and one where a step defines a column again (the columns kept then leave one out).
      const files = new Map([
        ...renderSql(plan, sqlDialects[dialect], asOf),
        ...[...renderSql(planPolicies(fieldNamedStage()), sqlDialects[dialect], asOf)].map(
          ([file, text]) => [`stage-field/${file}`, text] as const,
        ),
      ]);
      const failures: string[] = [];
      let parsed = 0;
      for (const [file, text] of files)
        for (const statement of statements(text)) {
          // The business intervals' INSERTs are thousands of rows of numbers: the first row is what varies by dialect.
          const sql = statement.startsWith("INSERT INTO") ? statement.replace(/\), \(.*$/s, ")") : statement;
          const problem = parses(sql, dialect);
          if (problem) failures.push(`${file}: ${sql.slice(0, 120)}...\n  ${problem}`);
          else parsed++;
        }
      const dbt = renderDbt(plan, sqlDialects[dialect], asOf);
      for (const [file, text] of dbt) {
        if (!file.endsWith(".sql")) continue;
        const sql = renderJinja(text, sqlDialects[dialect].identifier).trim();
        const problem = parses(sql, dialect);
        if (problem) failures.push(`${file}\n  ${problem}`);
        else parsed++;
      }
      expect(failures).toEqual([]);
      expect(parsed).toBeGreaterThan(60);
      // The Hive mode accepts `* EXCEPT (...)`, which open-source Spark does not: the column lists are checked here.
      if (dialect === "spark" || dialect === "postgres")
        for (const text of [...files.values(), ...dbt.values()]) expect(text).not.toMatch(/\* (EXCEPT|EXCLUDE) \(/);
    }, 120_000);
  }
});

describe("compile --target sql|dbt --dialect X", () => {
  it("writes every dialect's files for the bundled policies", async () => {
    for (const dialect of others)
      for (const target of ["sql", "dbt"]) {
        const out = mkdtempSync(path.join(tmpdir(), `leadrules-${dialect}-`));
        try {
          const run = await runCli([
            "compile",
            "--policies",
            bundledPolicies,
            "--target",
            target,
            "--dialect",
            dialect,
            "--as-of",
            corpusAsOf,
            "--out",
            out,
          ]);
          expect({ dialect, target, code: run.code, stderr: run.stderr }).toEqual({ dialect, target, code: 0, stderr: "" });
          const written = readdirSync(out, { recursive: true }).map(String);
          expect(written.length).toBeGreaterThan(3);
          const header = readFileSync(path.join(out, target === "sql" ? "pipeline.sql" : "models/leadrules_decisions.sql"), "utf8");
          expect(header).toContain(`--dialect ${dialect} `);
        } finally {
          rmSync(out, { recursive: true, force: true });
        }
      }
  }, 120_000);
});

describe("postgres, run on PGlite", () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await openPglite();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  /** The `--target sql --dialect postgres` files run as written on the leads; the outcomes read back, and the compiled engine's. */
  async function decide(set: PolicySet, leads: readonly Values[], arrivalYears?: number[]) {
    const plan = planPolicies(set);
    const files = renderSql(plan, postgres, Date.parse(corpusAsOf), arrivalYears);
    await db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    await db.exec(files.get("leads.sql")!);
    await loadLeadsPg(db, plan.dictionary, normalized(set, leads));
    if (files.has("business-intervals.sql")) await db.exec(files.get("business-intervals.sql")!);
    await db.exec(files.get("pipeline.sql")!);
    const rows = (await db.query<Record<string, unknown>>(`SELECT * FROM leadrules_decisions ORDER BY "__lead_order"`)).rows;
    const read = outcomeReader(plan);
    return { actual: rows.map((row) => read(row)), expected: await compiledOutcomes(set, leads) };
  }

  /** Every outcome field alike; the first lead that differs shown whole. */
  function expectSame({ actual, expected }: Awaited<ReturnType<typeof decide>>) {
    expect(actual.length).toBe(expected.length);
    const first = expected.findIndex((e, i) => JSON.stringify(e) !== JSON.stringify(actual[i]));
    if (first >= 0) expect({ lead: first, ...actual[first] }).toEqual({ lead: first, ...expected[first] });
    expect(actual).toEqual(expected);
  }

  it("decides the bundled sample and null-heavy leads as the compiled engine does, every field", async () => {
    const leads = [...(await sampleLeads()), ...leadsAt(corpusAsOf, 600, 71), ...nullHeavy(leadsAt(corpusAsOf, 300, 72), 73)];
    const decided = await decide(bundled, leads);
    expectSame(decided);
    // The sample reaches every step: owners, SLA deadlines, lifecycle moves, content, retention.
    const { actual } = decided;
    expect(actual.some((o) => o.route?.owner !== null && o.route?.sla.escalateAt !== null)).toBe(true);
    expect(actual.some((o) => (o.lifecycle?.path.length ?? 0) > 0)).toBe(true);
    expect(actual.some((o) => o.retention?.dueDate !== null)).toBe(true);
    expect(actual.some((o) => (o.content?.eligible.length ?? 0) > 0)).toBe(true);
  }, 180_000);

  it("counts SLAs across time zones, daylight saving, holidays and interval edges as the compiled engine does", async () => {
    // tests/sql-route.test.ts's calendars and arrivals, and the UTC New Year still in the old year in Santiago.
    const arrivals = [
      ...edgeArrivals(routing(worldwide)),
      ...Array.from({ length: 60 }, (_, i) => iso(Date.UTC(2031, 0, 1) + i * 180_000)),
    ];
    const leads = withArrivals(arrivals, 77);
    const decided = await decide(worldwide, leads, [2025, 2026, 2027, 2031]);
    expect(decided.actual.filter((o) => o.route?.sla.arrivedOutsideHours).length).toBeGreaterThan(100);
    expect(new Set(decided.actual.map((o) => o.route?.sla.firstTouchDue?.slice(20))).size).toBeGreaterThan(1);
    expectSame(decided);
  }, 180_000);

  it("decides tests/sql-pipeline.test.ts's varied sets as the compiled engine does", async () => {
    const sets: Record<string, PolicySet> = {
      // Fractional points, steep decay, floors, no exclusions, a dimension no rule feeds.
      scoring: fractionalScoring(),
      // A lifecycle that oscillates and recycles into a stage it recycles from.
      lifecycle: oscillatingLifecycle(),
      // Content without routing: a gate on route.queue reads a fact the set does not define.
      content: variant(() => {}, ["Routing"]),
      stageField: fieldNamedStage(),
    };
    for (const [name, set] of Object.entries(sets)) {
      const leads = [...leadsAt(corpusAsOf, 300, 78), ...nullHeavy(leadsAt(corpusAsOf, 100, 79), 80)].map((lead, i) =>
        name === "stageField" ? { ...lead, stage: ["mql", "customer", null][i % 3] } : lead,
      );
      const decided = await decide(set, leads);
      if (name === "lifecycle") expect(decided.actual.some((o) => o.lifecycle?.oscillation)).toBe(true);
      if (name === "stageField") expect(decided.actual.some((o) => o.score?.rules.some((r) => r.id === "fit.field-stage"))).toBe(true);
      expectSame(decided);
    }
  }, 180_000);

  it("agrees with the compiled evaluator on 1,000 random conditions times 300 leads with nulls", async () => {
    const leads = fc.sample(normalizedLead, { numRuns: 300, seed: 20261130 }) as Lead[];
    const conditions = fc.sample(condition, { numRuns: 1_000, seed: 1201 });
    await db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    await loadLeadsPg(db, dictionary, leads as Record<string, unknown>[]);
    const types = new Map(fields.map((f) => [f.name, f.type]));
    const context = {
      dialect: postgres,
      asOfMs,
      fact: (name: string) => ({ column: postgres.identifier(name), type: types.get(name)! }),
    };
    for (let start = 0; start < conditions.length; start += 100) {
      const batch = conditions.slice(start, start + 100);
      const columns = batch.map((c, i) => `${conditionSql(c, context)} AS c${i}`).join(", ");
      const rows = (await db.query<Record<string, unknown>>(`SELECT ${columns} FROM leads ORDER BY "__lead_order"`)).rows;
      batch.forEach((c: Condition, k) => {
        const holds = compileCondition(c, asOfMs);
        leads.forEach((lead, i) => {
          const sql = rows[i]![`c${k}`];
          if (sql !== holds(lead)) expect({ condition: c, lead, sql }).toEqual({ condition: c, lead, sql: holds(lead) });
        });
      });
    }
  }, 180_000);

  it("runs the dbt package for postgres (seeds, then the models in ref order) deciding as the compiled engine does", async () => {
    const leads = [...leadsAt(corpusAsOf, 300, 74), ...nullHeavy(leadsAt(corpusAsOf, 150, 75), 76)];
    const plan = planPolicies(bundled);
    const files = renderDbt(plan, postgres, Date.parse(corpusAsOf));
    await db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    await loadLeadsPg(db, plan.dictionary, normalized(bundled, leads));
    const project = renderYaml(files.get("dbt_project.yml")!) as Parameters<typeof runPackagePg>[3];
    const models = await runPackagePg(db, files, (text) => renderJinja(text, postgres.identifier), project);
    expect(models[models.length - 1]).toBe("leadrules_decisions");
    const rows = (await db.query<Record<string, unknown>>(`SELECT * FROM leadrules_decisions ORDER BY "__lead_order"`)).rows;
    const read = outcomeReader(plan);
    expect(rows.map((row) => read(row))).toEqual(await compiledOutcomes(bundled, leads));
  }, 180_000);

  it("spells each dialect function as the interface says: NULLs kept, instants exact, lists", async () => {
    const one = async (sql: string) => (await db.query<{ v: unknown }>(`SELECT ${sql} AS v`)).rows[0]!.v;
    const n = (v: number | null) => (v === null ? "CAST(NULL AS DOUBLE PRECISION)" : postgres.literal(v));
    for (const [a, b] of [
      [null, 1],
      [1, null],
      [null, null],
    ] as const) {
      expect(await one(postgres.greater(n(a), n(b)))).toBeNull();
      expect(await one(postgres.lesser(n(a), n(b)))).toBeNull();
    }
    expect(await one(postgres.greater(n(2), n(3)))).toBe(3);
    expect(await one(postgres.lesser(n(2), n(3)))).toBe(2);
    const instants = ["2026-06-01T12:00:00.000Z", "1969-12-31T23:59:59.999Z", "2028-02-29T00:00:00.001Z", "2026-06-01", "1970-01-01"];
    for (const text of instants) {
      const ms = Date.parse(text);
      expect(Number(await one(postgres.epochMs(postgres.literal(text))))).toBe(ms);
      expect(await one(postgres.dayOfMs(n(ms)))).toBe(new Date(ms).toISOString().slice(0, 10));
      // A fraction of a millisecond cut toward zero, as Date does (-0.25 ms is the epoch itself).
      expect(await one(postgres.isoOfMs(n(ms + 0.75)))).toBe(new Date(ms + 0.75).toISOString());
    }
    expect(await one(postgres.isoOfMs(n(null)))).toBeNull();
    expect(await one(postgres.epochMs("CAST(NULL AS TEXT)"))).toBeNull();
    const none = "CAST(NULL AS TEXT[])";
    expect(await one(postgres.listContains(none, "'a'"))).toBeNull();
    expect(await one(postgres.listLength(none))).toBeNull();
    expect(await one(postgres.listContains(postgres.textList(["a", "b"]), "'b'"))).toBe(true);
    expect(await one(postgres.listContains(postgres.textList([]), "'b'"))).toBe(false);
    expect(await one(postgres.listItem(postgres.textList(["a", "b"]), n(2)))).toBe("b");
    expect(await one(postgres.listConcat(postgres.textList(["a"]), postgres.textList(["b"])))).toEqual(["a", "b"]);
    expect(await one(postgres.remainder(n(7), n(3)))).toBe(1);
  });

  it("matches translated patterns as RE2 does, on texts at the edges of each construct", async () => {
    const patterns = edgePatterns;
    const texts = edgeTexts;
    await db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public; CREATE TABLE texts (i INTEGER, t TEXT)");
    await db.exec(`INSERT INTO texts VALUES ${texts.map((t, i) => `(${i}, ${postgres.literal(t)})`).join(", ")}`);
    const columns = patterns.map((p, k) => `${postgres.regexMatches('"t"', p)} AS p${k}`).join(", ");
    const rows = (await db.query<Record<string, boolean>>(`SELECT ${columns} FROM texts ORDER BY i`)).rows;
    const differences: string[] = [];
    patterns.forEach((p, k) => {
      const re2 = RE2JS.compile(p);
      texts.forEach((t, i) => {
        if (rows[i]![`p${k}`] !== re2.test(t))
          differences.push(`${JSON.stringify(p)} (${portablePattern(p, "postgres")}) on ${JSON.stringify(t)}: RE2 ${re2.test(t)}`);
      });
    });
    expect(differences).toEqual([]);
  }, 60_000);
});

/** A JDK, where one is installed (as tests/dbt.test.ts checks Jinja2 where Python has it): Spark's RLIKE is java.util.regex. */
const hasJava = spawnSync("java", ["-version"]).status === 0;

describe("spark's translated patterns under java.util.regex", () => {
  // Skipped without a JDK: Spark itself is not installable here, its regular expressions are Java's.
  it.skipIf(!hasJava)(
    "match as RE2 does on the same texts (Matcher.find, as Spark's RLIKE calls it)",
    () => {
      const folder = mkdtempSync(path.join(tmpdir(), "leadrules-java-"));
      try {
        const source = path.join(folder, "Find.java");
        writeFileSync(source, javaFind);
        const codes = (text: string) => [...text].map((c) => c.codePointAt(0)).join(",");
        const input = [
          String(edgePatterns.length),
          ...edgePatterns.map((p) => codes(portablePattern(p, "java"))),
          ...edgeTexts.map(codes),
        ].join("\n");
        const lines = execFileSync("java", [source], { input: `${input}\n` })
          .toString()
          .trimEnd()
          .split("\n");
        const differences: string[] = [];
        edgePatterns.forEach((p, k) => {
          const re2 = RE2JS.compile(p);
          edgeTexts.forEach((t, i) => {
            if ((lines[k]![i] === "1") !== re2.test(t))
              differences.push(`${JSON.stringify(p)} (${portablePattern(p, "java")}) on ${JSON.stringify(t)}: RE2 ${re2.test(t)}`);
          });
        });
        expect(lines).toHaveLength(edgePatterns.length);
        expect(differences).toEqual([]);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

/** Reads a count, the patterns and the texts (code points, comma-separated); prints each pattern's finds as 0s and 1s. */
const javaFind = `
import java.io.*;
import java.util.*;
import java.util.regex.*;
public class Find {
  static String decode(String line) {
    StringBuilder text = new StringBuilder();
    if (!line.isEmpty()) for (String code : line.split(",")) text.appendCodePoint(Integer.parseInt(code));
    return text.toString();
  }
  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    List<String> lines = new ArrayList<>();
    for (String line = in.readLine(); line != null; line = in.readLine()) lines.add(line);
    int count = Integer.parseInt(lines.get(0));
    for (int k = 0; k < count; k++) {
      Pattern pattern = Pattern.compile(decode(lines.get(1 + k)));
      StringBuilder out = new StringBuilder();
      for (int i = 1 + count; i < lines.size(); i++) out.append(pattern.matcher(decode(lines.get(i))).find(0) ? '1' : '0');
      System.out.println(out);
    }
  }
}
`;

describe("a pattern a dialect cannot take", () => {
  const withPattern = (pattern: string) =>
    variant((specs) => {
      specs.ScoringModel!.rules.push({
        id: "fit.title.accented",
        dimension: "fit",
        description: "",
        points: 1,
        when: { fact: "title", operator: "matches", value: pattern },
      });
    });

  it("is refused as a usage error naming the rule, the pattern, the construct and the dialect; RE2 dialects take it", () => {
    const plan = planPolicies(withPattern("(?i)directeur général"));
    for (const dialect of ["postgres", "snowflake", "spark"] as const) {
      const attempt = () => renderSql(plan, sqlDialects[dialect], asOfMs);
      expect(attempt).toThrow(UsageError);
      expect(attempt).toThrow(
        /^rule fit\.title\.accented \(.*scoring-model\.yaml\): the pattern "\(\?i\)directeur général" uses the letter "é" with \(\?i\)/,
      );
      expect(attempt).toThrow(/(Postgres|Snowflake|Spark \(Java regular expressions\)) reads differently from RE2/);
    }
    for (const dialect of ["duckdb", "bigquery"] as const) expect(() => renderSql(plan, sqlDialects[dialect], asOfMs)).not.toThrow();
    for (const [pattern, construct] of [
      ["\\pL+", "`\\p`"],
      ["a(?s:.)b", "a flag group"],
      ["[[:alpha:]]", "a POSIX class"],
    ] as const)
      expect(() => renderSql(planPolicies(withPattern(pattern)), postgres, asOfMs)).toThrow(construct);
    // Java's matcher backtracks: a 41-character title took 10 s on this pattern, where RE2 is linear.
    for (const pattern of ["(.*a){12}b", "(a+)+c", "((x|y)*z)+"]) {
      const plan = planPolicies(withPattern(pattern));
      expect(() => renderSql(plan, sqlDialects.spark, asOfMs)).toThrow(/an unbounded repeat inside a repeated group/);
      for (const dialect of ["duckdb", "postgres", "bigquery"] as const)
        expect(() => renderSql(plan, sqlDialects[dialect], asOfMs)).not.toThrow();
    }
    expect(() => renderSql(planPolicies(withPattern("(?:ab)+c(x*)")), sqlDialects.spark, asOfMs)).not.toThrow();
  });

  it("refuses a name longer than the engine takes (Postgres would cut it), where the engine would", () => {
    const withRuleId = (id: string) =>
      planPolicies(
        variant((specs) => {
          specs.ScoringModel!.rules.push({
            id,
            dimension: "fit",
            description: "",
            points: 1,
            when: { fact: "title", operator: "equal", value: "x" },
          });
        }),
      );
    // The rule's column is `holds:rule:<id>`: 11 characters more than the id (BigQuery's writes the "." as "__").
    const refusals: [SqlDialectName, number, RegExp][] = [
      ["postgres", 63, /is 64 bytes long, and Postgres takes names of at most 63 bytes/],
      ["snowflake", 255, /is 256 characters long, and Snowflake takes names of at most 255 characters/],
      ["bigquery", 299, /is 301 characters long, and BigQuery takes names of at most 300 characters/],
    ];
    for (const [dialect, longest, message] of refusals) {
      expect(() => renderSql(withRuleId(`fit.${"x".repeat(longest - 15)}`), sqlDialects[dialect], asOfMs)).not.toThrow();
      const attempt = () => renderSql(withRuleId(`fit.${"x".repeat(longest - 14)}`), sqlDialects[dialect], asOfMs);
      expect(attempt).toThrow(UsageError);
      expect(attempt).toThrow(message);
    }
  });

  it("makes `leadrules compile` exit 2 with the message and a hint, never a stack trace", async () => {
    // A pattern RE2 takes (validation passes) and Spark would read otherwise.
    const folder = policyFolder([{ file: "scoring-model.yaml", replace: "(?i)@(gmail", with: "\\\\p{Greek}(gmail" }], bundledPolicies);
    const out = mkdtempSync(path.join(tmpdir(), "leadrules-refused-"));
    try {
      const run = await runCli([
        "compile",
        "--policies",
        folder,
        "--target",
        "sql",
        "--dialect",
        "spark",
        "--as-of",
        corpusAsOf,
        "--out",
        out,
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("uses `\\p`, which Spark (Java regular expressions) reads differently from RE2");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** The bundled sample export as records, cells as text (empty for none), read as tests/dbt.test.ts reads it. */
async function sampleLeads(): Promise<Values[]> {
  const connection = await openDuckDb();
  try {
    const file = path.join(bundledPolicies, "samples/leads.csv");
    const rows = (
      await connection.runAndReadAll(`SELECT * FROM read_csv(${duckdb.literal(file)}, header = true, all_varchar = true)`)
    ).getRowObjectsJS();
    return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? ""])));
  } finally {
    connection.closeSync();
  }
}
