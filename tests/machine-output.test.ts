/**
 * Output for machines (issue 19, part 6): `--format json` of test, owners, compile, docs and run, SARIF of
 * validate, JUnit of test, and the examples and exit codes of every command's --help. Small hand-made
 * fixtures (tests/fixtures/base copied and edited), expectations written by hand; the library is called
 * directly, the CLI in-process, and the built binary once.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import ajvFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { diagnosticCodes, diagnosticDocAnchor, runPolicyTests, validatePolicyDirectory, type DiagnosticCode } from "../src/index.js";
import { createProgram } from "../src/cli/main.js";
import { exitCodesHelp } from "../src/cli/help.js";
import { formatSarif, artifactUri, type SarifTool } from "../src/format/sarif.js";
import { formatTestJunit } from "../src/format/test-junit.js";
import { formatTestJson } from "../src/format/test-json.js";
import { formatOwnersJson } from "../src/format/owners-report.js";
import { testFailureDiagnostics } from "../src/policy-tests/test-diagnostics.js";
import { xmlText } from "../src/render/escape/xml.js";
import { runCli } from "./helpers/cli.js";
import { makeTempDir, policyFolder, repoRoot } from "./helpers/policy-fixtures.js";

const tool: SarifTool = {
  version: "9.8.7",
  informationUri: "https://example.invalid/leadrules",
  diagnosticsUri: "https://example.invalid/leadrules/docs/diagnostics.md",
};

/** Two cases on the small base fixture: the first passes, the second expects grade A and stage mql and fails. */
const gradesSuite = `apiVersion: leadrules/v1
kind: PolicyTest
metadata:
  name: grades
  description: Grades by fit.
asOf: 2026-06-01T12:00:00Z
defaults:
  leadId: T-1
  email: pat@acme.example
  country: US
  employees: 500
  title: Manager
  createdAt: 2026-05-28T14:00:00Z
  lastActivityAt: 2026-05-30T12:00:00Z
  lifecycleStage: lead
  unsubscribed: false
cases:
  - name: a manager gets grade B
    lead: {}
    expect: { grade: B }
  - name: "a <big> & \\"odd\\" account ]]> gets grade A"
    lead: {}
    expect: { grade: A, stage: mql }
`;

function fixtureWithTests(): string {
  const dir = policyFolder();
  mkdirSync(path.join(dir, "tests"));
  writeFileSync(path.join(dir, "tests/grades.test.yaml"), gradesSuite);
  return dir;
}

describe("xmlText, the XML escaper", () => {
  it("writes markup characters as entities, so ]]> and quotes cannot end anything", () => {
    expect(xmlText(`a]]>b & <c d="e" f='g'>`)).toBe("a]]&gt;b &amp; &lt;c d=&quot;e&quot; f=&#39;g&#39;&gt;");
  });

  it("replaces characters XML 1.0 does not allow, keeps tab and line breaks and surrogate pairs", () => {
    expect(xmlText("a\u0000b\u0008c\u000Bd\u001Fe\tf\ng\rh")).toBe("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\tf\ng\rh");
    expect(xmlText("lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00")).toBe("lone \uFFFD high, lone \uFFFD low, pair \uD83D\uDE00");
    expect(xmlText("\uFFFE\uFFFF")).toBe("\uFFFD\uFFFD");
  });

  it("shows bidirectional controls as escapes", () => {
    expect(xmlText("a\u202Eb")).toBe("a\\u202Eb");
  });
});

describe("test --format junit", () => {
  it("one testsuite per test file, the failing case as <failure> with expected and actual, every value escaped", async () => {
    const dir = fixtureWithTests();
    const { set } = validatePolicyDirectory(dir);
    const { results, diagnostics } = await runPolicyTests(set, dir);
    const file = path.join(dir, "tests/grades.test.yaml");
    const xml = formatTestJunit({ results, diagnostics: [...diagnostics, ...testFailureDiagnostics(results)] });
    expect(xml).toBe(
      [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites name="leadrules" tests="2" failures="1" errors="0">`,
        `  <testsuite name="grades" tests="2" failures="1" errors="0" file="${file}">`,
        `    <testcase name="a manager gets grade B" classname="grades" file="${file}" line="18"/>`,
        `    <testcase name="a &lt;big&gt; &amp; &quot;odd&quot; account ]]&gt; gets grade A" classname="grades" file="${file}" line="21">`,
        `      <failure message="2 expectations not met" type="test/case-failed">grade: expected A, actual B`,
        `stage: expected mql, actual lead</failure>`,
        `    </testcase>`,
        `  </testsuite>`,
        `</testsuites>`,
        ``,
      ].join("\n"),
    );
  });

  it("problems that stop the run are <error> cases, not an empty report", () => {
    const xml = formatTestJunit({
      results: [],
      diagnostics: [
        {
          code: "schema/required",
          severity: "error",
          message: "`metadata` is missing `description`\nsecond line",
          hint: "Add <it>.",
          location: { file: "policies/tests/a.test.yaml", line: 4, column: 3 },
        },
        { code: "schema/type", severity: "warning", message: "not a test outcome" },
      ],
    });
    expect(xml).toBe(
      [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<testsuites name="leadrules" tests="1" failures="0" errors="1">`,
        `  <testsuite name="leadrules" tests="1" failures="0" errors="1">`,
        `    <testcase name="policies/tests/a.test.yaml:4:3 schema/required" classname="leadrules"><error message="\`metadata\` is missing \`description\`&#10;second line" type="schema/required">Add &lt;it&gt;.</error></testcase>`,
        `  </testsuite>`,
        `</testsuites>`,
        ``,
      ].join("\n"),
    );
  });
});

