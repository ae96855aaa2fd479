import { ownersFile } from "../../api/owners-file.js";
import { ExitCode } from "../../diagnostics/index.js";
import { formatOwnersCheck, formatOwnersWarnings } from "../../format/owners-report.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import type { RunContext } from "../options.js";

export interface OwnersOptions {
  policies: string;
  out: string;
  teamPrefix?: string;
  check?: boolean;
}

export async function ownersCommand(options: OwnersOptions, io: CliIo, context: RunContext): Promise<number> {
  const set = await loadValidPolicies(options.policies, io, context.cache);
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
