/**
 * `leadrules simulate`: a lead file decided by every policy, one row per lead
 * in the chosen format and a summary, streamed to a sink or atomically into a
 * file, on worker threads when `chooseWorkers` says they pay off.
 */
import { InvalidPoliciesError, type Diagnostic } from "../diagnostics/index.js";
import type { SimulateEngineName } from "../compile/engine-names.js";
import type { PolicySet } from "../model/policy-set.js";
import { specOf } from "../model/policy-set.js";
import { displayPath } from "../load/read-policy-files.js";
import type { ReadReport } from "../input/read-report.js";
import { simulateStream, type SimulateOptions } from "../simulate/simulate-leads.js";
import { readLeadRecords } from "../load/read-leads.js";
import { resolveReadSettings } from "../input/read-settings.js";
import type { DiagnosisOnly, SimulationSummary } from "../simulate/summary.js";
import type { ValidationResult } from "../verify/validate-policies.js";
import { simulationWriters, type SimulationFormat } from "../format/simulation-formats.js";
import { simulateFileInParallel } from "../parallel/simulate-parallel.js";
import { chooseWorkers } from "../parallel/choose-workers.js";
import { openAtomicFile } from "../write/write-files.js";
import { assertLeadOutputs, openLeads, type LeadInputFlags } from "./open-leads.js";
import { createFusedSimulator, simulateStreamFused } from "../fused/simulate-fused.js";

export interface SimulateFileOptions extends LeadInputFlags {
  /** The policy folder (no output may go into it). */
  policies: string;
  leads: string;
  asOf: string;
  /** Write the rows to this file (atomically) instead of `write`. */
  out?: string;
  format: SimulationFormat;
  engine: SimulateEngineName;
  /** Stop at the first bad row. */
  strict?: boolean;
  /** Worker threads asked for; `chooseWorkers` decides whether they are used. */
  workers: number;
  /** With the duckdb engine, DuckDB's memory limit (its syntax: `500MB`, `2GB`); default 500MB. */
  memoryLimit?: string;
  /** CSV cells exactly as they are. */
  rawCsv?: boolean;
  /** Called as leads are decided, with the count so far when known. */
  onProgress?: (rows?: number) => void;
  /**
   * Simulate policies whose only errors are decision-logic findings (`logic/*`), for diagnosis: the summary
   * and every NDJSON row say so. Schema, YAML and reference errors still refuse: such policies cannot be compiled.
   */
  allowInvalid?: boolean;
}

/** Which policies `simulate` runs: the set, or null and the errors that refuse it; `diagnosisOnly` when errors were allowed. */
export interface SimulationPolicies {
  set: PolicySet | null;
  refusedBy: Diagnostic[];
  diagnosisOnly?: DiagnosisOnly;
}

/**
 * Decides whether validated policies may be simulated: without errors, yes; with errors, only when
 * `allowInvalid` and every error is a decision-logic finding (the set compiled, only its meaning is wrong).
 */
export function policiesToSimulate(validation: ValidationResult, options: { allowInvalid?: boolean } = {}): SimulationPolicies {
  const errors = validation.diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0) return { set: validation.set, refusedBy: [] };
  const refusedBy = options.allowInvalid ? errors.filter((d) => !d.code.startsWith("logic/")) : errors;
  if (refusedBy.length > 0) return { set: null, refusedBy };
  const codes = [...new Set(errors.map((d) => d.code))].sort();
  return { set: validation.set, refusedBy: [], diagnosisOnly: { errors: errors.length, codes } };
}

export interface SimulateFileResult {
  summary: SimulationSummary;
  diagnostics: Diagnostic[];
  read: ReadReport;
}

/**
 * Simulates a lead file; the output goes to `write` (in chunks) unless `out` is given. Given a validation
 * result (`validatePolicyDirectory`), policies with errors are refused (`InvalidPoliciesError`) unless
 * `allowInvalid` admits them (see `policiesToSimulate`); a bare policy set is taken as valid.
 */