describe("test --format json", () => {
  it("the outcome, each case with expected and actual, coverage and the failed case as a diagnostic", async () => {
    const dir = fixtureWithTests();
    const run = await runCli(["test", "--policies", dir, "--format", "json", "--min-coverage", "50"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(["ok", "counts", "suites", "coverage", "diagnostics", "summary"]);
    expect(report.ok).toBe(false);
    expect(report.counts).toEqual({ cases: 2, passed: 1, failed: 1 });
    expect(report.suites).toHaveLength(1);
    expect(report.suites[0].name).toBe("grades");
    expect(report.suites[0].cases[1]).toEqual({
      name: 'a <big> & "odd" account ]]> gets grade A',
      line: 21,
      passed: false,
      failures: [
        { field: "grade", expected: "A", actual: "B" },
        { field: "stage", expected: "mql", actual: "lead" },
      ],
      inputErrors: [],
    });
    expect(report.coverage.minimum).toBe(50);
    const lifecycle = report.coverage.policies.find((p: { kind: string }) => p.kind === "Lifecycle");
    expect(lifecycle).toMatchObject({ percent: 0, belowMinimum: true, covered: [] });
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ code: "test/case-failed", severity: "error", file: path.join(dir, "tests/grades.test.yaml"), line: 21 }),
    ]);
    expect(report.summary).toEqual({ errors: 1, warnings: 0 });
  });

  it("is the same bytes on a second run", async () => {
    const dir = fixtureWithTests();
    const { set } = validatePolicyDirectory(dir);
    const once = await runPolicyTests(set, dir);
    const twice = await runPolicyTests(set, dir);
    const json = (r: typeof once) => formatTestJson({ results: r.results, diagnostics: testFailureDiagnostics(r.results), ok: false });
    expect(json(twice)).toBe(json(once));
  });

  it("policies with errors: one JSON document with their diagnostics, exit 1", async () => {
    const dir = policyFolder([{ file: "scoring.yaml", replace: "fact: employees, operator", with: "fact: headcount, operator" }]);
    const run = await runCli(["test", "--policies", dir, "--format", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(report.suites).toEqual([]);
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual(["crossref/unknown-fact"]);
  });
});

/** The SARIF 2.1.0 schema (draft-04, shipped by @microsoft/jest-sarif; see tests/fixtures/sarif/README.md), read by Ajv's draft-07. */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, "tests/fixtures/sarif/sarif-2.1.0-rtm.5.json"), "utf8"));
  // Draft-04 differs from draft-07 here only in `id` (no exclusiveMinimum or other changed keyword is used).
  const { $schema: _draft, id, ...rest } = schema;
  // The schema's `language` pattern has a stray `]` that only a non-Unicode regular expression accepts.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajvFormats.default(ajv);
  return ajv.compile({ $id: id, ...rest });
}

/** A copy of the base fixture whose scoring rule `fit.big` reads an unknown fact, at line 20, column 21 (hand-counted). */
function brokenFolder(): string {
  const dir = policyFolder([{ file: "scoring.yaml", replace: "fact: employees, operator", with: "fact: headcount, operator" }]);
  renameSync(path.join(dir, "scoring.yaml"), path.join(dir, "scoring model.yaml"));
  return dir;
}

