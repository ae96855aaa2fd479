import { summarizePolicies } from "../../analyse/summarize.js";
import { runPolicyTests } from "../../api/run-policy-tests.js";
import { sampleCorpus } from "../../api/sample-corpus.js";
import { simulateFile } from "../../api/simulate-lead-file.js";
import { validatePolicyDirectory } from "../../api/validate-policy-directory.js";
import { ExitCode, hasErrors } from "../../diagnostics/index.js";
import { formatText, formatWarningList } from "../../format/diagnostics-format.js";
import { formatPolicySummary, formatSimulationSummary } from "../../format/summary-text.js";
import { formatCoverage, formatTestResults } from "../../format/test-report.js";
import type { ReportFormat } from "../../format/format-names.js";
import { formatRunJson, type RunReport } from "../../format/run-report.js";
import { testFailureDiagnostics } from "../../policy-tests/test-diagnostics.js";
import { formatNurtureText } from "../../format/nurture-report.js";
import { nurtureLeadFile } from "../../api/nurture-lead-file.js";
import { specOf } from "../../model/policy-set.js";
import { factLabels } from "../../render/fact-labels.js";
import type { CliIo } from "../io.js";
import { printRowWarnings } from "../load-valid-policies.js";
import { printReadReport } from "../lead-input.js";
import type { RunContext } from "../options.js";

export interface RunOptions {
  policies: string;
  leads?: string;
  asOf: string;
  format: ReportFormat;
}

export async function runCommand(options: RunOptions, io: CliIo, context: RunContext): Promise<number> {
  if (options.format === "json") return runJson(options, io, context);
  const { set, diagnostics, sources } = validatePolicyDirectory(options.policies, { cache: context.cache });
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
    return failed.length > 0 ? ExitCode.policyFailure : ExitCode.ok;
  }
  io.stdout(`\n== simulate ${leads}\n`);
  const result = await simulateFile(set, leads, { asOf: options.asOf }, () => {});
  io.stdout(formatSimulationSummary(result.summary, options.asOf));
  printRowWarnings(result.diagnostics, io);
  const readExit = printReadReport(result.read, io);
  if (specOf(set, "NurtureProgram") && readExit === ExitCode.ok) {
    io.stdout(`\n== nurture ${leads}\n`);
    const nurture = await nurtureLeadFile(set, { leads, asOf: options.asOf });
    io.stdout(formatNurtureText(nurture.summary, nurture.read));
  }
  // An input that failed (2) outranks a failed test (1): the results it gave cannot be trusted at all.
  return Math.max(failed.length > 0 ? ExitCode.policyFailure : ExitCode.ok, readExit);
}

/** The same steps as the text, gathered into one JSON document; the read report's problems still go to stderr. */
async function runJson(options: RunOptions, io: CliIo, context: RunContext): Promise<number> {
  const { set, diagnostics } = validatePolicyDirectory(options.policies, { cache: context.cache });
  const report: RunReport = {
    exitCode: ExitCode.ok,
    policies: { directory: options.policies, summary: [] },
    tests: null,
    leads: null,
    simulation: null,
    nurture: null,
    diagnostics,
  };
  const done = (exitCode: number) => {
    io.stdout(formatRunJson({ ...report, exitCode }));
    return exitCode;
  };
  if (hasErrors(diagnostics)) return done(ExitCode.policyFailure);
  report.policies.summary = summarizePolicies(set);

  const tests = await runPolicyTests(set, options.policies);
  report.diagnostics = [...report.diagnostics, ...tests.diagnostics];
  if (hasErrors(tests.diagnostics)) return done(ExitCode.policyFailure);
  report.tests = { results: tests.results, coverage: tests.coverage };
  report.diagnostics = [...report.diagnostics, ...testFailureDiagnostics(tests.results)];
  const testExit = tests.results.some((r) => !r.passed) ? ExitCode.policyFailure : ExitCode.ok;

  const { file: leads, exists } = sampleCorpus(options.policies, options.leads);
  report.leads = { file: leads, exists, asOf: options.asOf };
  if (!exists) return done(testExit);
  const result = await simulateFile(set, leads, { asOf: options.asOf }, () => {});
  report.simulation = { read: result.read, summary: result.summary };
  report.diagnostics = [...report.diagnostics, ...result.diagnostics];
  const readExit = printReadReport(result.read, io);
  if (specOf(set, "NurtureProgram") && readExit === ExitCode.ok)
    report.nurture = (await nurtureLeadFile(set, { leads, asOf: options.asOf })).summary;
  return done(Math.max(testExit, readExit));
}
