import { policyDirectoryDiagnostics } from "../../api/cached-validation.js";
import { ExitCode, hasErrors } from "../../diagnostics/index.js";
import { diagnosticFormatters, type DiagnosticFormat } from "../../format/diagnostics-format.js";
import type { CliIo } from "../io.js";
import type { RunContext } from "../options.js";
import { sarifTool } from "../package-info.js";

export async function validateCommand(
  options: { policies: string; format: DiagnosticFormat; verbose?: boolean },
  io: CliIo,
  context: RunContext,
): Promise<number> {
  const { diagnostics, sources } = await policyDirectoryDiagnostics(options.policies, { cache: context.cache });
  const text = diagnosticFormatters[options.format]({
    diagnostics,
    sources,
    verbose: options.verbose ?? false,
    tool: sarifTool(),
    policies: options.policies,
  });
  // Annotations are workflow commands on purpose; their values are escaped by the github formatter.
  if (options.format === "github") (io.workflowCommands ?? io.stdout)(text);
  else io.stdout(text);
  return hasErrors(diagnostics) ? ExitCode.policyFailure : ExitCode.ok;
}