describe("validate --format sarif", () => {
  const validate = sarifValidator();

  it("an error result at the hand-counted line and column, with its rule, valid against the SARIF 2.1.0 schema", () => {
    const dir = brokenFolder();
    const { diagnostics } = validatePolicyDirectory(dir);
    // Repository-relative paths, as the CLI run from the folder's parent gives them.
    const relative = diagnostics.map((d) => ({
      ...d,
      location: d.location && { ...d.location, file: path.relative(path.dirname(dir), d.location.file) },
    }));
    const text = formatSarif({ diagnostics: relative, tool, policies: path.basename(dir) });
    const log = JSON.parse(text);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0].tool;
    expect(driver).toEqual({
      name: "leadrules",
      version: "9.8.7",
      informationUri: "https://example.invalid/leadrules",
      rules: [
        {
          id: "crossref/unknown-fact",
          shortDescription: { text: "A condition reads a fact that is neither a dictionary field nor a derived fact." },
          helpUri: "https://example.invalid/leadrules/docs/diagnostics.md#crossrefunknown-fact",
        },
      ],
    });
    expect(log.runs[0].results).toEqual([
      {
        ruleId: "crossref/unknown-fact",
        ruleIndex: 0,
        level: "error",
        message: { text: expect.stringContaining("rule `fit.big` reads the fact `headcount`") },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: `${path.basename(dir)}/scoring%20model.yaml` },
              region: { startLine: 20, startColumn: 21 },
            },
          },
        ],
      },
    ]);
    expect(formatSarif({ diagnostics: [...relative].reverse(), tool, policies: path.basename(dir) })).toBe(text);
  });

  it("warnings and notes by their levels, one rule per code, a file-less problem at the policy folder, no region without a line", () => {
    const log = JSON.parse(
      formatSarif({
        tool,
        policies: "./policies",
        diagnostics: [
          {
            code: "logic/routing-overlap",
            severity: "info",
            message: "order decides",
            location: { file: "policies/routing.yaml", line: 3, column: 5 },
          },
          { code: "policy/missing-dictionary", severity: "error", message: "no dictionary" },
          { code: "logic/routing-gap", severity: "warning", message: "gap", location: { file: "policies/routing.yaml" } },
          {
            code: "logic/routing-overlap",
            severity: "info",
            message: "again",
            location: { file: "policies/routing.yaml", line: 9, column: 0 },
          },
        ],
      }),
    );
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      "logic/routing-gap",
      "logic/routing-overlap",
      "policy/missing-dictionary",
    ]);
    expect(run.results.map((r: { level: string; ruleIndex: number }) => [r.level, r.ruleIndex])).toEqual([
      ["error", 2],
      ["warning", 0],
      ["note", 1],
      ["note", 1],
    ]);
    expect(run.results[0].locations).toEqual([{ physicalLocation: { artifactLocation: { uri: "policies/" } } }]);
    expect(run.results[1].locations).toEqual([{ physicalLocation: { artifactLocation: { uri: "policies/routing.yaml" } } }]);
    // SARIF columns start at 1.
    expect(run.results[3].locations[0].physicalLocation.region).toEqual({ startLine: 9, startColumn: 1 });
  });

  it("artifact URIs: forward slashes, no ./, each segment percent-encoded", () => {
    expect(artifactUri("./policies\\a b#1%.yaml")).toBe("policies/a%20b%231%25.yaml");
    expect(artifactUri("policies/r\u00E9gles.yaml")).toBe("policies/r%C3%A9gles.yaml");
    expect(artifactUri("policies/\uD800.yaml")).toBe("policies/%EF%BF%BD.yaml");
  });

  it("every code's help anchor is a heading of docs/diagnostics.md", () => {
    const doc = readFileSync(path.join(repoRoot, "docs/diagnostics.md"), "utf8");
    const headings = new Set([...doc.matchAll(/^### (.+)$/gm)].map((m) => m[1]!));
    for (const code of Object.keys(diagnosticCodes) as DiagnosticCode[]) {
      expect(headings.has(code), code).toBe(true);
      expect(diagnosticDocAnchor(code)).toBe(code.replace("/", ""));
    }
  });

  it("the built CLI writes it for a broken folder and exits 1", () => {
    const dir = brokenFolder();
    let stdout = "";
    let status = 0;
    try {
      execFileSync("node", [path.join(repoRoot, "bin/leadrules.js"), "validate", "--policies", path.basename(dir), "--format", "sarif"], {
        cwd: path.dirname(dir),
        encoding: "utf8",
        env: { ...process.env, LEADRULES_CACHE: "off" },
      });
    } catch (error) {
      ({ stdout, status } = error as { stdout: string; status: number });
    }
    expect(status).toBe(1);
    const log = JSON.parse(stdout);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const version = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
    expect(log.runs[0].tool.driver.version).toBe(version);
    expect(log.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: `${path.basename(dir)}/scoring%20model.yaml` },
      region: { startLine: 20, startColumn: 21 },
    });
  });
});

