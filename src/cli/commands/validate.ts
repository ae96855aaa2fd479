import type { Command } from "commander";
import { ExitCode, hasErrors, validatePolicyDirectory } from "../../index.js";
import { diagnosticFormatters, diagnosticFormats, type DiagnosticFormat } from "../../format/diagnostics-format.js";
import type { CliIo } from "../io.js";
import { choice, type CommandRunner } from "../options.js";

export function registerValidate(program: Command, run: CommandRunner): void {
  program
    .command("validate")
    .description("check policies: YAML, schema, cross-references and types")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--format <format>", `output format: ${diagnosticFormats.join(", ")}`, choice(diagnosticFormats), "text")
    .option("--verbose", "also show notes (e.g. routing rules whose order decides)")
    .action((options: { policies: string; format: DiagnosticFormat; verbose?: boolean }) => run((io) => validateCommand(options, io)));
}

export function validateCommand(options: { policies: string; format: DiagnosticFormat; verbose?: boolean }, io: CliIo): number {
  const { diagnostics, sources } = validatePolicyDirectory(options.policies);
  const text = diagnosticFormatters[options.format]({ diagnostics, sources, verbose: options.verbose ?? false });
  // Annotations are workflow commands on purpose; their values are escaped by the github formatter.
  if (options.format === "github") (io.workflowCommands ?? io.stdout)(text);
  else io.stdout(text);
  return hasErrors(diagnostics) ? ExitCode.policyFailure : ExitCode.ok;
}
