import { backtestLeadFile } from "../../api/backtest-lead-file.js";
import { leadInputFiles, type LeadInputFlags } from "../../api/open-leads.js";
import { ExitCode } from "../../diagnostics/index.js";
import { backtestFormatters, type BacktestFormat, type ChartLinks } from "../../format/backtest-report.js";
import { bandsChartSvg, rocChartSvg } from "../../render/backtest-charts.js";
import { assertOutputFile, writeFileAtomically } from "../../write/write-files.js";
import { printReadReport } from "../lead-input.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import type { RunContext } from "../options.js";
import path from "node:path";

export interface BacktestOptions extends LeadInputFlags {
  leads: string;
  outcome: string;
  policies: string;
  asOf?: string;
  format: BacktestFormat;
  out?: string;
}

/** `--out report.md` also writes `report.roc.svg` and `report.bands.svg` beside it. */
export function chartFiles(out: string): ChartLinks {
  const base = out.replace(/\.(md|markdown)$/i, "");
  return { roc: `${base}.roc.svg`, bands: `${base}.bands.svg` };
}

export async function backtestCommand(options: BacktestOptions, io: CliIo, context: RunContext): Promise<number> {
  const set = await loadValidPolicies(options.policies, io, context.cache);
  if (!set) return ExitCode.policyFailure;
  const charts = options.format === "markdown" && options.out ? chartFiles(options.out) : undefined;
  if (charts) {
    const inputs = [...leadInputFiles(options.leads, options), ...set.policies.map((p) => p.file)];
    for (const file of [charts.roc, charts.bands])
      assertOutputFile(file, {
        inputs,
        policies: options.policies,
        otherOutputs: [options.out!, ...(options.rejects ? [options.rejects] : [])],
      });
  }
  const { report, read } = await backtestLeadFile(set, { ...options, asOf: options.asOf ?? new Date().toISOString() });
  // Metrics of a history read in part would mislead: a read that failed writes no report.
  const rowsExit = printReadReport(read, io, options.rejects);
  if (rowsExit !== ExitCode.ok) return rowsExit;
  if (report.leads + report.excluded.total === 0) {
    io.stderr(`leadrules: ${report.file} holds no lead to backtest (${read.rows} rows read, ${read.rejected} rejected)\n`);
    return ExitCode.usage;
  }
  const relative = charts && { roc: path.basename(charts.roc), bands: path.basename(charts.bands) };
  const text = backtestFormatters[options.format](report, relative);
  if (options.out) {
    if (charts) {
      writeFileAtomically(charts.roc, rocChartSvg(report));
      writeFileAtomically(charts.bands, bandsChartSvg(report));
    }
    writeFileAtomically(options.out, text);
  } else io.stdout(text);
  if (report.auc === null) {
    io.stderr(
      `leadrules: the AUC is undefined: ${report.aucUndefined} among the ${report.leads} leads measured, so the history cannot tell how well the score ranks converters (exit 2)\n`,
    );
    return ExitCode.usage;
  }
  return ExitCode.ok;
}
