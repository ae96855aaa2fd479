import { generateRules } from "../../api/generate-files.js";
import { ExitCode } from "../../diagnostics/index.js";
import { reportDrift } from "../drift.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import type { RunContext } from "../options.js";

export async function compileCommand(
  options: { policies: string; out: string; check?: boolean },
  io: CliIo,
  context: RunContext,
): Promise<number> {
  const set = await loadValidPolicies(options.policies, io, context.cache);
  if (!set) return ExitCode.policyFailure;
  const result = generateRules(set, options);
  if (result.check) return reportDrift(result.folders, "npx leadrules compile", io);
  for (const folder of result.folders) {
    for (const file of folder.written) io.stdout(`wrote ${options.out}/${file}\n`);
    for (const file of folder.removed) io.stdout(`removed ${options.out}/${file}\n`);
  }
  return ExitCode.ok;
}