export async function simulateLeadFile(
  policies: PolicySet | ValidationResult,
  options: SimulateFileOptions,
  write: (text: string) => void,
): Promise<SimulateFileResult> {
  const chosen: SimulationPolicies = "diagnostics" in policies ? policiesToSimulate(policies, options) : { set: policies, refusedBy: [] };
  if (!chosen.set) throw new InvalidPoliciesError(chosen.refusedBy);
  const set = chosen.set;
  const diagnosisOnly = chosen.diagnosisOnly;
  const dimensions = specOf(set, "ScoringModel")?.dimensions.map((d) => d.id) ?? [];
  const meta = { asOf: options.asOf, dimensions, ...(options.rawCsv ? { rawCsv: true } : {}), ...(diagnosisOnly ? { diagnosisOnly } : {}) };
  const writer = simulationWriters[options.format](meta);
  // Rows are written as they are decided: to the sink, or streamed into a temporary file renamed at the end.
  assertLeadOutputs(
    options.leads,
    options,
    set.policies.map((p) => p.file),
  );
  const opened = openLeads(options.leads, options, specOf(set, "DataDictionary")!);
  const file = options.out ? openAtomicFile(options.out) : undefined;
  // Rows go into the file's chunks, or are gathered for the sink a thousand at a time.
  let pending = "";
  const emit = (text: string) => {
    if (file) file.append(text);
    else pending += text;
  };
  const flush = async () => {
    if (file) await file.drain();
    else if (pending) write(pending);
    pending = "";
  };
  const progress = options.onProgress ?? (() => {});
  try {
    emit(writer.header());
    const duckdb = options.engine === "duckdb";
    const simulateOptions = {
      asOf: options.asOf,
      engine: options.engine === "duckdb" ? ("compiled" as const) : options.engine,
      file: displayPath(options.leads),
      ...opened.read,
      ...(options.strict ? { strict: true } : {}),
    };
    // DuckDB runs its own threads (--workers of them): the leads are read and normalized by this one.
    const workers = duckdb
      ? 1
      : chooseWorkers({
          requested: options.workers,
          file: options.leads,
          engine: simulateOptions.engine,
          format: options.format,
          join: options.join !== undefined,
          rejects: options.rejects !== undefined,
        });
    const drain = async () => {
      progress();
      await flush();
    };
    // The formats the fused row function writes (ndjson, json, csv) take the fused path when the policy set allows it.
    const fused = duckdb || workers > 1 || !writer.fused ? undefined : createFusedSimulator(set, simulateOptions, writer.fused);
    const result = duckdb
      ? await (await import("../duckdb/simulate-duckdb.js")).simulateStreamDuckDb(
          set,
          opened.inputs,
          { ...simulateOptions, threads: options.workers, memoryLimit: options.memoryLimit },
          (row) => emit(writer.row(row)),
          drain,
        )
      : workers > 1
        ? await simulateFileInParallel(
            set,
            options.leads,
            { ...simulateOptions, workers, format: options.format, meta },
            (bytes) => (file ? file.appendBytes(bytes) : emit(Buffer.from(bytes).toString())),
            flush,
            progress,
          )
        : fused && writer.fused
          ? await simulateStreamFused(fused, opened.inputs, simulateOptions, (text) => emit(writer.fused!.row(text)), drain)
          : await simulateStream(set, opened.inputs, simulateOptions, (row) => emit(writer.row(row)), drain);
    await opened.finish(result.read);
    const summary = diagnosisOnly ? { diagnosisOnly, ...result.summary } : result.summary;
    emit(writer.footer(summary));
    await flush();
    await file?.commit();
    return { summary, diagnostics: result.diagnostics, read: result.read };
  } catch (error) {
    file?.abort();
    opened.abort();
    throw error;
  }
}

/** Simulates the leads in a file (CSV, NDJSON, JSON, YAML or XLSX), streaming; `drain` is awaited between batches of rows. */
export async function simulateFile(
  set: PolicySet,
  file: string,
  options: SimulateOptions,
  onRow: Parameters<typeof simulateStream>[3],
  drain?: () => Promise<void>,
) {
  const read =
    options.read ?? resolveReadSettings(specOf(set, "DataDictionary")!, options.source !== undefined ? { source: options.source } : {});
  return simulateStream(set, readLeadRecords(file, { layout: read.layout }), { file: displayPath(file), ...options, read }, onRow, drain);
}
