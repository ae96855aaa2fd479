import { runPolicyTests } from "../../api/run-policy-tests.js";
import { ExitCode, hasErrors } from "../../diagnostics/index.js";
import { formatText } from "../../format/diagnostics-format.js";
import { formatCoverage, formatCoverageBelow, formatTestResults } from "../../format/test-report.js";
import { factLabels } from "../../render/fact-labels.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import type { RunContext } from "../options.js";

export interface TestOptions {
  policies: string;
  coverage?: boolean;
  minCoverage?: number;
}

export async function testCommand(options: TestOptions, io: CliIo, context: RunContext): Promise<number> {
  const set = await loadValidPolicies(options.policies, io, context.cache);
  if (!set) return ExitCode.policyFailure;
  const { results, coverage, diagnostics } = await runPolicyTests(set, options.policies);
  if (hasErrors(diagnostics)) {
    io.stdout(formatText({ diagnostics }));
    return ExitCode.policyFailure;
  }
  io.stdout(formatTestResults(results, factLabels(set)));
  const wantCoverage = options.coverage || options.minCoverage !== undefined;
  if (wantCoverage) io.stdout("\n" + formatCoverage(coverage, options.minCoverage));
  const failed = results.some((r) => !r.passed);
  const low = options.minCoverage !== undefined && coverage.some((c) => c.percent < options.minCoverage!);
  if (low) io.stdout(formatCoverageBelow(coverage, options.minCoverage!));
  if (results.length === 0) io.stdout(`no test cases found in ${options.policies}/tests/\n`);
  return failed || low ? ExitCode.policyFailure : ExitCode.ok;
}
