import { ExitCode, explainLeadFile, factLabels, type LeadInputFlags } from "../../index.js";
import type { Command } from "commander";
import { formatExplainText } from "../../format/explain-text.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies, printRowWarnings } from "../load-valid-policies.js";
import { leadInputOptions, printReadReport } from "../lead-input.js";
import { choice, isoTimestamp, type CommandRunner } from "../options.js";

interface ExplainOptions extends LeadInputFlags {
  leads: string;
  lead: string;
  policies: string;
  asOf?: string;
  format: "text" | "json";
}

export function registerExplain(program: Command, run: CommandRunner): void {
  leadInputOptions(
    program
      .command("explain")
      .description("show why one lead got its score, stage, queue, content and retention")
      .requiredOption("--leads <file>", "leads as .csv, .tsv, .xlsx, .ndjson, .json or .yaml")
      .requiredOption("--lead <id>", "the lead's id")
      .option("--policies <dir>", "policy folder", "policies")
      .option("--as-of <iso>", "evaluate at this time (default: now)", isoTimestamp)
      .option("--format <format>", "text or json", choice(["text", "json"] as const), "text"),
  ).action((options: ExplainOptions) => run(async (io) => explainCommand(options, io)));
}

async function explainCommand(options: ExplainOptions, io: CliIo): Promise<number> {
  const set = loadValidPolicies(options.policies, io);
  if (!set) return ExitCode.policyFailure;
  const { report, diagnostics, read } = await explainLeadFile(set, { ...options, asOf: options.asOf ?? new Date().toISOString() });
  io.stdout(
    options.format === "json" ? JSON.stringify({ read, ...report }, null, 2) + "\n" : formatExplainText(report, factLabels(set), read),
  );
  printRowWarnings(diagnostics, io);
  return printReadReport(read, io, options.rejects);
}
