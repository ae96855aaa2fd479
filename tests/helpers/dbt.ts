/**
 * dbt without dbt (not installable here): the Jinja a leadrules package uses, rendered as Jinja's lexer
 * reads it, and the package run in DuckDB as `dbt build` would (seeds, then the models as views in the
 * order their refs give, then the generic tests). Anything else that looks like Jinja is an error, so a
 * template that lets policy text out of its raw blocks fails here.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { parse } from "yaml";
import { duckdb } from "./duckdb.js";

/** Jinja's own patterns (jinja2/lexer.py): the start of a raw block and the first thing that ends it. */
const rawBegin = /^\{%[-+]?\s*raw\s*(?:-%\}\s*|%\})/;
const rawEnd = /\{%[-+]?\s*endraw\s*(?:\+%\}|-%\}\s*|%\})/s;
const call = /^\{\{ (ref|source)\(((?:'[a-z0-9_]+'(?:, )?)+)\) \}\}/;

/**
 * Renders `ref`, `source` and raw blocks; `ref('x')` is the view "x" (quoted by `identifier`, DuckDB's by
 * default), `source(...)` the table leads.
 */
export function renderJinja(text: string, identifier: (name: string) => string = duckdb.identifier): string {
  let out = "";
  let rest = text;
  for (;;) {
    const at = rest.search(/\{[{%#]/);
    if (at < 0) return out + rest;
    out += rest.slice(0, at);
    rest = rest.slice(at);
    const raw = rawBegin.exec(rest);
    if (raw) {
      rest = rest.slice(raw[0].length);
      const end = rawEnd.exec(rest);
      if (!end) throw new Error("a raw block that does not end");
      out += rest.slice(0, end.index);
      rest = rest.slice(end.index + end[0].length);
      continue;
    }
    const found = call.exec(rest);
    if (!found) throw new Error(`Jinja outside the subset: ${JSON.stringify(rest.slice(0, 60))}`);
    const names = [...found[2]!.matchAll(/'([a-z0-9_]+)'/g)].map((m) => m[1]!);
    out += found[1] === "ref" ? identifier(names[0]!) : "leads";
    rest = rest.slice(found[0].length);
  }
}

/** Every string of a YAML file as dbt renders it (schema.yml's own `{{ var(...) }}` left as written). */
export function renderYaml(text: string): unknown {
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return value.startsWith("{{ var(") ? value : renderJinja(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(parse(text, { version: "1.1" }));
}

interface ColumnEntry {
  name: string;
  description: string;
  data_tests?: (string | { accepted_values: { values: string[]; quote: boolean } })[];
}
export interface SchemaYaml {
  models: { name: string; description: string; columns: ColumnEntry[] }[];
  seeds?: { name: string; columns: ColumnEntry[] }[];
}
export interface SourcesYaml {
  sources: { name: string; tables: { name: string; columns: ColumnEntry[] }[] }[];
}

/**
 * Runs a package over the table `leads` (filled already): its seeds as tables typed by dbt_project.yml,
 * its models as views in the order of their refs. Returns the models in the order created.
 */
export async function runPackage(connection: DuckDBConnection, files: ReadonlyMap<string, string>): Promise<string[]> {
  const project = renderYaml(files.get("dbt_project.yml")!) as {
    seeds?: { leadrules: Record<string, { "+column_types": Record<string, string> }> };
  };
  const folder = mkdtempSync(path.join(tmpdir(), "leadrules-dbt-"));
  try {
    for (const [seed, config] of Object.entries(project.seeds?.leadrules ?? {})) {
      const file = path.join(folder, `${seed}.csv`);
      writeFileSync(file, files.get(`seeds/${seed}.csv`)!);
      const types = Object.entries(config["+column_types"]).map(([name, type]) => `${duckdb.literal(name)}: ${duckdb.literal(type)}`);
      await connection.run(
        `CREATE TABLE ${duckdb.identifier(seed)} AS SELECT * FROM read_csv(${duckdb.literal(file)}, header = true, quote = '"', escape = '"', columns = {${types.join(", ")}})`,
      );
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const order = modelsInRefOrder(files, Object.keys(project.seeds?.leadrules ?? {}), renderJinja);
  for (const [model, sql] of order) await connection.run(`CREATE VIEW ${duckdb.identifier(model)} AS ${sql}`);
  return order.map(([model]) => model);
}

/**
 * A package's models, rendered by `render`, in an order dbt could create them: each after the models and
 * seeds (`seeds`, created first) its `ref`s name.
 */
export function modelsInRefOrder(files: ReadonlyMap<string, string>, seeds: readonly string[], render: (text: string) => string) {
  const models = new Map(
    [...files].filter(([file]) => /^models\/[^/]+\.sql$/.test(file)).map(([file, text]) => [file.slice(7, -4), render(text)]),
  );
  const refs = (model: string) => [...files.get(`models/${model}.sql`)!.matchAll(/\{\{ ref\('([a-z0-9_]+)'\) \}\}/g)].map((m) => m[1]!);
  const created = new Set(seeds);
  const order: [string, string][] = [];
  while (order.length < models.size) {
    const ready = [...models.keys()].filter((m) => !created.has(m) && refs(m).every((r) => created.has(r)));
    if (ready.length === 0) throw new Error("a model refers to one that does not exist, or a cycle");
    for (const model of ready) {
      created.add(model);
      order.push([model, models.get(model)!]);
    }
  }
  return order;
}

/** The rows failing each generic test of `columns` on `relation`, as dbt's not_null, unique and accepted_values count them. */
export async function failingTests(connection: DuckDBConnection, relation: string, columns: readonly ColumnEntry[]) {
  const failing: { column: string; test: string; rows: bigint }[] = [];
  for (const column of columns)
    for (const test of column.data_tests ?? []) {
      const c = duckdb.identifier(column.name);
      const from = `FROM ${duckdb.identifier(relation)}`;
      const sql =
        test === "not_null"
          ? `SELECT count(*) AS n ${from} WHERE ${c} IS NULL`
          : test === "unique"
            ? `SELECT count(*) AS n FROM (SELECT ${c} ${from} WHERE ${c} IS NOT NULL GROUP BY ${c} HAVING count(*) > 1)`
            : typeof test === "object"
              ? `SELECT count(*) AS n ${from} WHERE ${c} NOT IN (${test.accepted_values.values.join(", ")})`
              : `a test the helper does not know: ${test}`;
      const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS()[0]!.n as bigint;
      if (rows > 0n) failing.push({ column: column.name, test: JSON.stringify(test), rows });
    }
  return failing;
}
