/**
 * `leadrules backtest` through the CLI (in process): the outcome column's edge cases with their exit codes
 * and messages, the files `--out` writes, and the golden Markdown report of the bundled sample.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { ladderPolicies, writeHistory } from "./helpers/backtest-history.js";
import { makeTempDir, repoRoot } from "./helpers/policy-fixtures.js";

const asOf = "2026-06-01T12:00:00Z";
const policies = ladderPolicies();
const backtest = (leads: string, outcome: string, ...more: string[]) =>
  runCli(["--no-cache", "backtest", "--policies", policies, "--leads", leads, "--outcome", outcome, "--as-of", asOf, ...more]);

describe("backtest: reading the outcome", () => {
  it("a missing outcome column exits 2 and names the columns that look similar", async () => {
    const file = writeHistory([{ employees: 10, outcome: "true" }], "wonDeal", { extraColumns: ["convertedAt"] });
    const run = await backtest(file, "won");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the history has no outcome column "won"');
    expect(run.stderr).toContain("Columns that look similar: wonDeal, convertedAt");
    expect(run.stdout).toBe("");
  });

  it("a value that is neither positive nor negative exits 2 with its count, rows and values", async () => {
    const file = writeHistory([
      { employees: 10, outcome: "true" },
      { employees: 20, outcome: "maybe" },
      { employees: 30, outcome: "no" },
      { employees: 40, outcome: "" },
    ]);
    const run = await backtest(file, "won");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the outcome column "won" has 2 values that are neither positive nor negative');
    expect(run.stderr).toMatch(/history\.csv:3: "maybe"/);
    expect(run.stderr).toMatch(/history\.csv:5: ""/);
    expect(run.stdout).toBe("");
  });

  it("an id column reads non-empty as converted; yes/no words in any case work", async () => {
    const ids = writeHistory([
      { employees: 90, outcome: "006A" },
      { employees: 10, outcome: "" },
    ]);
    const byId = await backtest(ids, "won", "--format", "json");
    expect(byId.code).toBe(0);
    const report = JSON.parse(byId.stdout);
    expect(report.outcome).toEqual({ field: "won", column: "won", reading: "presence", positives: 1, negatives: 1 });
    expect(report.auc).toBe(1);
    const words = writeHistory([
      { employees: 90, outcome: "Yes" },
      { employees: 50, outcome: "1" },
      { employees: 10, outcome: "FALSE" },
      { employees: 20, outcome: "n" },
    ]);
    const byWord = JSON.parse((await backtest(words, "won", "--format", "json")).stdout);
    expect([byWord.outcome.reading, byWord.positives, byWord.negatives, byWord.auc]).toEqual(["yes/no", 2, 2, 1]);
  });

  it("reads the outcome from an export joined by --join (a deals file), a lead without a deal as empty", async () => {
    const history = writeHistory(
      [
        { employees: 90, outcome: "" },
        { employees: 50, outcome: "" },
        { employees: 10, outcome: "" },
      ],
      "",
    );
    const deals = path.join(makeTempDir(), "deals.csv");
    writeFileSync(deals, "Lead,Opportunity\nL00001,006A\nL00003,\n");
    const run = await backtest(history, "Opportunity", "--join", deals, "--on", "leadId=Lead", "--format", "json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect([report.outcome.reading, report.positives, report.negatives, report.auc]).toEqual(["presence", 1, 2, 1]);
  });

  it("without positives (or negatives) the AUC is undefined, never a number, and the run exits 2", async () => {
    for (const [outcome, why] of [
      ["false", "no positives"],
      ["true", "no negatives"],
    ]) {
      const file = writeHistory([
        { employees: 10, outcome: outcome! },
        { employees: 70, outcome: outcome! },
      ]);
      const run = await backtest(file, "won");
      expect(run.code).toBe(2);
      expect(run.stdout).toMatch(new RegExp(`ROC AUC: +undefined \\(${why}\\)`));
      expect(run.stdout).not.toMatch(/ROC AUC: +[0-9]/);
      expect(run.stderr).toContain(`the AUC is undefined: ${why} among the 2 leads measured`);
      const json = JSON.parse((await backtest(file, "won", "--format", "json")).stdout);
      expect([json.auc, json.aucUndefined]).toEqual([null, why]);
    }
  });

  it("a history with no lead exits 2 and writes no report", async () => {
    const empty = await backtest(writeHistory([]), "won");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("error: no leads in");
    expect(empty.stdout).toBe("");
    // Every row rejected, even when allowed to be: the read report fails the run.
    const rejected = await backtest(
      writeHistory([{ employees: 10, outcome: "true", extra: { leadId: "" } }]),
      "won",
      "--max-bad-rows",
      "1",
    );
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain("no lead could be decided");
    expect(rejected.stdout).toBe("");
  });

  it("rows rejected while reading are reported and fail the run (exit 2) beyond --max-bad-rows", async () => {
    const file = writeHistory([
      { employees: 10, outcome: "true" },
      { employees: 20, outcome: "false", extra: { leadId: "" } },
      { employees: 30, outcome: "false" },
    ]);
    const run = await backtest(file, "won");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/1 rejected/);
    expect(run.stdout).toBe("");
    const allowed = await backtest(file, "won", "--max-bad-rows", "1", "--format", "json");
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout).leads).toBe(2);
  });
});

describe("backtest: outputs", () => {
  it("--out report.md writes the two charts beside it and links them relatively; html inlines them", async () => {
    const file = writeHistory([
      { employees: 90, outcome: "true" },
      { employees: 40, outcome: "false" },
      { employees: 10, outcome: "false" },
    ]);
    const dir = makeTempDir();
    const out = path.join(dir, "report.md");
    const ids = await backtest(file, "won", "--format", "markdown", "--out", out);
    expect(ids.code).toBe(0);
    const markdown = readFileSync(out, "utf8");
    expect(markdown).toContain("![ROC curve](report.roc.svg) ![Conversion by score band](report.bands.svg)");
    for (const chart of ["report.roc.svg", "report.bands.svg"]) {
      const svg = readFileSync(path.join(dir, chart), "utf8");
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    }
    const html = await backtest(file, "won", "--format", "html");
    expect(html.stdout).toContain("<svg");
    expect(html.stdout.match(/<svg /g)).toHaveLength(2);
    expect(existsSync(path.join(dir, "report.html"))).toBe(false);
  });

  it("refuses an --out that is the history", async () => {
    const file = writeHistory([{ employees: 90, outcome: "true" }]);
    const run = await backtest(file, "won", "--out", file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("writing it would replace what is being read");
  });
});

describe("backtest: the bundled sample", () => {
  it("writes the golden Markdown report (tests/cases/backtest/sample.md)", async () => {
    const golden = path.join(repoRoot, "tests/cases/backtest/sample.md");
    const run = await runCli([
      "--no-cache",
      "backtest",
      "--policies",
      path.join(repoRoot, "policies"),
      "--leads",
      path.join(repoRoot, "policies/samples/leads.csv"),
      "--outcome",
      "convertedOpportunityId",
      "--as-of",
      asOf,
      "--format",
      "markdown",
    ]);
    expect(run.code).toBe(0);
    // A golden file never writes itself: a missing one fails (write it once, deliberately, from this output).
    expect(existsSync(golden), `missing golden ${golden}`).toBe(true);
    expect(run.stdout.replaceAll(repoRoot + path.sep, "")).toBe(readFileSync(golden, "utf8"));
  }, 60_000);
});
