/**
 * `leadrules sample`: seeded synthetic leads for the dictionary, rendered as a
 * lead file (CSV the way `source` exports it, NDJSON, JSON or YAML) and
 * streamed to a sink or atomically into a file.
 */
import path from "node:path";
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import { leadFormatOf } from "../load/read-leads.js";
import { UsageError } from "../diagnostics/index.js";
import { assertKnownSource } from "../input/read-settings.js";
import { generateLeadStream, generateLeads } from "../sample/generate-leads.js";
import { makeProductionExport } from "../sample/production-export.js";
import { renderLeadChunks } from "../render/leads-file.js";
import { assertOutputFile, openAtomicFile } from "../write/write-files.js";

export { maxSampleCount } from "../sample/max-sample-count.js";

export interface SampleFileOptions {
  policies: string;
  count: number;
  seed: number;
  asOf: string;
  /** Write CSV the way this system exports it. */
  source?: string;
  /** Write to this file (its extension picks the format) instead of CSV to the sink. */
  out?: string;
  /** A production export for `audit`, with seeded deviations. */
  production?: boolean;
}

export async function sampleLeadFile(set: PolicySet, options: SampleFileOptions, write: (text: string) => void): Promise<void> {
  const dictionary = specOf(set, "DataDictionary")!;
  assertKnownSource(dictionary, options.source);
  if (options.out)
    assertOutputFile(options.out, {
      inputs: set.policies.map((p) => p.file),
      policies: options.policies,
      allowedUnder: path.join(options.policies, "samples"),
    });
  const sampleOptions = { count: options.count, seed: options.seed, asOf: options.asOf };
  // Plain samples are generated, rendered and written one lead at a time; a production export needs every
  // lead at once (it simulates and audits them), so it is held in memory.
  const leads = options.production
    ? (await makeProductionExport(set, generateLeads(dictionary, sampleOptions), options.asOf)).records
    : generateLeadStream(dictionary, sampleOptions);
  const format = options.out ? leadFormatOf(options.out) : "csv";
  // Spreadsheets and Parquet are read, not written: an empty file named .xlsx would pass for a sample.
  if (format === "xlsx" || format === "parquet")
    throw new UsageError(
      `sample cannot write ${format === "xlsx" ? "an XLSX" : "a Parquet"} file (${options.out})`,
      "Write .csv, .ndjson, .json or .yaml, and convert it with the tool that reads it (a spreadsheet, or DuckDB's COPY ... (FORMAT parquet)).",
    );
  const chunks = renderLeadChunks(leads, dictionary, format, options.source);
  if (!options.out) {
    let pending = "";
    for (const chunk of chunks) {
      pending += chunk;
      if (pending.length >= 1 << 16) {
        write(pending);
        pending = "";
      }
    }
    if (pending) write(pending);
    return;
  }
  const file = openAtomicFile(options.out);
  try {
    let pieces = 0;
    for (const chunk of chunks) {
      file.append(chunk);
      if (++pieces % 1000 === 0) await file.drain();
    }
    await file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
}
