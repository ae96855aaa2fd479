import { generateDocs } from "../../api/generate-files.js";
import { ExitCode } from "../../diagnostics/index.js";
import { reportDrift } from "../drift.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import type { RunContext } from "../options.js";

export async function docsCommand(
  options: { policies: string; out: string; check?: boolean },
  io: CliIo,
  context: RunContext,
): Promise<number> {
  const set = await loadValidPolicies(options.policies, io, context.cache);
  if (!set) return ExitCode.policyFailure;
  const result = generateDocs(set, options);
  if (result.check) return reportDrift(result.folders, "npx leadrules docs", io);
  for (const folder of result.folders) {
    io.stdout(
      `wrote ${folder.written.length} files to ${folder.directory}${folder.removed.length ? `, removed ${folder.removed.join(", ")}` : ""}\n`,
    );
  }
  return ExitCode.ok;
}
