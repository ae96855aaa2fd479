import { generateDbt, generateRules, generateSql } from "../../api/generate-files.js";
import { ExitCode, UsageError } from "../../diagnostics/index.js";
import type { SqlDialectName } from "../../compile/sql-dialect.js";
import type { ReportFormat } from "../../format/format-names.js";
import { printGeneratedJson, reportDrift } from "../drift.js";
import type { CliIo } from "../io.js";
import { loadPoliciesOrErrors, loadValidPolicies } from "../load-valid-policies.js";
import type { PolicySet } from "../../model/policy-set.js";
import type { RunContext } from "../options.js";

export interface CompileCommandOptions {
  policies: string;
  target: "rules" | "sql" | "dbt";
  dialect: SqlDialectName;
  asOf?: string;
  out?: string;
  check?: boolean;
  format: ReportFormat;
}

export async function compileCommand(options: CompileCommandOptions, io: CliIo, context: RunContext): Promise<number> {
  if (options.target !== "rules" && options.asOf === undefined)
    throw new UsageError(
      `compile --target ${options.target} needs --as-of: the SQL decides as of one time (date conditions, decay, content approvals)`,
      "Add --as-of, e.g. --as-of 2026-06-01T12:00:00Z, and compile again for another time.",
    );
  const out = options.out ?? `generated/${options.target}`;
  if (options.format === "json") {
    const { set, errors } = await loadPoliciesOrErrors(options.policies, context.cache);
    return printGeneratedJson(set ? generate(set, options, out) : null, errors ?? [], options.check ?? false, io);
  }
  const set = await loadValidPolicies(options.policies, io, context.cache);
  if (!set) return ExitCode.policyFailure;
  const result = generate(set, options, out);
  if (result.check)
    return reportDrift(
      result.folders,
      options.target === "rules" ? "npx leadrules compile" : `npx leadrules compile --target ${options.target} --as-of ${options.asOf}`,
      io,
    );
  for (const folder of result.folders) {
    for (const file of folder.written) io.stdout(`wrote ${out}/${file}\n`);
    for (const file of folder.removed) io.stdout(`removed ${out}/${file}\n`);
  }
  return ExitCode.ok;
}

function generate(set: PolicySet, options: CompileCommandOptions, out: string) {
  const files = { policies: options.policies, out, ...(options.check ? { check: true } : {}) };
  const sql = { ...files, dialect: options.dialect, asOfMs: Date.parse(options.asOf!) };
  return options.target === "sql" ? generateSql(set, sql) : options.target === "dbt" ? generateDbt(set, sql) : generateRules(set, files);
}
