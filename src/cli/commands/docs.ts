import path from "node:path";
import type { Command } from "commander";
import { ExitCode } from "../../diagnostics/index.js";
import { renderDocs } from "../../render/render-docs.js";
import { assertSafeOutputFolder, withManifest, writeGeneratedFolders } from "../../write/generated-folder.js";
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
  const files = renderDocs(set);
  // docs/ and site/ are ours to prune; other folders under --out (rules/) belong to other commands.
  const groups = ["docs", "site"].map((group) => ({
    directory: path.join(options.out, group),
    files: new Map([...files].filter(([file]) => file.startsWith(`${group}/`)).map(([file, content]) => [file.slice(group.length + 1), content])),
  }));
  const writer = "leadrules docs";
  if (options.check) {
    return Math.max(...groups.map((g) => reportDrift(g.directory, withManifest(g.files, writer), "npx leadrules docs", io)));
  }
  // --out itself is checked too: `docs --out .` must not create docs/ and site/ beside a repository's own.
  assertSafeOutputFolder(options.out, [options.policies]);
  const reports = writeGeneratedFolders(groups, { writer, protect: [options.policies] });
  for (const [i, g] of groups.entries()) {
    const report = reports[i]!;
    io.stdout(`wrote ${report.written.length} files to ${g.directory}${report.removed.length ? `, removed ${report.removed.join(", ")}` : ""}\n`);
  }
  return ExitCode.ok;
}
