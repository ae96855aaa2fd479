import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { ExitCode } from "../../diagnostics/index.js";
import { planOwners } from "../../index.js";
import { assertOutputFile, writeFileAtomically } from "../../write/write-files.js";
import { textCell } from "../../render/escape/text.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import { type CommandRunner, outputPath } from "../options.js";

interface OwnersOptions {
  policies: string;
  out: string;
  teamPrefix: string;
  check?: boolean;
}

export function registerOwners(program: Command, run: CommandRunner): void {
  program
    .command("owners")
    .description("generate .github/CODEOWNERS: a hand-written section for code and tooling, then each policy's metadata.owners")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--out <file>", "CODEOWNERS file", outputPath, ".github/CODEOWNERS")
    .option("--team-prefix <prefix>", "prefix that turns an owner id into a GitHub team", "@northwind/")
    .option("--check", "exit 1 when the file is missing or stale, or a tracked path has no owner, instead of writing it")
    .action((options: OwnersOptions) => run((io) => ownersCommand(options, io)));
}

async function ownersCommand(options: OwnersOptions, io: CliIo): Promise<number> {
  const set = loadValidPolicies(options.policies, io);
  if (!set) return ExitCode.policyFailure;
  if (!options.check) assertOutputFile(options.out, { inputs: set.policies.map((p) => p.file), policies: options.policies });
  const current = readIfPresent(options.out);
  const { expected, problems } = await planOwners({ set, policies: options.policies, teamPrefix: options.teamPrefix, current, file: options.out });
  if (options.check) {
    if (current !== expected) io.stderr(`${options.out} is ${current === undefined ? "missing" : "stale"}: run \`npx leadrules owners\` and commit it\n`);
    for (const problem of problems) io.stderr(`error: ${textCell(problem)}\n`);
    return current === expected && problems.length === 0 ? ExitCode.ok : ExitCode.policyFailure;
  }
  writeFileAtomically(options.out, expected);
  io.stdout(`wrote ${options.out}\n`);
  for (const problem of problems) io.stderr(`warning: ${textCell(problem)}\n`);
  return ExitCode.ok;
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
