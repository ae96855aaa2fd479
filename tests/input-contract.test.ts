/**
 * One input contract for every command that reads leads: an export nobody mapped, a bad value, a missing
 * required column and a bad-row allowance give the same answer from `simulate`, `explain`, `diff` and
 * `audit`: exit 2 with an aggregated report, never a clean-looking result with exit 0.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { policyRepo } from "./helpers/git-repo.js";
import { bundledPolicies, makeTempDir } from "./helpers/policy-fixtures.js";

const asOf = "2026-06-01T12:00:00Z";
const sample = readFileSync(path.join(bundledPolicies, "samples", "leads.csv"), "utf8")
  .trimEnd()
  .split("\n");
const header = sample[0]!.split(",");
const dir = makeTempDir("leadrules-contract-");
const repo = policyRepo();

function leadsFile(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** The sample with `column` set to `value` in the given data rows (1-based). */
function withValue(column: string, value: string, rows: number[]): string[] {
  const at = header.indexOf(column);
  return sample.map((line, i) => {
    if (!rows.includes(i)) return line;
    const cells = line.split(",");
    cells[at] = value;
    return cells.join(",");
  });
}

function without(column: string): string[] {
  const at = header.indexOf(column);
  return sample.map((line) =>
    line
      .split(",")
      .filter((_, i) => i !== at)
      .join(","),
  );
}

const commands: Record<string, (leads: string, extra?: string[]) => string[]> = {
  simulate: (leads, extra = []) => [
    "simulate",
    "--policies",
    bundledPolicies,
    "--leads",
    leads,
    "--as-of",
    asOf,
    "--format",
    "csv",
    "--workers",
    "1",
    ...extra,
  ],
  explain: (leads, extra = []) => [
    "explain",
    "--policies",
    bundledPolicies,
    "--leads",
    leads,
    "--lead",
    "00Q100000A",
    "--as-of",
    asOf,
    ...extra,
  ],
  diff: (leads, extra = []) => [
    "diff",
    "--policies",
    repo.policies,
    "--base",
    "main",
    "--leads",
    leads,
    "--as-of",
    asOf,
    "--format",
    "text",
    "--workers",
    "1",
    "--quiet",
    ...extra,
  ],
  audit: (leads, extra = []) => [
    "audit",
    "--policies",
    bundledPolicies,
    "--leads",
    leads,
    "--as-of",
    asOf,
    "--allow-unchecked",
    "drift,sla,disposition,retention,hygiene,aging",
    ...extra,
  ],
};

const unmapped = "tests/fixtures/exports/real/unmapped-education/leads_x_education.csv";
const oneBadValue = leadsFile("one-bad-value.csv", withValue("industry", "Widgets", [5]));
const noEmail = leadsFile("no-email.csv", without("email"));
const threeBad = leadsFile("three-bad.csv", withValue("country", "Atlantis", [7, 70, 170]));

describe.each(Object.keys(commands))("%s reads leads by the input contract", (command) => {
  const args = commands[command]!;

  it("exits 2 on an export nobody mapped, naming its unmapped columns and the flags to use", async () => {
    const run = await runCli(args(unmapped));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"Prospect ID"');
    expect(run.stderr).toContain("--mapping");
    expect(run.stderr).toContain("--source");
    expect(run.stderr).toContain("inspect");
    expect(run.stderr).not.toContain("    at ");
  });

  it("exits 2 on one bad picklist value, reported in one aggregated line, and still decides that lead", async () => {
    const run = await runCli(args(oneBadValue));
    expect(run.code).toBe(2);
    const lines = run.stderr.split("\n").filter((l) => l.includes("Widgets"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/column "industry": "Widgets" is not a value of the Industry picklist: 1 row \(line 6\)/);
    if (command === "simulate") {
      const row = run.stdout.split("\n").find((l) => l.startsWith("00Q100004E,"));
      expect(row, "the lead with the bad value is still decided").toBeDefined();
      expect(row).toContain("industry (score");
    }
  });

  it("exits 2 when a required column is missing, naming it", async () => {
    const run = await runCli(args(noEmail));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/email \(column "email" not in the file; required\)|email \(column "email"; required\)/);
  });

  it("exits 0 with 1% bad rows under --max-bad-rows 5%, and 2 without it", async () => {
    const allowed = await runCli(args(threeBad, ["--max-bad-rows", "5%"]));
    expect(allowed.stderr).toContain("Atlantis");
    expect(allowed.code).toBe(0);
    const strict = await runCli(args(threeBad));
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/3 bad row\(s\) \(0 rejected, 3 with a bad or missing value\), more than --max-bad-rows 0 allows \(0\)/);
  });
});

describe("the adoption guide's worked example (docs/adopt.md)", () => {
  const leads = "tests/fixtures/exports/real/european-semicolon/leads_export_vertrieb.csv";
  const mapping = "docs/examples/german-crm-export.mapping.yaml";

  it("reads the German CRM export with the guide's mapping: every lead decided, the absent fields named", async () => {
    const run = await runCli(["simulate", "--policies", bundledPolicies, "--leads", leads, "--mapping", mapping, "--as-of", asOf]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("14 rows, 14 leads decided, 0 rejected, 0 with a bad or missing value read as empty");
    expect(run.stdout).toMatch(/input: +complete; 17 fields decided as empty/);
  });

  it("refuses the export without a mapping, pointing to inspect --suggest", async () => {
    const run = await runCli(["simulate", "--policies", bundledPolicies, "--leads", leads, "--as-of", asOf]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("inspect --leads");
    expect(run.stderr).toContain("--suggest");
  });
});

describe("diff reads the leads by the head version", () => {
  it("a column only the base version reads is no input error: the base reads as well as it can, and says so", async () => {
    const changed = policyRepo();
    const rule = `    - id: fit.tech.warehouse
      dimension: fit
      description: A cloud warehouse in the stack means our pipelines product fits.
      points: 10
      when:
        any:
          - { fact: techStack, operator: contains, value: snowflake }
          - { fact: techStack, operator: contains, value: databricks }
          - { fact: techStack, operator: contains, value: bigquery }
`;
    changed.edit("scoring-model.yaml", rule, "");
    const noTechStack = leadsFile("no-tech-stack.csv", without("techStack"));
    const run = await runCli([
      "diff",
      "--policies",
      changed.policies,
      "--base",
      "main",
      "--leads",
      noTechStack,
      "--as-of",
      asOf,
      "--format",
      "json",
      "--workers",
      "1",
      "--quiet",
    ]);
    expect(run.stderr).toContain("warning: the base version main reads the leads file differently");
    expect(run.stderr).toContain("techStack");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).leads).toMatchObject({ count: 300, leftOut: 0 });
  });
});
