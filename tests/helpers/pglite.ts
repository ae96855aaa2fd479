/**
 * Postgres for real in the tests: PGlite (Postgres compiled to WebAssembly, in process, no server), with
 * leads loaded as the SQL compiler's leads relation (sql/lead-columns.ts) through the postgres dialect's
 * own literals.
 */
import { PGlite } from "@electric-sql/pglite";
import { sqlDialects } from "../../src/compile/sql-dialect.js";
import { modelsInRefOrder } from "./dbt.js";
import type { DictionarySpec } from "../../src/model/policy.js";
import { createLeadsTable, leadColumns, orderColumn } from "../../src/sql/lead-columns.js";

export const postgres = sqlDialects.postgres;

export async function openPglite(): Promise<PGlite> {
  const db = new PGlite();
  await db.waitReady;
  return db;
}

/** A normalized value (of its field's type, or null) as a postgres literal. */
function valueSql(value: unknown, valueType: string): string {
  if (value === null || value === undefined) return "NULL";
  if (valueType === "textList") return postgres.textList(value as string[]);
  return postgres.literal(value);
}

/** Fills the table `leads` (created unless it exists) with normalized leads, in input order. */
export async function loadLeadsPg(db: PGlite, dictionary: DictionarySpec, leads: readonly Record<string, unknown>[]): Promise<void> {
  const columns = leadColumns(dictionary);
  await db.exec(createLeadsTable(dictionary, postgres));
  const names = columns.map((c) => postgres.identifier(c.name)).join(", ");
  for (let start = 0; start < leads.length; start += 500) {
    const rows = leads.slice(start, start + 500).map((lead, k) => {
      const values = columns.map((c) => (c.name === orderColumn ? String(start + k + 1) : valueSql(lead[c.name], c.valueType)));
      return `(${values.join(", ")})`;
    });
    if (rows.length > 0) await db.exec(`INSERT INTO leads (${names}) VALUES ${rows.join(",\n")}`);
  }
}

/** A seed's CSV (render-dbt.ts writes text quoted, numbers whole, NULL empty) as rows of SQL values. */
function seedRows(csv: string): string[][] {
  const [, ...lines] = csv.trimEnd().split("\n");
  return lines.map((line) =>
    [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|-?\d*)/g)].map(([, cell]) =>
      cell!.startsWith('"') ? postgres.literal(cell!.slice(1, -1).replaceAll('""', '"')) : cell || "NULL",
    ),
  );
}

/**
 * Runs a dbt package over the table `leads` (filled already) as dbt-postgres would: its seeds as tables
 * typed by dbt_project.yml, its models as views in the order of their refs, the Jinja rendered by
 * `renderJinja` (a ref is the model's quoted name). Returns the models in the order created.
 */
export async function runPackagePg(
  db: PGlite,
  files: ReadonlyMap<string, string>,
  render: (text: string) => string,
  project: { seeds?: { leadrules: Record<string, { "+column_types": Record<string, string> }> } },
): Promise<string[]> {
  for (const [seed, config] of Object.entries(project.seeds?.leadrules ?? {})) {
    const columns = Object.entries(config["+column_types"]).map(([name, type]) => `${postgres.identifier(name)} ${type}`);
    await db.exec(`CREATE TABLE ${postgres.identifier(seed)} (${columns.join(", ")})`);
    const rows = seedRows(files.get(`seeds/${seed}.csv`)!);
    for (let i = 0; i < rows.length; i += 2_000)
      await db.exec(
        `INSERT INTO ${postgres.identifier(seed)} VALUES ${rows
          .slice(i, i + 2_000)
          .map((r) => `(${r.join(", ")})`)
          .join(", ")}`,
      );
  }
  const order = modelsInRefOrder(files, Object.keys(project.seeds?.leadrules ?? {}), render);
  for (const [model, sql] of order) await db.exec(`CREATE VIEW ${postgres.identifier(model)} AS ${sql}`);
  return order.map(([model]) => model);
}
