import type { Command } from "commander";
import { ExitCode, ownersFile } from "../../index.js";
import { formatOwnersCheck, formatOwnersWarnings } from "../../format/owners-report.js";
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
  const { state, problems } = await ownersFile(set, options);
  if (options.check) {
    io.stderr(formatOwnersCheck(options.out, state, problems));
    return state === "current" && problems.length === 0 ? ExitCode.ok : ExitCode.policyFailure;
  }
  io.stdout(`wrote ${options.out}\n`);
  io.stderr(formatOwnersWarnings(problems));
  return ExitCode.ok;
}
