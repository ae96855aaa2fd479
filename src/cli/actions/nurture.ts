import { nurtureLeadFile, type NurtureFileOptions } from "../../api/nurture-lead-file.js";
import { assertLeadOutputs } from "../../api/open-leads.js";
import { ExitCode, UsageError } from "../../diagnostics/index.js";
import {
  formatNurtureExplain,
  formatNurtureMarkdown,
  formatNurtureText,
  nurtureCsvHeader,
  nurtureCsvRow,
  nurtureNdjsonRow,
  type NurtureFormat,
} from "../../format/nurture-report.js";
import { factLabels } from "../../render/fact-labels.js";
import { csvRows } from "../../render/escape/spreadsheet.js";
import { openAtomicFile } from "../../write/write-files.js";
import type { CliIo } from "../io.js";
import { printReadReport } from "../lead-input.js";
import { loadValidPolicies, printRowWarnings } from "../load-valid-policies.js";
import type { RunContext } from "../options.js";

export interface NurtureCommandOptions extends NurtureFileOptions {
  policies: string;
  format: NurtureFormat;
  out?: string;
  rawCsv?: boolean;
}

export async function nurtureCommand(options: NurtureCommandOptions, io: CliIo, context: RunContext): Promise<number> {
  if (options.lead !== undefined && options.format !== "text" && options.format !== "json")
    throw new UsageError(
      `--lead explains one lead in text or json, not ${options.format}`,
      "Give --format text or --format json with --lead.",
    );
  const set = await loadValidPolicies(options.policies, io, context.cache);
  if (!set) return ExitCode.policyFailure;
  const inputs = [
    ...set.policies.map((p) => p.file),
    ...(options.sends ? [options.sends] : []),
    ...(options.signals ? [options.signals] : []),
    ...(options.members ? [options.members] : []),
  ];
  assertLeadOutputs(options.leads, options, inputs);
  const file = options.out ? openAtomicFile(options.out) : undefined;
  const emit = (text: string) => (file ? file.append(text) : io.stdout(text));
  const csv = { raw: options.rawCsv ?? false };
  const rows = options.format === "ndjson" || options.format === "csv";
  const decisions: unknown[] = [];
  try {
    if (options.format === "csv") emit(csvRows([[...nurtureCsvHeader]]));
    const result = await nurtureLeadFile(set, options, (decision) => {
      if (options.format === "ndjson") emit(nurtureNdjsonRow(decision));
      else if (options.format === "csv") emit(nurtureCsvRow(decision, csv));
      else if (options.format === "json") decisions.push(decision);
    });
    const { summary, read, explained } = result;
    if (!rows) {
      const text =
        options.format === "json"
          ? JSON.stringify({ summary, ...(explained ? { explained } : {}), leads: decisions }, null, 2) + "\n"
          : options.format === "markdown"
            ? formatNurtureMarkdown(summary, read)
            : explained
              ? formatNurtureExplain(explained, factLabels(set))
              : formatNurtureText(summary, read);
      emit(text);
    } else {
      // The rows went to the output; the summary goes beside them, to stderr.
      io.stderr(formatNurtureText(summary, read));
    }
    await file?.commit();
    printRowWarnings(result.diagnostics, io);
    return printReadReport(read, io, options.rejects);
  } catch (error) {
    file?.abort();
    throw error;
  }
}
