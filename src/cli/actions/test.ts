import { runPolicyTests } from "../../api/run-policy-tests.js";
import { ExitCode, hasErrors, type Diagnostic } from "../../diagnostics/index.js";
import { formatText } from "../../format/diagnostics-format.js";
import type { TestFormat } from "../../format/format-names.js";
import { formatCoverage, formatCoverageBelow, formatTestResults } from "../../format/test-report.js";
import { formatTestJson } from "../../format/test-json.js";
import { formatTestJunit } from "../../format/test-junit.js";
import type { PolicySet } from "../../model/policy-set.js";
import { testFailureDiagnostics } from "../../policy-tests/test-diagnostics.js";
import { factLabels } from "../../render/fact-labels.js";
import type { CliIo } from "../io.js";
import { loadPoliciesOrErrors, loadValidPolicies } from "../load-valid-policies.js";
import type { RunContext } from "../options.js";

export interface TestOptions {
  policies: string;
  coverage?: boolean;
  minCoverage?: number;
  format: TestFormat;
}

export async function testCommand(options: TestOptions, io: CliIo, context: RunContext): Promise<number> {
  if (options.format !== "text") return machineReport(options, io, context);
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
  const low = options.minCoverage !== undefined && coverage.some((c) => c.percent < options.minCoverage!);
  if (low) io.stdout(formatCoverageBelow(coverage, options.minCoverage!));
  if (results.length === 0) io.stdout(`no test cases found in ${options.policies}/tests/\n`);
  return results.some((r) => !r.passed) || low ? ExitCode.policyFailure : ExitCode.ok;
}

/** JSON or JUnit: one document on stdout whatever happened, the policies' or test files' errors inside it. */
async function machineReport(options: TestOptions, io: CliIo, context: RunContext): Promise<number> {
  const loaded = await loadPoliciesOrErrors(options.policies, context.cache);
  const ran = loaded.set ? await runTests(loaded.set, options) : { results: [], coverage: undefined, diagnostics: loaded.errors };
  const minimum = options.minCoverage ?? null;
  const low = minimum !== null && (ran.coverage ?? []).some((c) => c.percent < minimum);
  const ok = !hasErrors(ran.diagnostics) && !low;
  const report = {
    results: ran.results,
    diagnostics: ran.diagnostics,
    ...(ran.coverage ? { coverage: { policies: ran.coverage, minimum } } : {}),
    ok,
  };
  io.stdout(options.format === "json" ? formatTestJson(report) : formatTestJunit(report));
  return ok ? ExitCode.ok : ExitCode.policyFailure;
}

async function runTests(set: PolicySet, options: TestOptions) {
  const { results, coverage, diagnostics } = await runPolicyTests(set, options.policies);
  // Test files that cannot be read stop the run, as in text; otherwise each failed case is a diagnostic.
  const stopped = hasErrors(diagnostics);
  const problems: Diagnostic[] = stopped ? [...diagnostics] : [...diagnostics, ...testFailureDiagnostics(results)];
  const wantCoverage = options.coverage || options.minCoverage !== undefined;
  return { results: stopped ? [] : results, coverage: wantCoverage && !stopped ? coverage : undefined, diagnostics: problems };
}
