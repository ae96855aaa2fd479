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
    for (const kind of ["ScoringModel", "Lifecycle", "Routing", "ContentApproval", "RetentionSchedule", "NurtureProgram"]) {
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

  it("a nurture expectation is decided after the case's sends and signals; a wrong one fails with expected vs actual", async () => {
    const dir = policyFolder([], bundledPolicies);
    writeFileSync(
      path.join(dir, "tests", "wrong.test.yaml"),
      suite(`  - name: a welcomed lead is expected to get the welcome email again (wrong)
    lead: { leadId: W-2, country: US, stateCode: NY, lifecycleStage: lead, createdAt: 2026-05-28T14:00:00Z, consentStatus: granted, unsubscribed: false }
    sends: [{ program: welcome, step: welcome-email, channel: email, sentAt: 2026-05-28T15:00:00Z }]
    expect: { nurture: { program: welcome, track: welcome, step: welcome-email, status: scheduled } }
  - name: a breaker of a program the policy lacks is an input error, never a breaker left closed
    lead: { leadId: W-3, country: US, stateCode: NY, lifecycleStage: lead, createdAt: 2026-05-28T14:00:00Z, consentStatus: granted, unsubscribed: false }
    signals: { programs: { webinar-blast: { bounceRate: 0.2 } } }
    expect: { nurture: { program: welcome } }
  - name: the CRM sync lag pauses the welcome email
    lead: { leadId: W-4, country: US, stateCode: NY, lifecycleStage: lead, createdAt: 2026-05-28T14:00:00Z, consentStatus: granted, unsubscribed: false }
    signals: { syncLagMinutes: 61 }
    expect: { nurture: { program: welcome, step: welcome-email, status: paused } }
`),
    );
    const run = await runCli(["test", "--policies", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("wrong.test.yaml:6  a welcomed lead is expected to get the welcome email again (wrong)");
    // The send log moved the lead past its only step: the track is done. The program and track are as expected.
    expect(run.stdout).toContain("      nurture.step: expected welcome-email\n                    actual   null");
    expect(run.stdout).toContain("      nurture.status: expected scheduled\n                      actual   completed");
    expect(run.stdout).not.toContain("nurture.program: expected");
    expect(run.stdout).toContain("      input error: signals name no program of the NurtureProgram: webinar-blast");
    expect(run.stdout).toContain("PASS  ");
    expect(run.stdout).toContain("the CRM sync lag pauses the welcome email");
    expect(run.stdout).toMatch(/\n\d+ passed, 2 failed\n/);
  });

  it("a send of a step its program does not have (a typo) refuses the suite, not a lead that got nothing", async () => {
    const dir = policyFolder([], bundledPolicies);
    writeFileSync(
      path.join(dir, "tests", "typo.test.yaml"),
      suite(`  - name: a send of a step the program does not have
    lead: { leadId: W-5, country: US, stateCode: NY, lifecycleStage: lead, createdAt: 2026-05-28T14:00:00Z, consentStatus: granted, unsubscribed: false }
    sends: [{ program: welcome, step: welcome-emial, channel: email, sentAt: 2026-05-28T15:00:00Z }]
    expect: { nurture: { program: welcome, step: welcome-email, status: scheduled } }
`),
    );
    const run = await runCli(["test", "--policies", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'typo.test.yaml:8:39 error crossref/unknown-reference: step "welcome-emial" is not defined in the nurture program "welcome"',
    );
    expect(run.stdout).toContain('hint: Did you mean "welcome-email"?');
  });

  it("nurture coverage counts programs, tracks, steps, branches, exits and escalations the cases exercised", async () => {
    const dir = policyFolder([], bundledPolicies);
    rmSync(path.join(dir, "tests", "nurture.test.yaml"));
    writeFileSync(
      path.join(dir, "tests", "branch.test.yaml"),
      suite(`  - name: a reader who clicked skips from the whitepaper to the product tour
    lead: { leadId: B-1, jobFunction: data, country: US, stateCode: NY, lifecycleStage: lead, createdAt: 2026-04-01T14:00:00Z, emailClicks: 3, consentStatus: granted, unsubscribed: false }
    sends:
      - { program: early-education, step: webinar, channel: email, sentAt: 2026-05-11T15:00:00Z }
      - { program: early-education, step: whitepaper, channel: email, sentAt: 2026-05-20T15:00:00Z }
    expect: { nurture: { program: early-education, track: data-practitioners, step: tour, status: scheduled } }
`),
    );
    const run = await runCli(["test", "--policies", dir, "--coverage"]);
    expect(run.code).toBe(0);
    const row = /NurtureProgram\s+nurture-programs\s+(\d+)\/43\s/.exec(run.stdout);
    expect(row, run.stdout).not.toBeNull();
    expect(Number(row![1])).toBeLessThan(43);
    const missed = run.stdout.split("\n").find((l) => l.startsWith("not exercised in ") && l.includes("nurture-programs.yaml"))!;
    // The branch case took its branch and scheduled the tour; no case was sent the whitepaper's e-book or reached a renewal call.
    expect(missed).not.toContain("branch early-education/engaged");
    expect(missed).not.toContain("step early-education/data-practitioners/tour");
    expect(missed).toContain("step early-education/data-practitioners/ebook");
    expect(missed).toContain("step customer-renewal/renewal/renewal-call");
    expect(missed).toContain("escalation recycled-reengagement/pricing-interest");
    expect(missed).toContain("step sales-accepted/proof/story");
    expect(missed).toContain("program open-opportunity");
  });

  it("reports a malformed test file with its location", async () => {
    const dir = policyFolder([], bundledPolicies);
    writeFileSync(path.join(dir, "tests", "broken.test.yaml"), suite(`  - name: no expectation\n    lead: {}\n    expct: {}\n`));
    const run = await runCli(["test", "--policies", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("broken.test.yaml:8:5 error schema/unknown-property: unknown property `expct`");
  });
});
