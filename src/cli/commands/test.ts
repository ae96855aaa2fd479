import type { Command } from "commander";
import { ExitCode, factLabels, hasErrors, runPolicyTests } from "../../index.js";
import { formatText } from "../../format/diagnostics-format.js";
import { formatCoverage, formatCoverageBelow, formatTestResults } from "../../format/test-report.js";
import type { CliIo } from "../io.js";
import { loadValidPolicies } from "../load-valid-policies.js";
import { percent, type CommandRunner } from "../options.js";

interface TestOptions {
  policies: string;
  coverage?: boolean;
  minCoverage?: number;
}

export function registerTest(program: Command, run: CommandRunner): void {
  program
    .command("test")
    .description("run the policy test cases in <policies>/tests/*.yaml")
    .option("--policies <dir>", "policy folder", "policies")
    .option("--coverage", "report which rules no test case exercised")
    .option("--min-coverage <percent>", "fail when a policy's coverage is below this (implies --coverage)", percent)
    .action((options: TestOptions) => run((io) => testCommand(options, io)));
}

export async function testCommand(options: TestOptions, io: CliIo): Promise<number> {
  const set = loadValidPolicies(options.policies, io);
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
