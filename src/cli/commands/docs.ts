import type { Command } from "commander";
import { ExitCode, generateDocs } from "../../index.js";
import type { CliIo } from "../io.js";
import { reportDrift } from "../drift.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import { type CommandRunner, outputPath } from "../options.js";

export function registerDocs(program: Command, run: CommandRunner): void {
  program
    .command("docs")
    .description("render the Data Definitions: Markdown (docs/) and a searchable HTML site (site/)")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--out <dir>", "output folder", outputPath, "generated")
    .option("--check", "exit 1 and list stale, missing or extra files instead of writing")
    .action((options: { policies: string; out: string; check?: boolean }) => run((io) => docsCommand(options, io)));
}

function docsCommand(options: { policies: string; out: string; check?: boolean }, io: CliIo): number {
  const set = loadValidPolicies(options.policies, io);
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
