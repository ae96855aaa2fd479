import type { Command } from "commander";
import { ExitCode } from "../../diagnostics/index.js";
import { formatExplainText } from "../../format/explain-text.js";
import { explainLeadInFile, factLabels } from "../../index.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies, printRowProblems } from "../load-valid-policies.js";
import { choice, isoTimestamp, type CommandRunner } from "../options.js";

export function registerExplain(program: Command, run: CommandRunner): void {
  program
    .command("explain")
    .description("show why one lead got its score, stage, queue, content and retention")
    .requiredOption("--leads <file>", "leads as .csv, .ndjson, .json or .yaml")
    .requiredOption("--lead <id>", "the lead's id")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--as-of <iso>", "evaluate at this time (default: now)", isoTimestamp)
    .option("--source <system>", "read columns by this system's mapping in the data dictionary")
    .option("--format <format>", "text or json", choice(["text", "json"] as const), "text")
    .action((options: { leads: string; lead: string; policies: string; asOf?: string; source?: string; format: "text" | "json" }) =>
      run(async (io) => explainCommand(options, io)),
    );
}

async function explainCommand(options: { leads: string; lead: string; policies: string; asOf?: string; source?: string; format: "text" | "json" }, io: CliIo): Promise<number> {
  const set = loadValidPolicies(options.policies, io);
  if (!set) return ExitCode.policyFailure;
  const asOf = options.asOf ?? new Date().toISOString();
  const { report, diagnostics } = await explainLeadInFile(set, options.leads, options.lead, { asOf, ...(options.source ? { source: options.source } : {}) });
  io.stdout(options.format === "json" ? JSON.stringify(report, null, 2) + "\n" : formatExplainText(report, factLabels(set)));
  return printRowProblems(diagnostics, io);
}
