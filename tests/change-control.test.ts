import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { renderCodeowners } from "../src/render/codeowners.js";
import { runCli } from "./helpers/cli.js";
import { validSet } from "./helpers/policies.js";
import { makeTempDir, repoRoot } from "./helpers/policy-fixtures.js";

describe("CODEOWNERS", () => {
  it("gives each policy file its owners, so the retention schedule needs legal", () => {
    const text = renderCodeowners(validSet(), "@northwind/");
    expect(text).toContain("/policies/retention-schedule.yaml @northwind/legal @northwind/it\n");
    expect(text).toContain("/policies/scoring-model.yaml @northwind/marketing-ops @northwind/sales-ops\n");
    expect(text).toContain("# --- end of the hand-written owners; generated from metadata.owners below ---\n");
  });

  it("the committed .github/CODEOWNERS is fresh", async () => {
    const run = await runCli(["owners", "--check"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("--check fails on a stale file and names the fix", async () => {
    const dir = makeTempDir();
    const out = path.join(dir, "CODEOWNERS");
    writeFileSync(out, `${readFileSync(".github/CODEOWNERS", "utf8")}# old\n`);
    const run = await runCli(["owners", "--check", "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is stale: run `npx leadrules owners` and commit it");
  });

  it("takes the teams' organization from the hand-written section, else asks for --team-prefix", async () => {
    const dir = makeTempDir();
    const out = path.join(dir, "CODEOWNERS");
    writeFileSync(
      out,
      "# --- hand-written owners: kept as they are by `leadrules owners` ---\n# IT\n* @acme-data/it\n# --- end of the hand-written owners; generated from metadata.owners below ---\n",
    );
    expect(await runCli(["owners", "--out", out])).toMatchObject({ code: 0 });
    expect(readFileSync(out, "utf8")).toContain("\n/policies/routing.yaml @acme-data/sales-ops\n");
    const bare = path.join(dir, "BARE");
    writeFileSync(bare, "# old\n");
    const run = await runCli(["owners", "--check", "--out", bare]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no --team-prefix, and");
    expect(run.stderr).toContain("hint: Pass --team-prefix @your-org/ once");
  });
});

describe("compile --check", () => {
  it("lists stale, missing and extra files", async () => {
    const dir = makeTempDir();
    await runCli(["compile", "--out", dir]);
    writeFileSync(path.join(dir, "routing.rules.json"), "[]\n");
    writeFileSync(path.join(dir, "old.rules.json"), "[]\n");
    const run = await runCli(["compile", "--out", dir, "--check"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`stale: ${dir}/routing.rules.json`);
    expect(run.stderr).toContain(`extra: ${dir}/old.rules.json`);
  });
});

describe("the pull-request workflow", () => {
  const workflow = parse(readFileSync(path.join(repoRoot, ".github/workflows/policy-check.yml"), "utf8"));
  type Step = { name?: string; run?: string; uses?: string; with?: Record<string, unknown> };
  const steps = (job: string): Step[] => workflow.jobs[job].steps;
  it("runs on pull requests with full history and every check", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(steps("gate")[0]).toMatchObject({ with: { path: "pr", "fetch-depth": 0 } });
    const commands = [...steps("gate"), ...steps("drift")].map((s) => s.run ?? "").join("\n");
    for (const command of [
      "npm ci",
      "validate --format github",
      "test --coverage --min-coverage 100",
      "compile --check",
      "docs --check",
      "owners --check",
      'diff --base "$BASE_SHA" --check',
    ]) {
      expect(commands).toContain(command);
    }
  });
  it("publishes the report as job summary and as one comment updated in place", () => {
    expect(steps("gate").some((s) => s.run?.includes("GITHUB_STEP_SUMMARY"))).toBe(true);
    const comment = steps("comment").find((s) => s.uses?.startsWith("actions/github-script"))! as { with: { script: string } };
    expect(comment.with.script).toContain("<!-- leadrules-impact-report -->");
    expect(comment.with.script).toContain("updateComment");
  });
  it("runs the same steps locally with one npm script", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    expect(pkg.scripts["check:pr"]).toContain("scripts/check-pr.sh");
    const script = readFileSync(path.join(repoRoot, "scripts/check-pr.sh"), "utf8");
    for (const command of [
      "validate",
      "test --coverage --min-coverage 100",
      "compile --check",
      "docs --check",
      "owners --check",
      "diff --base",
    ])
      expect(script).toContain(command);
  });
});
