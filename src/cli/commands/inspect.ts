import { ExitCode, inspectLeadFile, type LeadInputFlags } from "../../index.js";
import type { Command } from "commander";
import { formatDraftSummary, inspectFormats, inspectFormatters, type InspectFormat } from "../../format/inspect-formats.js";
import { writeFileAtomically } from "../../write/write-files.js";
import type { CliIo } from "../io.js";
import { leadInputOptions } from "../lead-input.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import { choice, outputPath, type CommandRunner } from "../options.js";

interface InspectCommandOptions extends LeadInputFlags {
  leads: string;
  policies: string;
  suggest?: boolean;
  out?: string;
  format: InspectFormat;
}

export function registerInspect(program: Command, run: CommandRunner): void {
  leadInputOptions(
    program
      .command("inspect")
      .description(
        "profile an export before simulating it: each column's fill rate, type, formats and values, the field it feeds, and what does not convert",
      )
      .requiredOption("--leads <file>", "leads as .csv, .tsv, .xlsx, .ndjson, .json or .yaml")
      .option("--policies <dir>", "policy folder", "policies"),
  )
    .option("--suggest", "write a draft LeadMapping (YAML) for the export instead of the profile")
    .option(
      "--out <file>",
      "write the draft mapping (with --suggest) or else the profile to a file (atomically) instead of stdout",
      outputPath,
    )
    .option("--format <format>", `output format of the profile: ${inspectFormats.join(", ")}`, choice(inspectFormats), "text")
    .action((options: InspectCommandOptions) => run((io) => inspectCommand(options, io)));
}

/** Exit 0 whenever the profile was made: inspect reports what is missing, it does not judge. */
async function inspectCommand(options: InspectCommandOptions, io: CliIo): Promise<number> {
  const set = loadValidPolicies(options.policies, io);
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
