import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { bundledPolicies, policyFolder } from "./helpers/policy-fixtures.js";

const suite = (cases: string) => `apiVersion: leadrules/v1
kind: PolicyTest
metadata: { name: extra, description: Extra cases. }
asOf: 2026-06-01T12:00:00Z
cases:
${cases}`;

describe("leadrules test", () => {
  it("passes on the bundled policies with 100% coverage of every policy", async () => {
    const run = await runCli(["test", "--policies", bundledPolicies, "--coverage", "--min-coverage", "100"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\n\d+ passed, 0 failed\n/);
    for (const kind of ["ScoringModel", "Lifecycle", "Routing", "ContentApproval", "RetentionSchedule"]) {
      expect(run.stdout).toMatch(new RegExp(`${kind}\\s+\\S+\\s+(\\d+)/\\1\\s+100%`));
    }
  });

  it("prints expected vs actual with the explain trace and exits 1 when a case fails", async () => {
    const dir = policyFolder([], bundledPolicies);
    writeFileSync(
      path.join(dir, "tests", "wrong.test.yaml"),
      suite(`  - name: a VP is expected to be an MQL on title alone (wrong)
    lead: { leadId: W-1, seniority: vp, country: US, createdAt: 2026-05-28T14:00:00Z }
    expect: { thresholds: [mql], score: { fit: 15 } }
`),
    );
    const run = await runCli(["test", "--policies", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAIL  ");
    expect(run.stdout).toContain("wrong.test.yaml:6  a VP is expected to be an MQL on title alone (wrong)");
    expect(run.stdout).toContain("      score.fit: expected 15\n                 actual   20");
    expect(run.stdout).toContain('      thresholds: expected ["mql"]\n                  actual   []');
    expect(run.stdout).toContain("        [yes] fit.seniority.vp (fit +15): Seniority is vp  (lead: vp)");
    expect(run.stdout).toMatch(/\n\d+ passed, 1 failed\n/);
  });

  it("fails when coverage is below --min-coverage and names what was not exercised", async () => {
    const dir = policyFolder([], bundledPolicies);
    rmSync(path.join(dir, "tests", "retention.test.yaml"));
    const run = await runCli(["test", "--policies", dir, "--min-coverage", "100"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/RetentionSchedule\s+lead-retention\s+\d+\/9\s+\d+(\.\d)?%\s+below 100%/);
    expect(run.stdout).toContain("not exercised in ");
    expect(run.stdout).toContain("legal hold");
    expect(run.stdout).toContain("coverage below 100% in: ");
  });

  it("reports a malformed test file with its location", async () => {
    const dir = policyFolder([], bundledPolicies);
    writeFileSync(path.join(dir, "tests", "broken.test.yaml"), suite(`  - name: no expectation\n    lead: {}\n    expct: {}\n`));
    const run = await runCli(["test", "--policies", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("broken.test.yaml:8:5 error schema/unknown-property: unknown property `expct`");
  });
});
