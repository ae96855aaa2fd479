import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validatePolicyDirectory } from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { bundledPolicies, policyFolder, repoRoot } from "./helpers/policy-fixtures.js";

describe("the bundled policies", () => {
  it("validate with no errors; the only warnings are the two assets awaiting approval", () => {
    const { diagnostics, set } = validatePolicyDirectory(bundledPolicies);
    expect(diagnostics.filter((d) => d.severity !== "info").map((d) => `${d.severity} ${d.code} ${d.ruleId}`)).toEqual([
      "warning logic/approval-missing security-overview",
      "warning logic/approval-missing q4-discount-offer",
    ]);
    expect(set.policies.map((p) => p.document.kind).sort()).toEqual([
      "ContentApproval",
      "DataDictionary",
      "Lifecycle",
      "NurtureProgram",
      "RetentionSchedule",
      "Routing",
      "ScoringModel",
    ]);
  });

  it("are sized like a real company's", () => {
    const { set } = validatePolicyDirectory(bundledPolicies);
    const spec = (kind: string) => set.policies.find((p) => p.document.kind === kind)!.document.spec as any;
    const fields = spec("DataDictionary").objects.flatMap((o: any) => o.fields);
    expect(fields.length).toBeGreaterThanOrEqual(30);
    expect(fields.every((f: any) => f.mappings?.salesforce && f.mappings?.hubspot)).toBe(true);
    expect(spec("ScoringModel").rules.length).toBeGreaterThanOrEqual(20);
    expect(spec("ScoringModel").rules.some((r: any) => r.points < 0)).toBe(true);
    expect(spec("Lifecycle").stages.length).toBeGreaterThanOrEqual(8);
    expect(spec("Lifecycle").dispositions.deadlineHours).toBe(48);
    expect(spec("Routing").rules.length).toBeGreaterThanOrEqual(8);
    expect(spec("Routing").queues.length).toBeGreaterThanOrEqual(4);
    expect(new Set(spec("Routing").calendars.map((c: any) => c.timeZone)).size).toBeGreaterThanOrEqual(2);
    expect(spec("ContentApproval").riskLevels.length).toBe(3);
    expect(spec("ContentApproval").assets.length).toBeGreaterThanOrEqual(10);
  });

  it("each start with a yaml-language-server schema line that points at an existing schema", () => {
    for (const name of readdirSync(bundledPolicies).filter((n) => n.endsWith(".yaml"))) {
      const first = readFileSync(path.join(bundledPolicies, name), "utf8").split("\n")[0]!;
      const match = /^# yaml-language-server: \$schema=\.\.\/schemas\/([a-z-]+\.schema\.json)$/.exec(first);
      expect(match, name).not.toBeNull();
      expect(readdirSync(path.join(repoRoot, "schemas"))).toContain(match![1]);
    }
  });

  it("`leadrules validate` exits 0", async () => {
    const run = await runCli(["validate", "--policies", bundledPolicies]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\n0 errors, 2 warnings, \d+ notes \(--verbose shows them\)\n$/);
  });
});

describe("schemas", () => {
  const schemaDir = path.join(repoRoot, "schemas");
  it("describe every property, so editors can show help on hover", () => {
    const missing: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (!node || typeof node !== "object") return;
      const schema = node as Record<string, any>;
      if (schema.properties) {
        for (const [key, child] of Object.entries<any>(schema.properties)) {
          if (!child.description) missing.push(`${where}/properties/${key}`);
        }
      }
      for (const [key, child] of Object.entries(schema)) walk(child, `${where}/${key}`);
    };
    for (const name of readdirSync(schemaDir)) walk(JSON.parse(readFileSync(path.join(schemaDir, name), "utf8")), name);
    expect(missing).toEqual([]);
  });

  it("reject unknown properties on every object", () => {
    const open: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (!node || typeof node !== "object") return;
      const schema = node as Record<string, any>;
      if (schema.type === "object" && schema.properties && schema.additionalProperties !== false) open.push(where);
      for (const [key, child] of Object.entries(schema)) walk(child, `${where}/${key}`);
    };
    for (const name of readdirSync(schemaDir)) walk(JSON.parse(readFileSync(path.join(schemaDir, name), "utf8")), name);
    expect(open).toEqual([]);
  });
});

