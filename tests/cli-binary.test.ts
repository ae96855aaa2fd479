/**
 * The built CLI (bin/leadrules.js over dist/, with schemas precompiled at
 * build time) must behave exactly like the in-process library the other
 * tests call. `npm test` builds first.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diagnosticCodes } from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { policyFolder, readCase, repoRoot } from "./helpers/policy-fixtures.js";

const bin = path.join(repoRoot, "bin/leadrules.js");

describe("the built leadrules binary", () => {
  it.each(["schema-misspelt-key", "schema-condition-shape", "schema-enum-operator", "crossref-unknown-fact"])(
    "reports %s exactly like the library",
    async (name) => {
      const dir = policyFolder(readCase(path.join(repoRoot, "tests/cases/validate", name)).edits);
      const built = spawnSync(process.execPath, [bin, "validate", "--policies", dir, "--format", "json"], { encoding: "utf8" });
      const inProcess = await runCli(["validate", "--policies", dir, "--format", "json"]);
      expect(built.status).toBe(1);
      expect(built.stdout).toBe(inProcess.stdout);
    },
  );

  it("exits 2 on a usage error and 0 on --help, without a stack trace", () => {
    const bad = spawnSync(process.execPath, [bin, "simulate"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("required option '--leads <file>' not specified");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(execFileSync(process.execPath, [bin, "--help"], { encoding: "utf8" })).toContain("simulate");
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    expect(execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" })).toBe(`${pkg.version}\n`);
  });
});

describe("docs", () => {
  it("docs/diagnostics.md documents every diagnostic code", () => {
    const doc = readFileSync(path.join(repoRoot, "docs/diagnostics.md"), "utf8");
    for (const code of Object.keys(diagnosticCodes)) expect(doc, code).toContain(`### ${code}\n`);
  });
});
