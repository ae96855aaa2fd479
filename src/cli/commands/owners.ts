import { readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { ExitCode } from "../../diagnostics/index.js";
import { renderCodeowners } from "../../render/codeowners.js";
import { assertNotAnInput, writeFileAtomically } from "../../write/write-files.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import type { CommandRunner } from "../options.js";

interface OwnersOptions {
  policies: string;
  out: string;
  teamPrefix: string;
  check?: boolean;
}

export function registerOwners(program: Command, run: CommandRunner): void {
  program
    .command("owners")
    .description("generate .github/CODEOWNERS from each policy's metadata.owners")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--out <file>", "CODEOWNERS file", ".github/CODEOWNERS")
    .option("--team-prefix <prefix>", "prefix that turns an owner id into a GitHub team", "@northwind/")
    .option("--check", "exit 1 when the file is missing or stale instead of writing it")
    .action((options: OwnersOptions) => run((io) => ownersCommand(options, io)));
}

function ownersCommand(options: OwnersOptions, io: CliIo): number {
  const set = loadValidPolicies(options.policies, io);
  if (!set) return ExitCode.policyFailure;
  // Paths in CODEOWNERS are relative to the repository root, where the CLI runs.
  const relative = { ...set, policies: set.policies.map((p) => ({ ...p, file: path.relative(process.cwd(), path.resolve(p.file)).split(path.sep).join("/") })) };
  const content = renderCodeowners(relative, options.teamPrefix);
  if (options.check) {
    let current: string | undefined;
    try {
      current = readFileSync(options.out, "utf8");
    } catch {
      current = undefined;
    }
    if (current === content) return ExitCode.ok;
    io.stderr(`${options.out} is ${current === undefined ? "missing" : "stale"}: run \`npx leadrules owners\` and commit it\n`);
    return ExitCode.policyFailure;
  }
  assertNotAnInput(options.out, set.policies.map((p) => p.file));
  writeFileAtomically(options.out, content);
  io.stdout(`wrote ${options.out}\n`);
  return ExitCode.ok;
}