describe("validate output formats", () => {
  const broken = () => policyFolder([{ file: "scoring.yaml", replace: "points: 30", with: "points: thirty" }]);

  it("text shows file:line:column, the offending line and a hint", async () => {
    const dir = broken();
    const run = await runCli(["validate", "--policies", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'scoring.yaml:19:15 error schema/type: `points` (spec.rules[0].points) must be a number, got the text "thirty"',
    );
    expect(run.stdout).toContain("  19 |       points: thirty\n     |               ^");
    expect(run.stdout).toContain("1 error, 0 warnings");
  });

  it("json is a stable list with fixed keys", async () => {
    const dir = broken();
    const first = await runCli(["validate", "--policies", dir, "--format", "json"]);
    const second = await runCli(["validate", "--policies", dir, "--format", "json"]);
    expect(first.stdout).toBe(second.stdout);
    const parsed = JSON.parse(first.stdout);
    expect(parsed.summary).toEqual({ errors: 1, warnings: 0 });
    expect(Object.keys(parsed.diagnostics[0])).toEqual([
      "code",
      "severity",
      "file",
      "line",
      "column",
      "pointer",
      "ruleId",
      "message",
      "hint",
      "suggest",
      "witness",
    ]);
    expect(parsed.diagnostics[0]).toMatchObject({ code: "schema/type", line: 19, column: 15, pointer: "/spec/rules/0/points" });
  });

  it("github prints workflow annotations on the offending line", async () => {
    const dir = broken();
    const run = await runCli(["validate", "--policies", dir, "--format", "github"]);
    expect(run.stdout).toMatch(
      /^::error file=.*scoring\.yaml,line=19,col=15,title=schema\/type::`points` \(spec\.rules\[0\]\.points\) must be a number/,
    );
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("a misspelt key suggests the right one", async () => {
    const dir = policyFolder([{ file: "scoring.yaml", replace: "operator: greaterThanInclusive", with: "opertor: greaterThanInclusive" }]);
    const { diagnostics } = validatePolicyDirectory(dir);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.hint).toBe("Did you mean `operator`?");
  });

  it("reports every schema violation in a file, not just the first", () => {
    const dir = policyFolder([
      { file: "scoring.yaml", replace: "points: 30", with: "points: thirty" },
      { file: "scoring.yaml", replace: "points: 10", with: "points: ten" },
      { file: "scoring.yaml", replace: "cap: 50 }", with: "cap: fifty }" },
    ]);
    const { diagnostics } = validatePolicyDirectory(dir);
    expect(diagnostics.map((d) => `${d.location?.line}:${d.code}`)).toEqual(["10:schema/type", "14:schema/type", "19:schema/type"]);
  });

  it.each(["total", "grade", "excluded", "id", "owner"])(
    "refuses a dimension named %s, a name the score or the rows already use",
    (name) => {
      const dir = policyFolder([
        {
          file: "scoring.yaml",
          replace: "- { id: fit, description: Fit., cap: 50 }",
          with: `- { id: fit, description: Fit., cap: 50 }\n    - { id: ${name}, description: Clash., cap: 5 }`,
        },
      ]);
      const { diagnostics } = validatePolicyDirectory(dir);
      expect(diagnostics.map((d) => `${d.location?.line}:${d.code}`)).toEqual(["11:crossref/duplicate-id"]);
      expect(diagnostics[0]!.message).toContain(`dimension \`${name}\``);
    },
  );

  it("refuses an SLA its calendar cannot reach, instead of stopping the simulation", () => {
    // 16 working hours a week: nine years of them are 7,488 hours.
    const long = policyFolder([
      { file: "routing.yaml", replace: "sla: { firstTouchHours: 8 }\n  fallback", with: "sla: { firstTouchHours: 7489 }\n  fallback" },
    ]);
    expect(validatePolicyDirectory(long).diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["crossref/calendar", "an SLA of 7489 business hours needs more than nine years of calendar ny (16 working hours a week)"],
    ]);
    const reachable = policyFolder([
      { file: "routing.yaml", replace: "sla: { firstTouchHours: 8 }\n  fallback", with: "sla: { firstTouchHours: 7488 }\n  fallback" },
    ]);
    expect(validatePolicyDirectory(reachable).diagnostics).toEqual([]);
    const idle = policyFolder([
      { file: "routing.yaml", replace: 'week: { mon: ["09:00-17:00"], tue: ["09:00-17:00"] }', with: "week: {}" },
    ]);
    expect(validatePolicyDirectory(idle).diagnostics.map((d) => d.code)).toEqual([
      "crossref/calendar",
      "crossref/calendar",
      "crossref/calendar",
    ]);
  });

  it("names the PII field that no retention category covers", () => {
    const dir = policyFolder([
      { file: "dictionary.yaml", replace: "description: Job title., pii: none", with: "description: Job title., pii: personal" },
    ]);
    const { diagnostics } = validatePolicyDirectory(dir);
    expect(diagnostics.map((d) => d.code)).toEqual(["crossref/pii-not-retained"]);
    expect(diagnostics[0]!.message).toContain("`title`");
  });
});

describe("usage errors exit 2 without a stack trace", () => {
  it("unknown flag", async () => {
    const run = await runCli(["validate", "--polices", "x"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--polices'");
  });
  it("missing directory", async () => {
    const run = await runCli(["validate", "--policies", "/no/such/dir"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "error: policies directory not found: /no/such/dir\nhint: Pass --policies DIR with the folder that holds your policy YAML files.\n",
    );
  });
  it("bad format", async () => {
    const run = await runCli(["validate", "--format", "xml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("expected one of text, json, github");
  });
});
