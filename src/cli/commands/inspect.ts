import path from "node:path";
import type { Command } from "commander";
import { ExitCode } from "../../diagnostics/index.js";
import { inspectFormats, inspectFormatters, type InspectFormat } from "../../format/inspect-formats.js";
import { inspectLeads, specOf, suggestLeadMapping } from "../../index.js";
import { displayPath } from "../../load/read-policy-files.js";
import { textCell } from "../../render/escape/text.js";
import { assertOutputFile, writeFileAtomically } from "../../write/write-files.js";
import type { CliIo } from "../io.js";
import { leadInputOptions, openLeads, type LeadInputFlags } from "../lead-input.js";
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
      .description("profile an export before simulating it: each column's fill rate, type, formats and values, the field it feeds, and what does not convert")
      .requiredOption("--leads <file>", "leads as .csv, .tsv, .xlsx, .ndjson, .json or .yaml")
      .option("--policies <dir>", "policy folder", "policies"),
  )
    .option("--suggest", "write a draft LeadMapping (YAML) for the export instead of the profile")
    .option("--out <file>", "write the draft mapping (with --suggest) or else the profile to a file (atomically) instead of stdout", outputPath)
    .option("--format <format>", `output format of the profile: ${inspectFormats.join(", ")}`, choice(inspectFormats), "text")
    .action((options: InspectCommandOptions) => run((io) => inspectCommand(options, io)));
}

/** Exit 0 whenever the profile was made: inspect reports what is missing, it does not judge. */
async function inspectCommand(options: InspectCommandOptions, io: CliIo): Promise<number> {
  const set = loadValidPolicies(options.policies, io);
  if (!set) return ExitCode.policyFailure;
  const inputs = [options.leads, ...(options.join ? [options.join] : []), ...(options.mapping ? [options.mapping] : []), ...set.policies.map((p) => p.file)];
  if (options.out) assertOutputFile(options.out, { inputs, policies: options.policies });
  if (options.rejects) assertOutputFile(options.rejects, { inputs, policies: options.policies, flag: "--rejects", otherOutputs: options.out ? [options.out] : [] });
  const dictionary = specOf(set, "DataDictionary")!;
  const opened = openLeads(options.leads, options, dictionary);
  let inspection;
  try {
    inspection = await inspectLeads(set, opened.inputs, { file: displayPath(options.leads), ...opened.read });
    await opened.finish(inspection.profile.read);
  } catch (error) {
    opened.abort();
    throw error;
  }
  const profile = inspectFormatters[options.format](inspection.profile);
  if (!options.suggest) {
    if (options.out) writeFileAtomically(options.out, profile);
    else io.stdout(profile);
    return ExitCode.ok;
  }
  // The editor's schema link, relative to where the draft is written (the project's schemas/ folder).
  const schema = path.relative(options.out ? path.dirname(path.resolve(options.out)) : process.cwd(), path.resolve("schemas/lead-mapping.schema.json")).split(path.sep).join("/");
  const draft = suggestLeadMapping(dictionary, inspection, { file: options.leads, schema });
  if (options.out) {
    writeFileAtomically(options.out, draft.yaml);
    io.stdout(profile);
  } else io.stdout(draft.yaml);
  io.stderr(textCell(`draft mapping${options.out ? ` ${options.out}` : ""}: ${Object.keys(draft.columns).length} field(s) matched to columns, ${draft.unmatched.length} column(s) left unmapped; check it, then pass --mapping FILE`) + "\n");
  return ExitCode.ok;
}
