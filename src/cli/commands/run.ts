import type { Command } from "commander";
import {
  ExitCode,
  factLabels,
  hasErrors,
  runPolicyTests,
  sampleCorpus,
  simulateFile,
  summarizePolicies,
  validatePolicyDirectory,
} from "../../index.js";
import { formatText, formatWarningList } from "../../format/diagnostics-format.js";
import { formatPolicySummary, formatSimulationSummary } from "../../format/summary-text.js";
import { formatCoverage, formatTestResults } from "../../format/test-report.js";
import type { CliIo } from "../io.js";
import { printRowWarnings } from "../load-valid-policies.js";
import { printReadReport } from "../lead-input.js";
import { isoTimestamp, type CommandRunner } from "../options.js";

/** The reference corpus is evaluated at a fixed time so `npm start` prints the same thing every day. */
const corpusAsOf = "2026-06-01T12:00:00.000Z";

interface RunOptions {
  policies: string;
  leads?: string;
  asOf: string;
}

export function registerRun(program: Command, run: CommandRunner): void {
  program
    .command("run")
    .description("the main job (npm start): validate, run the policy tests, simulate the sample leads, print the summary")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--leads <file>", "leads to simulate (default: <policies>/samples/leads.csv)")
    .option("--as-of <iso>", "evaluate at this time", isoTimestamp, corpusAsOf)
    .action((options: RunOptions) => run((io) => runCommand(options, io)));
}

export async function runCommand(options: RunOptions, io: CliIo): Promise<number> {
  const { set, diagnostics, sources } = validatePolicyDirectory(options.policies);
  io.stdout(`== validate ${options.policies}/\n`);
  if (hasErrors(diagnostics)) {
    io.stdout(formatText({ diagnostics, sources }));
    return ExitCode.policyFailure;
  }
  const warnings = diagnostics.filter((d) => d.severity === "warning");
  io.stdout(`ok: ${set.policies.length} policies, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}\n`);
  io.stdout(formatWarningList(warnings));
  io.stdout("\n");
  io.stdout(formatPolicySummary(summarizePolicies(set)));

  io.stdout(`\n== test ${options.policies}/tests/\n`);
  const tests = await runPolicyTests(set, options.policies);
  if (hasErrors(tests.diagnostics)) {
    io.stdout(formatText({ diagnostics: tests.diagnostics }));
    return ExitCode.policyFailure;
  }
  const failed = tests.results.filter((r) => !r.passed);
  // Only failures in full; passing cases are summarised.
  if (failed.length > 0) io.stdout(formatTestResults(failed, factLabels(set)));
  io.stdout(`${tests.results.length - failed.length} passed, ${failed.length} failed\n`);
  io.stdout(formatCoverage(tests.coverage));

  const { file: leads, exists } = sampleCorpus(options.policies, options.leads);
  if (!exists) {
    io.stdout(`\n(no sample leads at ${leads}; make some with: leadrules sample --out ${leads})\n`);
    return ExitCode.ok;
  }
  io.stdout(`\n== simulate ${leads}\n`);
  const result = await simulateFile(set, leads, { asOf: options.asOf }, () => {});
  io.stdout(formatSimulationSummary(result.summary, options.asOf));
  printRowWarnings(result.diagnostics, io);
  const readExit = printReadReport(result.read, io);
  // An input that failed (2) outranks a failed test (1): the results it gave cannot be trusted at all.
  return Math.max(failed.length > 0 ? ExitCode.policyFailure : ExitCode.ok, readExit);
}
