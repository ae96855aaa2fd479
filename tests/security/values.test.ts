/**
 * Issue 17, "Safe at every boundary": values that stall a run or silently change meaning.
 * Finding 4 (one row stalls or kills a run: a `12/31/9999` first touch, a lead dated 0000 or
 * +275760, a `matches` pattern that backtracks catastrophically) and the date and YAML parts of
 * finding 11 (silent accepts: `%YAML 1.1` honoured, `--as-of 2026-02-31` rolled over to March).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileConditions } from "../../src/compile/compile-condition.js";
import { customOperatorFunctions } from "../../src/compile/operators.js";
import { parseYaml } from "../../src/load/parse-yaml.js";
import { createBusinessCalendar, simulateLeads, specOf, validatePolicyDirectory } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { qualifiedLead } from "../helpers/leads.js";
import { corpusAsOf, validSet } from "../helpers/policies.js";
import { bundledPolicies, makeTempDir, policyFolder } from "../helpers/policy-fixtures.js";

const set = validSet();

const exportText = readFileSync(path.join(bundledPolicies, "samples/production-export.csv"), "utf8");
const exportRows = exportText.trim().split("\n").length - 1;

/** The committed production export with one cell of its first data row replaced. */
function exportWith(column: string, value: string): string {
  const [header, first, ...rest] = exportText.split("\n");
  const index = header!.split(",").indexOf(column);
  const cells = first!.split(",");
  cells[index] = value;
  const file = path.join(makeTempDir(), "export.csv");
  writeFileSync(file, [header, cells.join(","), ...rest].join("\n"));
  return file;
}

async function simulateOne(values: Record<string, unknown>) {
  return simulateLeads(set, [{ record: { row: 1, values } }, { record: { row: 2, values: qualifiedLead({ leadId: "00QOK" }) } }], {
    asOf: corpusAsOf,
  });
}

