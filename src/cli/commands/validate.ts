import type { Command } from "commander";
import { examplesAndExitCodes } from "../help.js";
import { diagnosticFormats, type DiagnosticFormat } from "../../format/diagnostics-format.js";
import { choice, type CommandRunner } from "../options.js";

export function registerValidate(program: Command, run: CommandRunner): void {
  program
    .command("validate")
    .description("check policies: YAML, schema, cross-references and types")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--format <format>", `output format: ${diagnosticFormats.join(", ")}`, choice(diagnosticFormats), "text")
    .option("--verbose", "also show notes (e.g. routing rules whose order decides)")
    .addHelpText(
      "after",
      examplesAndExitCodes([
        "validate",
        "validate --format github                 # annotations on the PR's lines",
        "validate --format sarif > leadrules.sarif   # for GitHub code scanning",
      ]),
    )
    .action((options: { policies: string; format: DiagnosticFormat; verbose?: boolean }) =>
      run(async (io, context) => (await import("../actions/validate.js")).validateCommand(options, io, context)),
    );
}
