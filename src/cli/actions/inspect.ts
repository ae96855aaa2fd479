import { inspectLeadFile } from "../../api/inspect-lead-file.js";
import type { LeadInputFlags } from "../../api/open-leads.js";
import { ExitCode } from "../../diagnostics/index.js";
import { formatDraftSummary, inspectFormatters, type InspectFormat } from "../../format/inspect-formats.js";
import { writeFileAtomically } from "../../write/write-files.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import type { RunContext } from "../options.js";

export interface InspectCommandOptions extends LeadInputFlags {
  leads: string;
  policies: string;
  suggest?: boolean;
  out?: string;
  format: InspectFormat;
}

/** Exit 0 whenever the profile was made: inspect reports what is missing, it does not judge. */
export async function inspectCommand(options: InspectCommandOptions, io: CliIo, context: RunContext): Promise<number> {
  const set = await loadValidPolicies(options.policies, io, context.cache);
  if (!set) return ExitCode.policyFailure;
  const { inspection, draft } = await inspectLeadFile(set, options);
  const profile = inspectFormatters[options.format](inspection.profile);
  if (!draft) {
    if (options.out) writeFileAtomically(options.out, profile);
    else io.stdout(profile);
    return ExitCode.ok;
  }
  if (options.out) {
    writeFileAtomically(options.out, draft.yaml);
    io.stdout(profile);
  } else io.stdout(draft.yaml);
  io.stderr(formatDraftSummary(draft, options.out));
  return ExitCode.ok;
}