describe("compile and docs --format json", () => {
  it("lists the files written, then with --check the stale, missing and extra ones and how many are unchanged", async () => {
    const dir = policyFolder();
    const out = path.join(makeTempDir(), "rules");
    const wrote = await runCli(["compile", "--policies", dir, "--out", out, "--format", "json"]);
    expect(wrote.code).toBe(0);
    expect(JSON.parse(wrote.stdout)).toEqual({
      ok: true,
      check: false,
      folders: [
        {
          directory: out,
          written: [
            "content.rules.json",
            "index.json",
            "lifecycle.rules.json",
            "retention.rules.json",
            "routing.rules.json",
            "scoring.rules.json",
          ],
          removed: [],
        },
      ],
      diagnostics: [],
      summary: { errors: 0, warnings: 0 },
    });
    writeFileSync(path.join(out, "routing.rules.json"), "[]\n");
    writeFileSync(path.join(out, "old.rules.json"), "[]\n");
    const checked = await runCli(["compile", "--policies", dir, "--out", out, "--check", "--format", "json"]);
    expect(checked.code).toBe(1);
    expect(JSON.parse(checked.stdout).folders).toEqual([
      { directory: out, upToDate: false, files: 7, unchanged: 6, stale: ["routing.rules.json"], missing: [], extra: ["old.rules.json"] },
    ]);
    expect(JSON.parse(checked.stdout).ok).toBe(false);
  });

  it("docs --check on an empty folder: every file missing, one document on stdout", async () => {
    const dir = policyFolder();
    const out = makeTempDir();
    const run = await runCli(["docs", "--policies", dir, "--out", out, "--check", "--format", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(report.folders.map((f: { directory: string }) => f.directory)).toEqual([path.join(out, "docs"), path.join(out, "site")]);
    for (const folder of report.folders) {
      expect(folder.unchanged).toBe(0);
      expect(folder.missing).toHaveLength(folder.files);
    }
  });
});

describe("owners --format json", () => {
  it("says the file's state, its problems and the outcome", () => {
    const report = JSON.parse(
      formatOwnersJson({
        ok: false,
        file: ".github/CODEOWNERS",
        check: true,
        state: "stale",
        written: false,
        problems: ["docs/ has no owner"],
        diagnostics: [],
      }),
    );
    expect(report).toEqual({
      ok: false,
      check: true,
      file: ".github/CODEOWNERS",
      state: "stale",
      written: false,
      problems: ["docs/ has no owner"],
      diagnostics: [],
      summary: { errors: 0, warnings: 0 },
    });
  });

  it("the CLI reports a stale file with exit 1", async () => {
    const out = path.join(makeTempDir(), "CODEOWNERS");
    writeFileSync(out, "# old\n");
    const run = await runCli(["owners", "--check", "--out", out, "--team-prefix", "@northwind/", "--format", "json"]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, check: true, file: out, state: "stale", written: false });
  });
});

describe("run --format json", () => {
  it("the policies, the tests and their failures, and that there are no sample leads", async () => {
    const dir = fixtureWithTests();
    const run = await runCli(["run", "--policies", dir, "--format", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual([
      "ok",
      "exitCode",
      "policies",
      "tests",
      "leads",
      "simulation",
      "nurture",
      "diagnostics",
      "summary",
    ]);
    expect(report).toMatchObject({ ok: false, exitCode: 1, policies: { directory: dir, count: 6 }, simulation: null, nurture: null });
    expect(report.tests.counts).toEqual({ cases: 2, passed: 1, failed: 1 });
    expect(report.tests.failures.map((f: { name: string }) => f.name)).toEqual(['a <big> & "odd" account ]]> gets grade A']);
    expect(report.leads).toEqual({ file: path.join(dir, "samples/leads.csv"), exists: false, asOf: "2026-06-01T12:00:00.000Z" });
    expect(report.diagnostics.filter((d: { severity: string }) => d.severity === "error").map((d: { code: string }) => d.code)).toEqual([
      "test/case-failed",
    ]);
  });
});

describe("--help of every command", () => {
  const noRun = async () => {};
  const names = createProgram({ stdout: () => {}, stderr: () => {}, isTty: false }, noRun).commands.map((c) => c.name());

  it("lists the commands it checks", () => {
    expect(names).toEqual(expect.arrayContaining(["validate", "test", "owners", "compile", "docs", "run"]));
    expect(names.length).toBeGreaterThanOrEqual(14);
  });

  it.each(names)("%s --help shows examples of itself and the exit codes", async (name) => {
    const run = await runCli([name, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`\\nExamples:\\n(  \\$ leadrules ${name}( .*)?\\n)+\\nExit codes:\\n`));
    expect(run.stdout).toContain(exitCodesHelp());
    for (const code of ["0", "1", "2", "3"]) expect(run.stdout).toMatch(new RegExp(`\\n  ${code}  \\S`));
  });

  it.each(["test", "owners", "compile", "docs", "run"])("%s offers --format json", async (name) => {
    expect((await runCli([name, "--help"])).stdout).toMatch(/--format <format> +output format: text, json/);
  });
});
