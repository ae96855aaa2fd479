/**
 * The duckdb engine's staging (duckdb/stage-leads.ts): normalized leads written as NDJSON in the
 * database's own folder and read by DuckDB with every column typed hold what the leads held: text with
 * quotes, line breaks and characters outside the BMP, lists, booleans, doubles, missing values; a lone
 * surrogate (which UTF-8 cannot hold) becomes U+FFFD, as DuckDB's conversion from JavaScript makes it.
 */
import { expect, it } from "vitest";
import { openDuckDb } from "../src/load/duckdb-database.js";
import { LeadStaging } from "../src/duckdb/stage-leads.js";
import { jsonRows } from "../src/duckdb/json-rows.js";
import type { DictionarySpec } from "../src/model/policy.js";
import { createLeadsTable, leadColumns } from "../src/sql/lead-columns.js";
import { duckdb } from "./helpers/duckdb.js";

it("stages leads into the leads relation and reads them back as they were", async () => {
  const dictionary = {
    idField: "id",
    objects: [
      {
        fields: [
          { name: "id", type: "string" },
          { name: "note", type: "string" },
          { name: "tags", type: "multipicklist", values: ["a", "b\\ud800"] },
          { name: "count", type: "number" },
          { name: "flag", type: "boolean" },
          { name: "at", type: "datetime" },
        ],
      },
    ],
  } as unknown as DictionarySpec;
  const leads = [
    { id: "1", note: 'say "hi"\n\\ \u2028 😀 \u0000', tags: ["a"], count: 1.5e-7, flag: true, at: "2026-06-01T12:00:00.000Z" },
    { id: "2", note: "lone \ud800 here", tags: ["b\ud800"], count: -12345678.25, flag: false },
    { id: "3", note: null, tags: [], count: 1e300, flag: null, at: null },
    { id: "4" },
  ];
  const database = await openDuckDb({ memoryLimit: "100MB", threads: 1 });
  try {
    const columns = leadColumns(dictionary);
    await database.connection.run(createLeadsTable(dictionary, duckdb));
    const staging = LeadStaging.in(database.folder, "leads", columns);
    leads.forEach((lead, i) => staging.add(lead as never, i + 1));
    await staging.load(database.connection, "leads", duckdb);
    const rows = [];
    for await (const chunk of jsonRows(database.connection, "SELECT * FROM leads", "__lead_order", leads.length, duckdb))
      rows.push(...chunk);
    expect(rows).toEqual([
      { __lead_order: 1, ...leads[0] },
      { __lead_order: 2, id: "2", note: "lone \ufffd here", tags: ["b\ufffd"], count: -12345678.25, flag: false, at: null },
      { __lead_order: 3, ...leads[2] },
      { __lead_order: 4, id: "4", note: null, tags: null, count: null, flag: null, at: null },
    ]);
    // Fewer rows than the leads staged is an error, never a shorter output.
    const short = async () => {
      for await (const _ of jsonRows(database.connection, "SELECT * FROM leads", "__lead_order", leads.length + 1, duckdb));
    };
    await expect(short()).rejects.toThrow("DuckDB returned 4 rows of 5");
  } finally {
    database.close();
  }
});
