/**
 * Parquet lead files (read by embedded DuckDB, load/read-parquet.ts) are read as the same records as the
 * NDJSON they were written from: every engine decides them alike, typed columns (64-bit integers,
 * timestamps, dates, lists) become what the intake reads. A name DuckDB would read as a pattern is refused,
 * and `sample` refuses the formats it cannot write instead of writing an empty file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readParquetRecords } from "../src/load/read-parquet.js";
import { runCli } from "./helpers/cli.js";
import { openDuckDb } from "./helpers/duckdb.js";
import { corpusAsOf } from "./helpers/policies.js";
import { bundledPolicies } from "./helpers/policy-fixtures.js";
import { leadsAt, nullHeavy } from "./helpers/varied-policies.js";

const work = mkdtempSync(path.join(tmpdir(), "leadrules-parquet-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** NDJSON of the leads, and the same leads as Parquet with typed columns, as a warehouse export has them. */
async function bothFiles(name: string, leads: readonly Record<string, unknown>[], typed = true) {
  const ndjson = path.join(work, `${name}.ndjson`);
  writeFileSync(ndjson, leads.map((l) => JSON.stringify(l)).join("\n"));
  const parquet = path.join(work, `${name}.parquet`);
  const connection = await openDuckDb();
  try {
    // Datetimes as TIMESTAMP and employee counts as BIGINT where they are well formed; the rest as read.
    await connection.run(`CREATE TABLE raw AS SELECT * FROM read_json('${ndjson}', format = 'newline_delimited', sample_size = -1)`);
    const columns = (await connection.runAndReadAll("DESCRIBE raw")).getRowObjectsJS();
    const select = columns.map(({ column_name: name, column_type: type }) => {
      const quoted = `"${String(name)}"`;
      if (typed && name === "createdAt" && type === "VARCHAR") return `TRY_CAST(${quoted} AS TIMESTAMP) AS ${quoted}`;
      if (typed && name === "employees" && type === "BIGINT") return `CAST(${quoted} AS BIGINT) AS ${quoted}`;
      return quoted;
    });
    await connection.run(`COPY (SELECT ${select.join(", ")} FROM raw) TO '${parquet}' (FORMAT parquet)`);
    const types = Object.fromEntries(columns.map((c) => [c.column_name, c.column_type]));
    return { ndjson, parquet, types };
  } finally {
    connection.closeSync();
  }
}

async function rows(leads: string) {
  const out = path.join(work, "out.ndjson");
  const run = await runCli([
    "simulate",
    "--policies",
    bundledPolicies,
    "--leads",
    leads,
    "--as-of",
    corpusAsOf,
    "--format",
    "ndjson",
    "--out",
    out,
  ]);
  return { code: run.code, rows: readFileSync(out, "utf8"), stderr: run.stderr.replaceAll(path.basename(leads), "FILE") };
}

describe("Parquet lead files", () => {
  it("decide as the NDJSON they were written from: generated leads with typed columns", async () => {
    const { ndjson, parquet, types } = await bothFiles("generated", leadsAt(corpusAsOf, 1_500, 81));
    expect(types.productInterest).toBe("VARCHAR[]");
    const fromNdjson = await rows(ndjson);
    expect(fromNdjson.code).toBe(0);
    expect(await rows(parquet)).toEqual(fromNdjson);
  }, 60_000);

  it("decide as the NDJSON they were written from: null-heavy leads with bad values", async () => {
    const { ndjson, parquet } = await bothFiles(
      "null-heavy",
      nullHeavy(leadsAt(corpusAsOf, 1_500, 82), 83).map((lead) => {
        // Parquet columns hold one type: bad values of another type are written as text.
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(lead))
          out[key] = value === null || typeof value === "string" ? value : JSON.stringify(value);
        return out;
      }),
      false,
    );
    const fromNdjson = await rows(ndjson);
    expect(await rows(parquet)).toEqual(fromNdjson);
  }, 60_000);

  it("reads the same records whether DuckDB writes each row as JSON or the binding converts value by value", async () => {
    const file = path.join(work, "edges.parquet");
    const connection = await openDuckDb();
    const edges = `SELECT * FROM (VALUES
      ('a', 1::BIGINT, 0.1::FLOAT, 1.5::DOUBLE, TIMESTAMP '2026-01-02 03:04:05.678', DATE '2026-01-02', ['x', 'y'], TRUE, 'é\u2028"\\'),
      ('b', 9007199254740993::BIGINT, -0.0::FLOAT, 1e300::DOUBLE, NULL, NULL, [], NULL, NULL),
      ('c', -9007199254740991::BIGINT, NULL, -0.0::DOUBLE, TIMESTAMP '1969-12-31 23:59:59.999', DATE '0099-01-01', NULL, FALSE, '')
    ) AS t(id, big, f, d, ts, day, tags, flag, text)`;
    const read = async (byValue: boolean, source: string) => {
      const records: unknown[] = [];
      for await (const input of readParquetRecords(source, "edges.parquet", byValue)) records.push(input);
      return records;
    };
    try {
      await connection.run(`COPY (${edges}) TO '${file}' (FORMAT parquet)`);
      const byJson = await read(false, file);
      expect(byJson).toEqual(await read(true, file));
      expect(byJson).toHaveLength(3);
      expect((byJson[1] as { record: { values: Record<string, unknown> } }).record.values.big).toBe("9007199254740993");
      // NaN and infinities, which JSON cannot hold: the file is read value by value, and alike.
      const special = path.join(work, "special.parquet");
      await connection.run(
        `COPY (SELECT * FROM (VALUES ('a', 'NaN'::DOUBLE), ('b', 'inf'::DOUBLE), ('c', 2.5)) AS t(id, d)) TO '${special}' (FORMAT parquet)`,
      );
      const values = (await read(false, special)).map((r) => (r as { record: { values: Record<string, unknown> } }).record.values.d);
      expect(values).toEqual([Number.NaN, Number.POSITIVE_INFINITY, 2.5]);
    } finally {
      connection.closeSync();
    }
  });

  it("refuses a name DuckDB would read as a pattern over other files", async () => {
    const { parquet } = await bothFiles("plain", leadsAt(corpusAsOf, 10, 84));
    const globbed = path.join(work, "p*.parquet");
    writeFileSync(globbed, readFileSync(parquet));
    const run = await runCli(["simulate", "--policies", bundledPolicies, "--leads", globbed, "--as-of", corpusAsOf]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("as a pattern over other files");
  });

  it("is not something sample writes, nor XLSX: it says so instead of writing an empty file", async () => {
    for (const name of ["s.parquet", "s.xlsx"]) {
      const out = path.join(work, name);
      const run = await runCli(["sample", "--policies", bundledPolicies, "--count", "3", "--out", out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("sample cannot write");
      expect(existsSync(out)).toBe(false);
    }
  });
});