describe("4. one row stalls or kills a run", () => {
  it("a first touch of 12/30/9999 (past the plausible dates, and not a listed 'no date') is a bad value of its row in audit, and the rest is audited", async () => {
    const file = exportWith("First Touch", "12/30/9999");
    const audit = (...extra: string[]) =>
      runCli(["audit", "--leads", file, "--source", "sfdc-report", "--as-of", corpusAsOf, "--format", "json", ...extra]);
    type Report = {
      leads: number;
      read: { flagged: number; problems: { column: string; value?: string; lines: number[] }[] };
      findings: { check: string; subject: string; leads: string[] }[];
    };
    // The committed export has bad rows of its own (its hygiene findings): count them, to allow exactly those.
    const committed = JSON.parse(
      (
        await runCli([
          "audit",
          "--leads",
          path.join(bundledPolicies, "samples/production-export.csv"),
          "--source",
          "sfdc-report",
          "--as-of",
          corpusAsOf,
          "--format",
          "json",
        ])
      ).stdout,
    ) as Report;
    const ownBadRows = committed.read.flagged;
    // The row with the bad first touch is one more bad row (flagged, its first touch read as empty): the whole
    // file is still read and audited, and the run fails (exit 2) unless --max-bad-rows allows it.
    const strict = await audit("--max-bad-rows", String(ownBadRows));
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(
      'flagged: column "First Touch": "12/30/9999" is outside the plausible dates 1900-01-01 to 2200-12-31: 1 row (line 2)',
    );
    const run = await audit("--max-bad-rows", String(ownBadRows + 1));
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.leads).toBe(exportRows);
    expect(report.read.flagged).toBe(ownBadRows + 1);
    expect(report.read.problems).toContainEqual(expect.objectContaining({ column: "First Touch", value: "12/30/9999", lines: [2] }));
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: "invalid-value", subject: "First Touch", leads: ["00Q100000A"] }),
    );
  }, 60_000);

  it("reads a source system's listed 'no date' values as empty, in any spelling of that day", async () => {
    // The bundled dictionary lists Salesforce's 12/31/9999 and 1/1/1900 for sfdc-report.
    const withSentinels = set;
    const records = ["12/31/9999", "9999-12-31T00:00:00Z", "1/1/1900"].map((firstTouch) => ({
      row: 1,
      values: { "Lead ID": "00QX", "First Touch": firstTouch, "Create Date": "05/29/2026 20:00" },
    }));
    for (const record of records) {
      const result = await simulateLeads(withSentinels, [{ record }], { asOf: corpusAsOf, source: "sfdc-report" });
      // The record lacks other fields (flagged for those); its first touch is no bad value, only empty.
      expect(
        result.read.problems.filter((p) => p.field === "firstTouchAt"),
        record.values["First Touch"],
      ).toEqual([]);
      expect(result.rows.map((r) => r.id)).toEqual(["00QX"]);
      expect(result.rows[0]!.flagged?.map((f) => f.field) ?? []).not.toContain("firstTouchAt");
    }
    // A day next to the sentinel is no "no date": a bad value, flagged.
    const near = await simulateLeads(
      withSentinels,
      [{ record: { row: 1, values: { "Lead ID": "00QX", "First Touch": "12/30/9999", "Create Date": "05/29/2026 20:00" } } }],
      { asOf: corpusAsOf, source: "sfdc-report" },
    );
    expect(near.read.problems).toEqual([
      expect.objectContaining({
        field: "firstTouchAt",
        value: "12/30/9999",
        problem: expect.stringContaining("outside the plausible dates"),
      }),
    ]);
    // Without --source no system is named, so the same value is a bad value, not a silent empty.
    const unsourced = await simulateLeads(withSentinels, [{ record: { row: 1, values: qualifiedLead({ createdAt: "9999-12-31" }) } }], {
      asOf: corpusAsOf,
    });
    expect(unsourced.read.problems).toEqual([
      expect.objectContaining({
        code: "input/row",
        field: "createdAt",
        value: "9999-12-31",
        problem: expect.stringContaining("outside the plausible dates"),
        lines: [1],
      }),
    ]);
    expect(unsourced.rows[0]!.flagged?.map((f) => f.field)).toEqual(["createdAt"]);
  }, 60_000);

  it("a lead dated 0000-01-01, +275760-09-13 or 1899-12-31 is a bad value of its row; the next row still runs", async () => {
    for (const createdAt of ["0000-01-01", "0000-01-01T00:00:00Z", "+275760-09-13T00:00:00.000Z", "1899-12-31", "2201-01-01T00:00:00Z"]) {
      const result = await simulateOne(qualifiedLead({ createdAt }));
      // The bad date is reported at its row and read as empty; the lead is still decided, flagged, and so is the next.
      expect(result.read.problems, createdAt).toEqual([
        expect.objectContaining({ code: "input/row", field: "createdAt", value: createdAt, lines: [1] }),
      ]);
      expect(result.read.flagged).toBe(1);
      expect(result.read.failures).toEqual([expect.stringContaining("1 bad row(s)")]);
      expect(result.rows.map((r) => r.id)).toEqual(["00QTEST001", "00QOK"]);
      expect(result.rows[0]!.flagged?.map((f) => f.field)).toEqual(["createdAt"]);
      expect(result.rows[1]!.flagged).toBeUndefined();
    }
  }, 60_000);

  it("the audit's business-hours arithmetic never walks the years between a lead's dates", async () => {
    const routing = specOf(set, "Routing")!;
    const calendar = createBusinessCalendar(routing.calendars[0]!);
    // Far outside any plausible date: refused at once instead of laid out year by year.
    expect(() => calendar.isOpen(Date.parse("0000-01-01T00:00:00Z"))).toThrow(/outside the years calendars cover/);
    expect(() => calendar.hoursBetween(Date.parse("2026-01-01T00:00:00Z"), Date.UTC(9999, 11, 31))).toThrow(
      /outside the years calendars cover/,
    );
    // The plausible extremes still answer.
    expect(calendar.hoursBetween(Date.parse("2200-12-30T00:00:00Z"), Date.parse("2200-12-31T23:00:00Z"))).toBeGreaterThanOrEqual(0);
    expect(calendar.isOpen(Date.parse("1900-01-01T00:00:00Z"))).toBe(false);
  });

  // Each of these took from 5 s to minutes on one title with V8's backtracking RegExp, and
  // safe-regex2 passed all of them: matching is now RE2's, linear in the value whatever the pattern.
  const backtrackers = [
    { pattern: "(a|a)*b", title: "a".repeat(40), match: "aaab" },
    { pattern: "(?i)(\\w|\\d)+$", title: `${"a".repeat(60)}!`, match: "Data1" },
    { pattern: "^(a|aa)+$", title: `${"a".repeat(46)}b`, match: "a".repeat(47) },
    { pattern: "[\\s\\S]*?[\\s\\S]*?[\\s\\S]*?x", title: "y".repeat(3_000), match: "yyx" },
    { pattern: "^(a+)+$", title: `${"a".repeat(33)}b`, match: "aaa" },
  ];

  it("patterns that backtrack catastrophically pass validate and cannot stall simulate: both evaluators agree on the long titles", async () => {
    const dir = policyFolder(
      [
        {
          file: "scoring-model.yaml",
          replace: String.raw`when: { fact: title, operator: matches, value: "(?i)\\b(chief data|head of data|data platform|analytics)\\b" }`,
          with: `when: { any: [${backtrackers.map((b) => `{ fact: title, operator: matches, value: ${JSON.stringify(b.pattern)} }`).join(", ")}] }`,
        },
      ],
      bundledPolicies,
    );
    expect(validatePolicyDirectory(dir).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const withPatterns = validSet(dir);
    const titles = backtrackers.flatMap((b) => [b.title, b.match]);
    const inputs = titles.map((title, i) => ({ record: { row: i + 1, values: qualifiedLead({ leadId: `00Q${i}`, title }) } }));
    const compiled = await simulateLeads(withPatterns, inputs, { asOf: corpusAsOf, engine: "compiled" });
    const reference = await simulateLeads(withPatterns, inputs, { asOf: corpusAsOf, engine: "reference" });
    expect(compiled.rows).toHaveLength(titles.length);
    expect(reference.rows).toEqual(compiled.rows);
    // Per pattern: the long title does not match, the short one does, in both evaluators.
    const reference1 = customOperatorFunctions(Date.parse(corpusAsOf)).matches;
    for (const { pattern, title, match } of backtrackers) {
      const holds = compileConditions([{ fact: "title", operator: "matches", value: pattern }], Date.parse(corpusAsOf));
      expect(
        [holds({ title } as never)[0], reference1(title, pattern), holds({ title: match } as never)[0], reference1(match, pattern)],
        pattern,
      ).toEqual([false, false, true, true]);
    }
  }, 60_000);

  it("validate refuses, at its line with a hint, a pattern RE2 cannot match in linear time: backreferences, lookarounds, huge counted repeats", () => {
    const refused = [
      { pattern: "(vp)\\s\\1", code: "crossref/invalid-regex", says: "uses a backreference (`\\1`)" },
      { pattern: "(?i)^(?!intern)", code: "crossref/invalid-regex", says: "uses a negative lookahead" },
      { pattern: "(?<=head of )data", code: "crossref/invalid-regex", says: "uses a lookbehind" },
      { pattern: "(?i)(vp|director", code: "crossref/invalid-regex", says: "is not a valid regular expression: missing closing )" },
      { pattern: "[a-z]{0,1000}x[a-z]{0,1000}", code: "crossref/unsafe-regex", says: "is too large to match quickly" },
    ];
    for (const { pattern, code, says } of refused) {
      const dir = policyFolder([
        {
          file: "scoring.yaml",
          replace: "when: { fact: country, operator: in, value: [US, GB] }",
          with: `when: { fact: title, operator: matches, value: ${JSON.stringify(pattern)} }`,
        },
      ]);
      const { diagnostics } = validatePolicyDirectory(dir);
      expect(diagnostics, pattern).toHaveLength(1);
      expect(diagnostics[0], pattern).toMatchObject({
        code,
        severity: "error",
        location: { line: 25, column: 54 },
        ruleId: expect.any(String),
        hint: expect.any(String),
      });
      expect(diagnostics[0]!.message, pattern).toContain(says);
    }
    // A class or an escape that only looks like a lookaround is not reported as one.
    const lookalike = policyFolder([
      {
        file: "scoring.yaml",
        replace: "when: { fact: country, operator: in, value: [US, GB] }",
        with: `when: { fact: title, operator: matches, value: ${JSON.stringify("[(?=]\\\\1\\(?!")} }`,
      },
    ]);
    expect(validatePolicyDirectory(lookalike).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(validatePolicyDirectory(bundledPolicies).diagnostics.filter((d) => d.code.endsWith("-regex"))).toEqual([]);
  });

  it("a day count beyond the plausible dates in a condition is a located error, not an internal error (exit 3)", async () => {
    const dir = policyFolder([
      { file: "scoring.yaml", replace: "daysSinceLessThanInclusive, value: 7 }", with: "daysSinceLessThanInclusive, value: 1000000000 }" },
    ]);
    const run = await runCli(["validate", "--policies", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(
      "scoring.yaml:30:82 error crossref/value-type: `daysSinceLessThanInclusive` needs a whole number of days from 0 to 109938",
    );
  });

  it("matches lead values on their first 1,000 characters, in both evaluators", () => {
    const condition = { fact: "title", operator: "matches", value: "data$" } as const;
    const compiled = compileConditions([condition], Date.parse(corpusAsOf));
    const reference = customOperatorFunctions(Date.parse(corpusAsOf)).matches;
    const short = `${"x".repeat(990)} data`;
    const long = `${"x".repeat(1_000)} data`;
    expect([compiled({ title: short } as never)[0], reference(short, "data$")]).toEqual([true, true]);
    expect([compiled({ title: long } as never)[0], reference(long, "data$")]).toEqual([false, false]);
  });
});

describe("11. silent accepts of dates and YAML", () => {
  it("--as-of 2026-02-31 is a usage error (exit 2), not 3 March; so are 0000 and 9999", async () => {
    for (const asOf of ["2026-02-31", "2026-02-29T12:00:00Z", "2026-06-01T24:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T00:00:00Z"]) {
      const run = await runCli(["simulate", "--leads", path.join(bundledPolicies, "samples/leads.csv"), "--as-of", asOf]);
      expect(run.code, asOf).toBe(2);
      expect(run.stderr).toContain(asOf);
      expect(run.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    }
  });

  it("an impossible day in a lead is a bad value, not the day it rolls over to", async () => {
    const result = await simulateOne(qualifiedLead({ stageEnteredAt: "2026-02-31", createdAt: "2026-04-31T10:00:00Z" }));
    expect(result.read.problems.map((p) => [p.field, p.value, p.problem])).toEqual([
      ["createdAt", "2026-04-31T10:00:00Z", "is not a real date and time"],
      ["stageEnteredAt", "2026-02-31", "is not a real date and time"],
    ]);
    expect(result.rows[0]!.flagged?.map((f) => f.field)).toEqual(["createdAt", "stageEnteredAt"]);
  });

  it("a date in a condition must be a real, plausible day", () => {
    for (const [value, why] of [
      ["2026-02-31", "a day that does not exist"],
      ["9999-12-31", "an implausible day"],
    ]) {
      const dir = policyFolder([
        {
          file: "scoring.yaml",
          replace: "when: { fact: country, operator: in, value: [US, GB] }",
          with: `when: { fact: createdAt, operator: equal, value: "${value}" }`,
        },
      ]);
      const messages = validatePolicyDirectory(dir).diagnostics.map((d) => d.message);
      expect(messages, why).toContainEqual(
        expect.stringContaining(`must be an RFC 3339 date from 1900-01-01 to 2200-12-31, got "${value}"`),
      );
    }
  });

  it("a policy test suite's asOf of year 0000 is an error at its line, not a run 2,000 years back", async () => {
    const dir = policyFolder(
      [{ file: "tests/routing.test.yaml", replace: "asOf: 2026-06-01T12:00:00Z", with: "asOf: 0000-01-01T00:00:00Z" }],
      bundledPolicies,
    );
    const run = await runCli(["test", "--policies", dir]);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(
      /routing\.test\.yaml:7:\d+.*`asOf` must be an RFC 3339 date-time with an offset, got the text "0000-01-01T00:00:00Z", which is outside the plausible dates/,
    );
  }, 60_000);

  it("a %YAML 1.1 directive is an error at its line, so `0500` and `on` are never read as 320 and true", () => {
    const parsed = parseYaml("policy.yaml", "# a comment\n%YAML 1.1\n---\nmode: 0500\nenabled: on\n", { requireMapping: false });
    expect(parsed.diagnostics).toMatchObject([
      { code: "yaml/version", severity: "error", location: { file: "policy.yaml", line: 2, column: 1 } },
    ]);
    // Without a directive the core schema applies, as before.
    expect(parseYaml("policy.yaml", "mode: 0500\nenabled: on\n").value).toEqual({ mode: 500, enabled: "on" });
  });
});

describe("YAML tags and nesting the core schema does not read", () => {
  it("an unknown tag is an error at the tag, not silently dropped", () => {
    const parsed = parseYaml("policy.yaml", "metadata:\n  version: !custom 2.2.0\n");
    expect(parsed.diagnostics).toMatchObject([
      {
        code: "yaml/tag",
        severity: "error",
        message: expect.stringContaining("!custom"),
        location: { file: "policy.yaml", line: 2, column: 12 },
        hint: expect.any(String),
      },
    ]);
  });

  it("!!binary, !!set and !!timestamp are the same located error, not a mapping, bytes or a date; core tags still work", () => {
    for (const [text, column] of [
      ["logo: !!binary aGVsbG8=\n", 7],
      ["ids: !!set {a, b}\n", 6],
      ["at: !!timestamp 2026-01-01\n", 5],
      ["x: !<tag:yaml.org,2002:binary> aGk=\n", 4],
    ] as const) {
      const parsed = parseYaml("policy.yaml", text, { requireMapping: false });
      expect(parsed.diagnostics, text).toMatchObject([{ code: "yaml/tag", location: { line: 1, column } }]);
      expect(parsed.value, text).toBeUndefined();
    }
    expect(parseYaml("policy.yaml", "a: !!str 0500\nb: !!int '7'\nc: !!map {d: !!seq [1]}\n").value).toEqual({
      a: "0500",
      b: 7,
      c: { d: [1] },
    });
  });

  it("5,000 nested [ is one located 'nesting deeper than' error, not a leaked stack overflow; so is deep block nesting", async () => {
    const flow = parseYaml("policy.yaml", `apiVersion: leadrules/v1\nspec: ${"[".repeat(5_000)}${"]".repeat(5_000)}\n`);
    expect(flow.diagnostics).toMatchObject([
      {
        code: "yaml/nesting",
        severity: "error",
        message: "nesting deeper than 100 levels",
        location: { file: "policy.yaml", line: 2, column: 107 },
      },
    ]);
    const block = parseYaml("policy.yaml", `spec:\n${Array.from({ length: 150 }, (_, i) => `${" ".repeat(2 * i)}k${i}:`).join("\n")} x\n`, {
      requireMapping: false,
    });
    expect(block.diagnostics.map((d) => [d.code, d.message])).toEqual([["yaml/nesting", "nesting deeper than 100 levels"]]);
    // Brackets inside quoted text are text, not nesting.
    expect(parseYaml("policy.yaml", `a: "${"[".repeat(500)}"\n`).diagnostics).toEqual([]);
    // Through the CLI: one line, exit 1, no stack.
    const dir = policyFolder([
      {
        file: "scoring.yaml",
        replace: "when: { fact: country, operator: in, value: [US, GB] }",
        with: `when: ${"[".repeat(5_000)}${"]".repeat(5_000)}`,
      },
    ]);
    const run = await runCli(["validate", "--policies", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/scoring\.yaml:25:\d+ error yaml\/nesting: nesting deeper than 100 levels/);
    expect(run.stdout + run.stderr).not.toMatch(/Maximum call stack|\n\s+at /);
  });
});
