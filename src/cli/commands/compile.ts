import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import { sqlDialectNames } from "../../compile/sql-dialect.js";
import type { CompileCommandOptions } from "../actions/compile.js";
import { reportFormats } from "../../format/format-names.js";
import { type CommandRunner, choice, isoTimestamp, outputPath } from "../options.js";

const compileTargets = ["rules", "sql", "dbt"] as const satisfies readonly CompileCommandOptions["target"][];

export function registerCompile(program: Command, run: CommandRunner): void {
  program
    .command("compile")
    .description("write the policies for other engines: json-rules-engine rule sets (rules), SQL views (sql), or a dbt package (dbt)")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--target <target>", `what to write: ${compileTargets.join(" or ")}`, choice(compileTargets), "rules")
    .option("--dialect <dialect>", `SQL dialect for --target sql and dbt: ${sqlDialectNames.join(", ")}`, choice(sqlDialectNames), "duckdb")
    .option("--as-of <iso>", "--target sql and dbt: the time the SQL decides as of (required: the SQL holds it)", isoTimestamp)
    .option("--out <dir>", "output folder (default: generated/rules, generated/sql or generated/dbt for --target sql or dbt)", outputPath)
    .option("--check", "exit 1 and list the files that are stale, missing or no longer produced, instead of writing")
    .option("--format <format>", `output format: ${reportFormats.join(", ")}`, choice(reportFormats), "text")
    .addHelpText(
      "after",
      examplesAndExitCodes([
        "compile",
        "compile --check --format json",
        "compile --target sql --dialect postgres --as-of 2026-06-01T12:00:00Z",
      ]),
    )
    .action((options: CompileCommandOptions) =>
      run(async (io, context) => (await import("../actions/compile.js")).compileCommand(options, io, context)),
    );
}
