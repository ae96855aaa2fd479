import type { Command } from "commander";
import { ExitCode, hasErrors } from "../../diagnostics/index.js";
import { formatText } from "../../format/diagnostics-format.js";
import { formatPolicySummary } from "../../format/summary-text.js";
import { summarizePolicies, validatePolicyDirectory } from "../../index.js";
import type { CliIo } from "../io.js";
import type { CommandRunner } from "../options.js";

export function registerRun(program: Command, run: CommandRunner): void {
  program
    .command("run")
    .description("the main job (npm start): validate the policies and print what they define")
    .option("--policies <dir>", "policy folder", "policies")
    .action((options: { policies: string }) => run((io) => runCommand(options, io)));
}

export function runCommand(options: { policies: string }, io: CliIo): number {
  const { set, diagnostics, sources } = validatePolicyDirectory(options.policies);
  io.stdout(`leadrules: validating ${options.policies}/\n`);
  if (hasErrors(diagnostics)) {
    io.stdout(formatText({ diagnostics, sources }));
    return ExitCode.policyFailure;
  }
  io.stdout(`  ok: ${set.policies.length} policies, ${diagnostics.length} warnings\n\n`);
  io.stdout(formatPolicySummary(summarizePolicies(set)));
  return ExitCode.ok;
}
