/**
 * `leadrules docs` and `leadrules compile`: the generated folders the policies
 * produce (the Data Definitions' docs/ and site/, the json-rules-engine rule
 * sets), either compared with what is on disk (`check`) or written through
 * their manifests.
 */
import path from "node:path";
import type { PolicySet } from "../model/policy-set.js";
import { planPolicies } from "../compile/plan.js";
import { compileRuleSets } from "../compile/compile-rules.js";
import { renderDocs } from "../render/render-docs.js";
import { editorSchemas } from "../render/editor-schemas.js";
import { shippedSchemas } from "../validate/schemas.js";
import { sqlDialects, type SqlDialectName } from "../compile/sql-dialect.js";
import { renderDbt } from "../sql/render-dbt.js";
import { renderSql } from "../sql/render-sql.js";
import { findDrift, type DriftEntry } from "../write/drift.js";
import {
  assertSafeOutputFolder,
  withManifest,
  writeGeneratedFolders,
  type GeneratedFolder,
  type WriteReport,
} from "../write/generated-folder.js";

export interface GenerateOptions {
  /** The policy folder: never written. */
  policies: string;
  out: string;
  /** Compare instead of writing. */
  check?: boolean;
}

/** A generated folder compared with what the policies produce now (its manifest included). */
export interface FolderCheck {
  directory: string;
  /** Files the folder should hold, the manifest included. */
  files: number;
  drift: DriftEntry[];
}

export type GenerateResult = { check: true; folders: FolderCheck[] } | { check: false; folders: (WriteReport & { directory: string })[] };

/** The json-rules-engine rule sets of a valid policy set: file name -> JSON text. */
export function compilePolicies(set: PolicySet): Map<string, string> {
  return compileRuleSets(planPolicies(set));
}

/** `compile`: the rule sets in `out`. */
export function generateRules(set: PolicySet, options: GenerateOptions): GenerateResult {
  return generate([{ directory: options.out, files: compilePolicies(set) }], "leadrules compile", options);
}

/** `compile --target sql`: leads.sql, pipeline.sql and, with routing, business-intervals.sql in `out`. */
export function generateSql(set: PolicySet, options: GenerateOptions & { dialect: SqlDialectName; asOfMs: number }): GenerateResult {
  const files = renderSql(planPolicies(set), sqlDialects[options.dialect], options.asOfMs);
  return generate([{ directory: options.out, files }], "leadrules compile --target sql", options);
}

/** `compile --target dbt`: the dbt package (dbt_project.yml, models/, seeds/) in `out`. */
export function generateDbt(set: PolicySet, options: GenerateOptions & { dialect: SqlDialectName; asOfMs: number }): GenerateResult {
  const files = renderDbt(planPolicies(set), sqlDialects[options.dialect], options.asOfMs);
  return generate([{ directory: options.out, files }], "leadrules compile --target dbt", options);
}

/** `docs`: the Data Definitions in `out`/docs and `out`/site; other folders under `out` (rules/) belong to other commands. */
export function generateDocs(set: PolicySet, options: GenerateOptions): GenerateResult {
  const files = renderDocs(set);
  const folders = ["docs", "site"].map((group) => ({
    directory: path.join(options.out, group),
    files: new Map(
      [...files].filter(([file]) => file.startsWith(`${group}/`)).map(([file, content]) => [file.slice(group.length + 1), content]),
    ),
  }));
  // --out itself is checked too: `docs --out .` must not create docs/ and site/ beside a repository's own.
  if (!options.check) assertSafeOutputFolder(options.out, [options.policies]);
  return generate(folders, "leadrules docs", options);
}

/** `schemas`: the schemas for editors (render/editor-schemas.ts) in `out`. */
export function generateSchemas(options: GenerateOptions): GenerateResult {
  return generate([{ directory: options.out, files: editorSchemas(shippedSchemas()) }], "leadrules schemas", options);
}

function generate(folders: GeneratedFolder[], writer: string, options: GenerateOptions): GenerateResult {
  if (options.check) {
    return {
      check: true,
      folders: folders.map((f) => {
        const expected = withManifest(f.files, writer);
        return { directory: f.directory, files: expected.size, drift: findDrift(f.directory, expected) };
      }),
    };
  }
  const reports = writeGeneratedFolders(folders, { writer, protect: [options.policies] });
  return { check: false, folders: folders.map((f, i) => ({ directory: f.directory, ...reports[i]! })) };
}
