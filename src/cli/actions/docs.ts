import { generateDocs } from "../../api/generate-files.js";
import { ExitCode } from "../../diagnostics/index.js";
import type { ReportFormat } from "../../format/format-names.js";
import { printGeneratedJson, reportDrift } from "../drift.js";
import type { CliIo } from "../io.js";
import { loadPoliciesOrErrors, loadValidPolicies } from "../load-valid-policies.js";
import type { RunContext } from "../options.js";

export interface DocsOptions {
  policies: string;
  out: string;
  check?: boolean;
  format: ReportFormat;
}

export async function docsCommand(options: DocsOptions, io: CliIo, context: RunContext): Promise<number> {
  if (options.format === "json") {
    const { set, errors } = await loadPoliciesOrErrors(options.policies, context.cache);
    return printGeneratedJson(set ? generateDocs(set, options) : null, errors ?? [], options.check ?? false, io);
  }
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
