import { sampleLeadFile, type SampleFileOptions } from "../../api/sample-lead-file.js";
import { ExitCode } from "../../diagnostics/index.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import type { RunContext } from "../options.js";

export async function sampleCommand(options: SampleFileOptions, io: CliIo, context: RunContext): Promise<number> {
  const set = await loadValidPolicies(options.policies, io, context.cache);
  if (!set) return ExitCode.policyFailure;
  await sampleLeadFile(set, options, io.stdout);
  if (options.out) io.stdout(`wrote ${options.count} leads to ${options.out}\n`);
  return ExitCode.ok;
}
