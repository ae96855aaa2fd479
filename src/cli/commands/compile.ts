import type { Command } from "commander";
import { ExitCode, generateRules } from "../../index.js";
import { reportDrift } from "../drift.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import { type CommandRunner, outputPath } from "../options.js";

export function registerCompile(program: Command, run: CommandRunner): void {
  program
    .command("compile")
    .description("write json-rules-engine rule sets for every policy")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--out <dir>", "output folder", outputPath, "generated/rules")
    .option("--check", "exit 1 and list the files that are stale, missing or no longer produced, instead of writing")
    .action((options: { policies: string; out: string; check?: boolean }) => run((io) => compileCommand(options, io)));
}

function compileCommand(options: { policies: string; out: string; check?: boolean }, io: CliIo): number {
  const set = loadValidPolicies(options.policies, io);
  if (!set) return ExitCode.policyFailure;
  const result = generateRules(set, options);
  if (result.check) return reportDrift(result.folders, "npx leadrules compile", io);
  for (const folder of result.folders) {
    for (const file of folder.written) io.stdout(`wrote ${options.out}/${file}\n`);
    for (const file of folder.removed) io.stdout(`removed ${options.out}/${file}\n`);
  }
  return ExitCode.ok;
}
