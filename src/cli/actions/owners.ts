import { ownersFile } from "../../api/owners-file.js";
import { ExitCode } from "../../diagnostics/index.js";
import type { ReportFormat } from "../../format/format-names.js";
import { formatOwnersCheck, formatOwnersJson, formatOwnersWarnings } from "../../format/owners-report.js";
import type { CliIo } from "../io.js";
import { loadPoliciesOrErrors, loadValidPolicies } from "../load-valid-policies.js";
import type { RunContext } from "../options.js";

export interface OwnersOptions {
  policies: string;
  out: string;
  teamPrefix?: string;
  check?: boolean;
  format: ReportFormat;
}

export async function ownersCommand(options: OwnersOptions, io: CliIo, context: RunContext): Promise<number> {
  if (options.format === "json") return ownersJson(options, io, context);
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

async function ownersJson(options: OwnersOptions, io: CliIo, context: RunContext): Promise<number> {
  const { set, errors } = await loadPoliciesOrErrors(options.policies, context.cache);
  const result = set ? await ownersFile(set, options) : { state: null, problems: [], written: false };
  const check = options.check ?? false;
  const ok = !errors && (!check || (result.state === "current" && result.problems.length === 0));
  io.stdout(formatOwnersJson({ ok, file: options.out, check, ...result, diagnostics: errors ?? [] }));
  return ok ? ExitCode.ok : ExitCode.policyFailure;
}
