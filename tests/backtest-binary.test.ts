/** `leadrules backtest` through the built binary (`npm run build` first; `npm test` builds): exit codes and output as in process. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ladderPolicies, writeHistory } from "./helpers/backtest-history.js";
import { repoRoot } from "./helpers/policy-fixtures.js";

const bin = path.join(repoRoot, "bin/leadrules.js");
const asOf = "2026-06-01T12:00:00Z";
const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, "--no-cache", "backtest", "--as-of", asOf, ...args], { encoding: "utf8", cwd: repoRoot });

describe("the built binary's backtest", () => {
  it("writes the golden Markdown report of the bundled sample, exit 0", () => {
    const built = run(["--leads", "policies/samples/leads.csv", "--outcome", "convertedOpportunityId", "--format", "markdown"]);
    expect(built.status).toBe(0);
    expect(built.stdout).toBe(readFileSync(path.join(repoRoot, "tests/cases/backtest/sample.md"), "utf8"));
  }, 60_000);

  it("exits 2 on a missing outcome column, an unknown value and a history of one class, without a stack trace", () => {
    const missing = run(["--leads", "policies/samples/leads.csv", "--outcome", "converted"]);
    expect([missing.status, missing.stdout]).toEqual([2, ""]);
    expect(missing.stderr).toContain('the history has no outcome column "converted"');
    expect(missing.stderr).toContain("Columns that look similar: convertedOpportunityId");
    const policies = ladderPolicies();
    const unknown = run([
      "--policies",
      policies,
      "--leads",
      writeHistory([
        { employees: 10, outcome: "yes" },
        { employees: 20, outcome: "maybe" },
      ]),
      "--outcome",
      "won",
    ]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/has 1 value that is neither positive nor negative:\n {2}.*history\.csv:3: "maybe"/);
    const oneClass = run(["--policies", policies, "--leads", writeHistory([{ employees: 10, outcome: "no" }]), "--outcome", "won"]);
    expect(oneClass.status).toBe(2);
    expect(oneClass.stdout).toMatch(/ROC AUC: +undefined \(no positives\)/);
    for (const r of [missing, unknown, oneClass]) expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
