/**
 * The council's decision report (`diff`): impact in business terms, the changes artifact, the length cap.
 * Goldens are the markdown reports of changes on the bundled sample, written once on purpose
 * (UPDATE_GOLDEN=1) and reviewed; a missing golden fails.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isScalar, parseDocument, visit } from "yaml";
import { diffVersions } from "../src/api/diff-versions.js";
import type { DiffReport } from "../src/diff/diff-report.js";
import { formatChangesCsv, formatChangesNdjson } from "../src/format/diff-changes.js";
import { formatDiffJson, formatDiffMarkdown, formatDiffText, markdownLimit } from "../src/format/diff-report.js";
import { runCli } from "./helpers/cli.js";
import { policyRepo, type TempRepo } from "./helpers/git-repo.js";
import { repoRoot, updateGolden } from "./helpers/policy-fixtures.js";

const asOf = "2026-06-01T12:00:00.000Z";

async function diffBranch(change: (repo: TempRepo) => void, options: { keepChanged?: boolean } = {}) {
  const repo = policyRepo();
  repo.git("checkout", "-q", "-b", "change");
  change(repo);
  repo.commit("change");
  const { report, diagnostics } = await diffVersions({ policies: repo.policies, base: "main", head: "change", asOf, ...options });
  expect(diagnostics).toEqual([]);
  return { repo, report: report! };
}

function expectGolden(name: string, markdown: string): void {
  const normalized = markdown.replace(/\(([0-9a-f]{7})\)/g, "(commit)");
  const golden = path.join(repoRoot, "tests/cases/diff", name);
  if (updateGolden) writeFileSync(golden, normalized);
  // Golden files never write themselves: a missing one fails until it is written on purpose and reviewed.
  expect(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(normalized).toBe(readFileSync(golden, "utf8"));
}

const bumpScoring = (repo: TempRepo, version: string, summary: string) => {
  repo.edit("scoring-model.yaml", "  version: 3.2.0\n", `  version: ${version}\n`);
  repo.edit("scoring-model.yaml", "  changes:\n", `  changes:\n    - { version: ${version}, date: 2026-11-30, summary: ${summary} }\n`);
};

const mqlAt80 = (repo: TempRepo) => {
  bumpScoring(repo, "3.3.0", "MQL at 80 points.");
  repo.edit("scoring-model.yaml", "minimums: { total: 100, fit: 30 }", "minimums: { total: 80, fit: 30 }");
};

describe("the decision report", () => {
  it("a threshold change: MQL volume before -> after, by stage and by week, and the rules behind it (golden)", async () => {
    const { report } = await diffBranch(mqlAt80);
    const { base, head } = report.behaviour.volumes;
    // The MQL count the council asks first, counted from the leads, not from the report.
    expect([base.thresholds.mql, head.thresholds.mql]).toEqual([30, 55]);
    const weeks = (v: typeof base) => Object.values(v.weeks).reduce((n, w) => n + (w.thresholds.mql ?? 0), 0);
    expect([weeks(base), weeks(head)]).toEqual([30, 55]);
    expect(Object.values(head.weeks).reduce((n, w) => n + w.leads, 0)).toBe(300);
    // The 25 more leads over the threshold are 25 changed leads (a lead crossing a moved threshold changes even
    // where its stage and queue do not), so the impact reconciles with --changes lead by lead.
    expect(report.behaviour.changes.thresholds).toBe(25);
    // The bundled scoring model names its history: every report backtests both versions, read from the head's commit.
    expect(report.backtest?.file).toBe("policies/samples/leads.csv");
    expect(report.behaviour.movers[0]).toEqual({ rule: "threshold.mql", base: 0, head: 25 });
    expectGolden("threshold-change.md", formatDiffMarkdown(report));
    expect(formatDiffText(report)).toContain("threshold mql: 30 -> 55 (+25, +83.3%)");
  });

  it("a change with no behaviour gives an empty report: no impact, no changed leads (golden)", async () => {
    const { report } = await diffBranch((repo) =>
      repo.edit(
        "scoring-model.yaml",
        "      minimums: { total: 100, fit: 30 }",
        "      # agreed 2026-Q3\n      minimums: { fit: 30, total: 100 }",
      ),
    );
    expect(report.behaviour.changedLeads).toBe(0);
    const markdown = formatDiffMarkdown(report);
    expect(markdown).not.toContain("### Impact");
    expect(markdown).toContain("No lead changes outcome (300 leads simulated).");
    // Both versions nurture, and no lead's nurture changes: the report says nothing of it.
    expect(report.nurture).toBeUndefined();
    expect(markdown).not.toContain("Nurture");
    expectGolden("no-op.md", markdown);
  });

  it("a nurture change (the welcome window from 14 to 30 days): audience moves between programs and next touches before -> after (golden)", async () => {
    const { report } = await diffBranch((repo) => {
      repo.edit("nurture-programs.yaml", "  version: 1.0.0\n", "  version: 1.1.0\n");
      repo.edit(
        "nurture-programs.yaml",
        "  changes:\n",
        "  changes:\n    - { version: 1.1.0, date: 2026-11-30, summary: Welcome for 30 days. }\n",
      );
      repo.edit(
        "nurture-programs.yaml",
        "{ fact: createdAt, operator: daysSinceLessThanInclusive, value: 14 }",
        "{ fact: createdAt, operator: daysSinceLessThanInclusive, value: 30 }",
      );
    });
    // No lead's score, stage, queue, content or retention changes: only its nurture does.
    expect(report.behaviour.changedLeads).toBe(0);
    const nurture = report.nurture!;
    expect(nurture.leads).toBe(300);
    // Leads 15 to 30 days old move to the welcome program, which takes them first by priority: from early education,
    // and from no program (an unsubscribed lead leaves early education by its exit; welcome has no such exit).
    for (const row of Object.values(nurture.programMoves)) expect(Object.keys(row)).toEqual(["welcome"]);
    const moved = nurture.programMoves["early-education"]!.welcome!;
    const fromNone = nurture.programMoves["(none)"]?.welcome ?? 0;
    expect(moved).toBeGreaterThan(0);
    expect(nurture.base.byProgram.welcome! + moved + fromNone).toBe(nurture.head.byProgram.welcome);
    expect(nurture.changedLeads).toBeGreaterThanOrEqual(moved + fromNone);
    const markdown = formatDiffMarkdown(report);
    expect(markdown).toContain("### Nurture");
    expect(formatDiffText(report)).toContain(`  program early-education -> welcome: ${moved}`);
    expect(JSON.parse(formatDiffJson(report)).nurture.programMoves).toEqual(nurture.programMoves);
    expectGolden("nurture-change.md", markdown);
  });

  it("a routing change that overloads a queue: leads a business day against capacity, predicted SLA attainment, a warning (golden)", async () => {
    const repo = policyRepo();
    // The partner desk's one member first-touches 6 new leads a business day (stated in both versions).
    repo.edit(
      "routing.yaml",
      "        - { id: grace.kim, name: Grace Kim }",
      "        - { id: grace.kim, name: Grace Kim, dailyCapacity: 6 }",
    );
    repo.commit("partner desk capacity");
    repo.git("checkout", "-q", "-b", "change");
    repo.edit("routing.yaml", "  version: 2.2.0\n", "  version: 2.3.0\n");
    repo.edit(
      "routing.yaml",
      "  changes:\n",
      "  changes:\n    - { version: 2.3.0, date: 2026-11-30, summary: Unqualified leads go to the partner desk. }\n",
    );
    repo.edit(
      "routing.yaml",
      "      when: { fact: threshold.mql, operator: equal, value: false }\n      queue: nurture",
      "      when: { fact: threshold.mql, operator: equal, value: false }\n      queue: partner-desk",
    );
    repo.commit("change");
    // A year of leads at an export's volume: 3,000 generated by `sample` (seeded), about ten a business day.
    const leads = path.join(repo.dir, "leads.csv");
    expect((await runCli(["sample", "--policies", repo.policies, "--count", "3000", "--out", leads])).code).toBe(0);
    const { report, diagnostics } = await diffVersions({ policies: repo.policies, base: "main", head: "change", asOf, leads });
    expect(diagnostics).toEqual([]);
    const desk = report!.queueLoad!.queues.find((q) => q.queue === "partner-desk")!;
    expect(desk.base!.estimate.overloaded).toBe(false);
    expect(desk.head!.estimate.overloaded).toBe(true);
    expect(desk.head!.capacityPerBusinessDay).toBe(6);
    expect(desk.warning).toContain("overloaded");
    // The leads it gets are counted from the leads, not from the estimate.
    expect(desk.head!.estimate.leads).toBe(
      Object.values(report!.behaviour.volumes.head.queues["partner-desk"]!).reduce((n, x) => n + x, 0),
    );
    const markdown = formatDiffMarkdown(report!);
    expect(markdown).toContain("> **Warning:** partner-desk: +");
    expectGolden("overloaded-queue.md", markdown.replaceAll(leads, "leads.csv"));
  }, 60_000);

  it("a scoring change that raises AUC: both versions backtested side by side with bootstrap intervals (golden)", async () => {
    const repo = policyRepo();
    repo.git("checkout", "-q", "-b", "change");
    bumpScoring(repo, "3.3.0", "Email clicks count for more.");
    repo.edit(
      "scoring-model.yaml",
      "      description: Clicked five or more marketing emails.\n      points: 5\n",
      "      description: Clicked five or more marketing emails.\n      points: 30\n",
    );
    repo.commit("change");
    const history = path.join(repo.policies, "samples", "leads.csv");
    const { report } = await diffVersions({
      policies: repo.policies,
      base: "main",
      head: "change",
      asOf,
      history,
      outcome: "convertedOpportunityId",
    });
    const auc = report!.backtest!.comparison.differences.find((d) => d.measure === "AUC")!;
    expect(auc.head! - auc.base!).toBeGreaterThan(0.03);
    // The whole 95% interval is above 0: the change improves the signal, it does not only move volume.
    expect(auc.low!).toBeGreaterThan(0);
    const markdown = formatDiffMarkdown(report!);
    expect(markdown).toContain("### Backtest against convertedOpportunityId");
    expectGolden("auc-raising.md", markdown.replaceAll(history, "policies/samples/leads.csv"));
    // Without --outcome the history cannot be read: exit 2, with what to add.
    await expect(diffVersions({ policies: repo.policies, base: "main", head: "change", asOf, history })).rejects.toThrow(
      "--history needs --outcome FIELD",
    );
  }, 60_000);

  it("owner changes only by the rotation are told apart from routing changes", async () => {
    const { report } = await diffBranch(mqlAt80, { keepChanged: true });
    const changed = report.behaviour.changed!;
    // Counted here from each changed lead's values: the owner moved while the queue did not and no rule moved the lead's route.
    const byRotation = changed.filter(
      (l) =>
        l.fields.includes("owner") &&
        !l.fields.includes("queue") &&
        !l.baseRules.some((r) => r.startsWith("route.") && !l.headRules.includes(r)),
    );
    expect(byRotation.length).toBeGreaterThan(0);
    expect(report.behaviour.ownerByRotation).toBe(byRotation.length);
    expect(report.behaviour.changes.owner).toBeGreaterThan(byRotation.length);
    expect(formatDiffMarkdown(report)).toContain(`(${byRotation.length} only by round-robin order`);
  });

  it("--changes and --format json list every changed lead; the markdown points to the file", async () => {
    const repo = policyRepo();
    mqlAt80(repo);
    const csv = path.join(repo.dir, "changes.csv");
    const ndjson = path.join(repo.dir, "changes.ndjson");
    const run = await runCli(["diff", "--policies", repo.policies, "--base", "main", "--changes", csv, "--quiet"]);
    expect(run.code).toBe(0);
    const { report } = await diffVersions({ policies: repo.policies, base: "main", asOf, keepChanged: true });
    const count = report!.behaviour.changedLeads;
    expect(count).toBeGreaterThan(report!.behaviour.top.length);
    const rows = readFileSync(csv, "utf8").trimEnd().split("\n");
    expect(rows[0]).toMatch(/^lead,changed,score before,score after,/);
    expect(rows.length - 1).toBe(count);
    expect(run.stdout).toContain(`every one is in the changes file \`${csv}\``);
    // Every changed lead once, with its values before and after.
    const ids = rows.slice(1).map((r) => r.split(",")[0]);
    expect(new Set(ids).size).toBe(count);
    expect(rows.find((r) => r.startsWith("00Q100154E,"))).toContain(",lead,mql,");

    const asNdjson = await runCli([
      "diff",
      "--policies",
      repo.policies,
      "--base",
      "main",
      "--changes",
      ndjson,
      "--quiet",
      "--format",
      "text",
    ]);
    expect(asNdjson.code).toBe(0);
    const lines = readFileSync(ndjson, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(count);
    expect(lines.find((l) => l.lead === "00Q100154E").changes.stage).toEqual({ before: "lead", after: "mql" });

    const json = await runCli(["diff", "--policies", repo.policies, "--base", "main", "--format", "json", "--quiet"]);
    expect((JSON.parse(json.stdout) as DiffReport).behaviour.changed).toHaveLength(count);
  }, 60_000);

  it("the history is an input no output may replace, and one the policies name must stay in their folder", async () => {
    const repo = policyRepo();
    const history = path.join(repo.dir, "history.csv");
    writeFileSync(history, readFileSync(path.join(repo.policies, "samples", "leads.csv")));
    for (const flag of ["--out", "--changes", "--rejects"]) {
      const run = await runCli([
        "diff",
        "--policies",
        repo.policies,
        "--base",
        "main",
        "--history",
        history,
        "--outcome",
        "convertedOpportunityId",
        flag,
        history,
        "--quiet",
      ]);
      expect(run.code, flag).toBe(2);
      expect(run.stderr).toContain("is the input");
    }
    expect(readFileSync(history, "utf8")).toBe(readFileSync(path.join(repo.policies, "samples", "leads.csv"), "utf8"));
    // --outcome with no history at all (none named either) is a usage error, not a silent no-op.
    repo.edit("scoring-model.yaml", "  backtest: { history: samples/leads.csv, outcome: convertedOpportunityId }\n", "");
    const outcomeAlone = await runCli(["diff", "--policies", repo.policies, "--base", "main", "--outcome", "won", "--quiet"]);
    expect(outcomeAlone.code).toBe(2);
    expect(outcomeAlone.stderr).toContain("--outcome names the outcome column of a history, and there is none");
    repo.edit(
      "scoring-model.yaml",
      "  # Funnel alerts:",
      "  backtest: { history: ../history.csv, outcome: convertedOpportunityId }\n\n  # Funnel alerts:",
    );
    const outside = await runCli(["validate", "--policies", repo.policies]);
    expect(outside.code).toBe(1);
    expect(outside.stdout + outside.stderr).toContain("`history` (spec.backtest.history) has the wrong form");
  }, 60_000);

  it("--changes refuses an unknown extension and an input, before any work", async () => {
    const repo = policyRepo();
    const unknown = await runCli([
      "diff",
      "--policies",
      repo.policies,
      "--base",
      "main",
      "--changes",
      path.join(repo.dir, "c.xlsx"),
      "--quiet",
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('cannot tell the format from the extension ".xlsx"');
    const input = path.join(repo.policies, "samples", "leads.csv");
    const overwrite = await runCli(["diff", "--policies", repo.policies, "--base", "main", "--changes", input, "--quiet"]);
    expect(overwrite.code).toBe(2);
    expect(overwrite.stderr).toContain("--changes");
    expect(readFileSync(input, "utf8")).toBe(readFileSync(path.join(repoRoot, "policies/samples/leads.csv"), "utf8"));
  });

  it("the changes file neutralises a formula in a lead's value for spreadsheets, and keeps it in NDJSON", () => {
    const lead = {
      id: '=HYPERLINK("http://x")',
      fields: ["owner" as const],
      before: "owner a",
      after: "owner b",
      baseRules: ["route.x"],
      headRules: ["route.x"],
      scoreDelta: 0,
      values: [{ before: "@a", after: "+b" }],
    };
    const csv = formatChangesCsv([lead]).split("\n")[1]!;
    expect(csv.startsWith(`"'=HYPERLINK(""http://x"")",owner,`)).toBe(true);
    expect(csv).toContain(",'@a,'+b,");
    expect(formatChangesCsv([lead], { raw: true }).split("\n")[1]).toContain(",@a,+b,");
    expect(JSON.parse(formatChangesNdjson([lead]))).toEqual({
      lead: lead.id,
      changes: { owner: { before: "@a", after: "+b" } },
      rulesBefore: ["route.x"],
      rulesAfter: ["route.x"],
    });
  });

  it("a report over 60,000 characters is shortened, says so and points at the artifact; the JSON keeps everything", async () => {
    // Every description reworded, and every scoring rule's points changed: long semantic and text diffs, many changed leads.
    const { report } = await diffBranch(
      (repo) => {
        for (const name of [
          "scoring-model.yaml",
          "routing.yaml",
          "lifecycle.yaml",
          "retention-schedule.yaml",
          "content-approval.yaml",
          "data-dictionary.yaml",
        ]) {
          const file = path.join(repo.policies, name);
          const document = parseDocument(readFileSync(file, "utf8"));
          visit(document, {
            Pair(_key, pair) {
              if (!isScalar(pair.key) || !isScalar(pair.value)) return;
              if (pair.key.value === "description")
                pair.value.value = `${String(pair.value.value)} Reworded by the council at its November meeting, so that auditors and new members read the same meaning.`;
              if (pair.key.value === "points" && name === "scoring-model.yaml") pair.value.value = Number(pair.value.value) + 1;
            },
          });
          writeFileSync(file, document.toString());
        }
      },
      { keepChanged: true },
    );
    const whole = formatDiffMarkdown(report, { maxChars: Number.POSITIVE_INFINITY });
    expect(whole.length).toBeGreaterThan(markdownLimit);
    const markdown = formatDiffMarkdown(report, { changesFile: "impact/changes.csv" });
    expect(markdown.length).toBeLessThanOrEqual(markdownLimit);
    expect(markdown).toContain("**This report was shortened to stay under 60,000 characters**");
    expect(markdown).toContain("Every changed lead is in the changes file `impact/changes.csv`");
    // Sections are summarised, largest first, not cut off; the change control and the headline stay.
    expect(markdown).toMatch(/(Semantic changes|Policy text diff): .* left out to keep this report short/);
    expect(markdown).toContain("left out to keep this report short");
    expect(markdown).not.toContain("(cut here");
    expect(markdown).toContain("### Impact");
    expect(markdown).toContain("**Change control:");
    expect(markdown).toContain(`${report.behaviour.changedLeads} of 300 leads change outcome.`);
    expect(markdown.startsWith("<!-- leadrules-impact-report -->\n## leadrules impact report\n")).toBe(true);
    expect((JSON.parse(formatDiffJson(report)) as DiffReport).behaviour.changed).toHaveLength(report.behaviour.changedLeads);
    // A report that fits is not touched.
    expect(formatDiffMarkdown(report, { maxChars: whole.length })).toBe(whole);
  }, 60_000);

  it("README and docs/change-control.md show real reports: their copies are the goldens, or parts of them", () => {
    for (const doc of ["README.md", "docs/change-control.md"]) {
      const text = readFileSync(path.join(repoRoot, doc), "utf8");
      const copies = [...text.matchAll(/<!-- (golden|excerpt): (\S+) -->\n````markdown\n([\s\S]*?)````\n/g)];
      expect(copies.length, doc).toBeGreaterThan(0);
      for (const [, kind, file, copy] of copies) {
        const golden = readFileSync(path.join(repoRoot, file!), "utf8");
        if (kind === "golden") expect(copy, `${doc}: ${file}`).toBe(golden);
        else expect(golden.includes(copy!), `${doc}: the excerpt of ${file} is no longer in it`).toBe(true);
      }
    }
  });
});
