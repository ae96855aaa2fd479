/**
 * Golden explain output: one folder per case under tests/cases/explain with
 * the lead id and format; expected.txt / expected.json is the exact output.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { repoRoot, updateGolden } from "./helpers/policy-fixtures.js";

const casesDir = path.join(repoRoot, "tests/cases/explain");

describe("explain (golden)", () => {
  it.each(readdirSync(casesDir).sort())("%s", async (name) => {
    const spec = parse(readFileSync(path.join(casesDir, name, "case.yaml"), "utf8")) as { lead: string; format: "text" | "json" };
    const run = await runCli([
      "explain",
      "--leads",
      "policies/samples/leads.csv",
      "--lead",
      spec.lead,
      "--as-of",
      "2026-06-01T12:00:00Z",
      "--format",
      spec.format,
    ]);
    expect(run.code).toBe(0);
    const expectedFile = path.join(casesDir, name, spec.format === "json" ? "expected.json" : "expected.txt");
    if (updateGolden) writeFileSync(expectedFile, run.stdout);
    // Golden files never write themselves: a missing one fails until it is written on purpose and reviewed.
    expect(existsSync(expectedFile), `${expectedFile} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(run.stdout).toBe(readFileSync(expectedFile, "utf8"));
  });

  it("names an unknown lead (exit 2)", async () => {
    const run = await runCli(["explain", "--leads", "policies/samples/leads.csv", "--lead", "00QNOPE", "--as-of", "2026-06-01T12:00:00Z"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no lead with id "00QNOPE"');
  });
});
