/**
 * One invalid policy fixture per folder in tests/cases/validate: each case
 * edits the small base set to make one mistake; expected.json holds the exact
 * code, file, line, column and message. A new case is a new folder.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validatePolicyDirectory } from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { policyFolder, readCase, repoRoot, updateGolden } from "./helpers/policy-fixtures.js";

const casesDir = path.join(repoRoot, "tests/cases/validate");
const cases = readdirSync(casesDir).sort();

describe("validate: one mistake per fixture", () => {
  it("has at least 30 fixtures", () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases)("%s", async (name) => {
    const caseDir = path.join(casesDir, name);
    const { edits } = readCase(caseDir);
    const dir = policyFolder(edits);
    const { diagnostics } = validatePolicyDirectory(dir);
    const actual = diagnostics.map((d) => ({
      code: d.code,
      file: d.location?.file ? path.basename(d.location.file) : null,
      line: d.location?.line ?? null,
      column: d.location?.column ?? null,
      message: d.message.replaceAll(dir + "/", ""),
    }));
    const expectedFile = path.join(caseDir, "expected.json");
    if (updateGolden) writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + "\n");
    // Golden files never write themselves: a missing one fails until it is written on purpose and reviewed.
    expect(existsSync(expectedFile), `${expectedFile} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    const expected = JSON.parse(readFileSync(expectedFile, "utf8"));
    expect(actual).toEqual(expected);
    expect(actual.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(d.severity).toBe("error");
      expect(d.hint ?? d.message).not.toBe("");
    }

    const cli = await runCli(["validate", "--policies", dir]);
    expect(cli.code).toBe(1);
    expect(cli.stdout + cli.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
