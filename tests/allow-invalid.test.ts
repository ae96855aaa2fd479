/**
 * `simulate --allow-invalid` (library option `allowInvalid`): policies whose only
 * errors are decision-logic findings can be simulated to replay a witness,
 * clearly labelled as diagnosis only; without the flag they are refused, and
 * schema, YAML or reference errors are refused with it too.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  InvalidPoliciesError,
  policiesToSimulate,
  simulateLeadFile,
  validatePolicyDirectory,
  type SimulateFileOptions,
  type ValidationResult,
} from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { fullLeadRecord } from "./helpers/full-leads.js";
import { bundledPolicies, makeTempDir, policyFolder } from "./helpers/policy-fixtures.js";

const asOf = "2026-06-01T12:00:00.000Z";

/** Partner referrals routed only when active in the last 7 days and inactive for more than 30: a logic/contradiction. */
const contradictionEdit = {
  file: "routing.yaml",
  replace: "      when: { fact: leadSource, operator: equal, value: partner-referral }",
  with: "      when: { all: [{ fact: leadSource, operator: equal, value: partner-referral }, { fact: lastActivityAt, operator: daysSinceLessThanInclusive, value: 7 }, { fact: lastActivityAt, operator: daysSinceGreaterThan, value: 30 }] }",
};
/** A strategy the schema does not know: a schema error, which no flag sets aside. */
const schemaEdit = { file: "routing.yaml", replace: "strategy: weighted", with: "strategy: fastest" };

let contradictory: { dir: string; validation: ValidationResult };
let schemaBroken: { dir: string; validation: ValidationResult };
let leads: string;

beforeAll(() => {
  const dir = policyFolder([contradictionEdit], bundledPolicies);
  contradictory = { dir, validation: validatePolicyDirectory(dir) };
  const broken = policyFolder([schemaEdit], bundledPolicies);
  schemaBroken = { dir: broken, validation: validatePolicyDirectory(broken) };
  leads = path.join(makeTempDir(), "leads.ndjson");
  writeFileSync(leads, `${[0, 1].map((i) => JSON.stringify(fullLeadRecord({ leadSource: "partner-referral" }, i))).join("\n")}\n`);
}, 120_000);

function options(policies: string, more: Partial<SimulateFileOptions> = {}): SimulateFileOptions {
  return { policies, leads, asOf, format: "ndjson", engine: "compiled", workers: 1, ...more };
}

async function simulated(validation: ValidationResult, opts: SimulateFileOptions) {
  let out = "";
  const result = await simulateLeadFile(validation, opts, (text) => void (out += text));
  return { out, result };
}

describe("simulate with allowInvalid (library)", () => {
  it("the fixture's only error is the decision-logic contradiction", () => {
    const errors = contradictory.validation.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.ruleId])).toEqual([["logic/contradiction", "route.partner"]]);
  });

  it("refuses policies with errors without the option", async () => {
    await expect(simulated(contradictory.validation, options(contradictory.dir))).rejects.toBeInstanceOf(InvalidPoliciesError);
    expect(policiesToSimulate(contradictory.validation)).toMatchObject({ set: null, refusedBy: [{ code: "logic/contradiction" }] });
  });

  it("simulates them with the option, every NDJSON row and the summary labelled diagnosis only", async () => {
    const { out, result } = await simulated(contradictory.validation, options(contradictory.dir, { allowInvalid: true }));
    const rows = out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.diagnosisOnly).toBe(true);
      // The contradictory partner rule never applies, which is what the run is for.
      expect((row.route as { rule: string }).rule).not.toBe("route.partner");
    }
    expect(result.summary.diagnosisOnly).toEqual({ errors: 1, codes: ["logic/contradiction"] });
  });

  it("puts the label in the JSON summary", async () => {
    const { out } = await simulated(contradictory.validation, options(contradictory.dir, { allowInvalid: true, format: "json" }));
    const json = JSON.parse(out) as { summary: Record<string, unknown>; rows: Record<string, unknown>[] };
    expect(json.summary.diagnosisOnly).toEqual({ errors: 1, codes: ["logic/contradiction"] });
    expect(json.rows).toHaveLength(2);
  });

  it("still refuses a schema error with the option: such policies cannot be compiled", async () => {
    expect(schemaBroken.validation.diagnostics.some((d) => d.severity === "error" && d.code.startsWith("schema/"))).toBe(true);
    const refused = policiesToSimulate(schemaBroken.validation, { allowInvalid: true });
    expect(refused.set).toBeNull();
    expect(refused.refusedBy.every((d) => !d.code.startsWith("logic/"))).toBe(true);
    await expect(simulated(schemaBroken.validation, options(schemaBroken.dir, { allowInvalid: true }))).rejects.toBeInstanceOf(
      InvalidPoliciesError,
    );
  });

  it("labels nothing when the policies are valid", async () => {
    const validation = validatePolicyDirectory(bundledPolicies);
    const { out, result } = await simulated(validation, options(bundledPolicies, { allowInvalid: true }));
    expect(out).not.toContain("diagnosisOnly");
    expect(result.summary.diagnosisOnly).toBeUndefined();
  }, 60_000);
});

describe("simulate --allow-invalid (CLI)", () => {
  const args = (dir: string, ...more: string[]) => ["simulate", "--policies", dir, "--leads", leads, "--as-of", asOf, "--quiet", ...more];

  it("refuses policies with a decision-logic error without the flag (exit 1, nothing on stdout)", async () => {
    const run = await runCli(args(contradictory.dir, "--format", "ndjson"));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("have errors; fix them first");
    expect(run.stderr).toContain("logic/contradiction");
  }, 60_000);

  it("simulates them with the flag: a banner on stderr, labelled rows, exit 1", async () => {
    const run = await runCli(args(contradictory.dir, "--format", "ndjson", "--allow-invalid"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--allow-invalid: DIAGNOSIS ONLY: the policies have 1 decision-logic error (logic/contradiction)");
    expect(run.stderr).toContain("do not act on these results");
    const rows = run.stdout.trim().split("\n");
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(JSON.parse(row).diagnosisOnly).toBe(true);
  }, 60_000);

  it("labels the summary of the table and JSON formats", async () => {
    const table = await runCli(args(contradictory.dir, "--allow-invalid"));
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/invalid policies: +DIAGNOSIS ONLY: the policies have 1 decision-logic error/);
    const json = await runCli(args(contradictory.dir, "--format", "json", "--allow-invalid"));
    expect(JSON.parse(json.stdout).summary.diagnosisOnly).toEqual({ errors: 1, codes: ["logic/contradiction"] });
  }, 60_000);

  it("still refuses a schema error with the flag (exit 1, nothing simulated)", async () => {
    const run = await runCli(args(schemaBroken.dir, "--format", "ndjson", "--allow-invalid"));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("that --allow-invalid cannot set aside");
    expect(run.stderr).toContain("schema/");
  }, 60_000);

  it("changes nothing for valid policies (exit 0, no label)", async () => {
    const run = await runCli(args(bundledPolicies, "--format", "ndjson", "--allow-invalid"));
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("diagnosisOnly");
    expect(run.stderr).not.toContain("DIAGNOSIS ONLY");
  }, 60_000);
});
