import { explainLeadFile } from "../../api/explain-lead-file.js";
import type { LeadInputFlags } from "../../api/open-leads.js";
import { ExitCode } from "../../diagnostics/index.js";
import { formatExplainText } from "../../format/explain-text.js";
import { factLabels } from "../../render/fact-labels.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies, printRowWarnings } from "../load-valid-policies.js";
import { printReadReport } from "../lead-input.js";
import type { RunContext } from "../options.js";

export interface ExplainOptions extends LeadInputFlags {
  leads: string;
  lead: string;
  policies: string;
  asOf?: string;
  format: "text" | "json";
}

export async function explainCommand(options: ExplainOptions, io: CliIo, context: RunContext): Promise<number> {
  const set = await loadValidPolicies(options.policies, io, context.cache);
  if (!set) return ExitCode.policyFailure;
  const { report, diagnostics, read } = await explainLeadFile(set, { ...options, asOf: options.asOf ?? new Date().toISOString() });
  io.stdout(
    options.format === "json" ? JSON.stringify({ read, ...report }, null, 2) + "\n" : formatExplainText(report, factLabels(set), read),
  );
  printRowWarnings(diagnostics, io);
  return printReadReport(read, io, options.rejects);
}
