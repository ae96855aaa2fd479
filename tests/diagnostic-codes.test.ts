/**
 * Every code in the closed list (src/diagnostics/codes.ts, docs/diagnostics.md)
 * is emitted by a fixture: the validate golden cases (tests/cases/validate/*,
 * expected.json) emit most; each other code has an emitter below that makes it
 * happen through the library, or names the test whose scenario asserts it. A
 * code that nothing emits is removed from the list and the docs, not kept.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  auditLeadFile,
  diagnosticCodes,
  diffVersions,
  explainLeadInFile,
  findingDiagnostics,
  gateDiagnostics,
  readSendLog,
  readSignals,
  readTeams,
  runPolicyTests,
  simulateLeadFile,
  specOf,
  testFailureDiagnostics,
  UsageError,
  validatePolicies,
  validatePolicyDirectory,
  type Diagnostic,
} from "../src/index.js";
import { formatGithub, formatJson } from "../src/format/diagnostics-format.js";
import { formatProblemLines } from "../src/format/problem-lines.js";
import { fullHeader, fullLeadLine } from "./helpers/full-leads.js";
import { policyRepo } from "./helpers/git-repo.js";
import { validSet } from "./helpers/policies.js";
import { bundledPolicies, makeTempDir, policyFolder, repoRoot } from "./helpers/policy-fixtures.js";

const asOf = "2026-06-01T12:00:00.000Z";
const set = validSet();

/** A file in a fresh folder. */
function tempFile(name: string, text: string): string {
  const file = path.join(makeTempDir(), name);
  writeFileSync(file, text);
  return file;
}

/** The diagnostics of a simulation of `leads`, or those the UsageError that stopped it carries. */
async function simulated(leads: string, flags: Record<string, unknown> = {}): Promise<readonly Diagnostic[]> {
  try {
    const { diagnostics, read } = await simulateLeadFile(
      set,
      { policies: bundledPolicies, leads, asOf, format: "ndjson", engine: "compiled", workers: 1, maxBadRows: "100%", ...flags },
      () => {},
    );
    // Bad rows are counted into the read report by code; each group stands for its rows.
    return [...diagnostics, ...read.problems.map((g) => ({ code: g.code, severity: "error" as const, message: g.problem }))];
  } catch (error) {
    return thrown(error);
  }
}

function thrown(error: unknown): readonly Diagnostic[] {
  if (error instanceof UsageError) return error.diagnostics;
  throw error;
}

type Emitter = (() => Promise<readonly Diagnostic[]> | readonly Diagnostic[]) | { assertedIn: string };

const emitters: Partial<Record<string, Emitter>> = {
  "yaml/nesting": () => validatePolicies([{ file: "deep.yaml", text: `a: ${"[".repeat(150)}${"]".repeat(150)}\n` }]).diagnostics,
  "policy/no-files": () => validatePolicyDirectory(makeTempDir()).diagnostics,
  // Policies name their kind before the schema is asked; test files and mappings meet `const: PolicyTest` in the schema.
  "schema/const": async () => {
    const dir = policyFolder(
      [
        {
          file: "tests/wrong-kind.test.yaml",
          content: "apiVersion: leadrules/v1\nkind: PolicyTests\nmetadata: { name: wrong-kind }\nasOf: 2026-06-01T12:00:00Z\ncases: []\n",
        },
      ],
      bundledPolicies,
    );
    return (await runPolicyTests(validSet(dir), dir)).diagnostics;
  },
  "logic/routing-overlap": () => validatePolicyDirectory(bundledPolicies).diagnostics,
  "logic/approval-missing": () => validatePolicyDirectory(bundledPolicies).diagnostics,
  "logic/contradiction": { assertedIn: "tests/decision-logic.test.ts" },
  "logic/dead-end-stage": { assertedIn: "tests/decision-logic.test.ts" },
  "logic/gate-unsatisfiable": { assertedIn: "tests/decision-logic.test.ts" },
  "logic/oscillation": { assertedIn: "tests/decision-logic.test.ts" },
  "logic/retention-gap": { assertedIn: "tests/decision-logic.test.ts" },
  "logic/routing-gap": { assertedIn: "tests/decision-logic.test.ts" },
  "logic/routing-shadowed": { assertedIn: "tests/decision-logic.test.ts" },
  "logic/sla-order": { assertedIn: "tests/decision-logic.test.ts" },
  "logic/unreachable-stage": { assertedIn: "tests/decision-logic.test.ts" },
  "logic/unreachable-threshold": { assertedIn: "tests/decision-logic.test.ts" },
  "logic/grade-unreachable": { assertedIn: "tests/fixtures/defects/grade-bands-lowest-first.yaml" },
  "logic/scoring-duplicate": { assertedIn: "tests/fixtures/defects/scoring-duplicate.yaml" },
  "logic/scoring-overlap": { assertedIn: "tests/fixtures/defects/scoring-overlap.yaml" },
  "logic/transition-shadowed": { assertedIn: "tests/fixtures/defects/transition-shadowed.yaml" },
  "logic/retention-shadowed": { assertedIn: "tests/fixtures/defects/retention-shadowed.yaml" },
  "logic/retention-category-unused": { assertedIn: "tests/fixtures/defects/retention-category-unused.yaml" },
  "logic/undecided": { assertedIn: "tests/analysis-soundness.test.ts" },
  "logic/nurture-overlap": { assertedIn: "tests/fixtures/nurture-defects/overlap-equal-priority.yaml" },
  "logic/nurture-unreachable-step": { assertedIn: "tests/fixtures/nurture-defects/step-jumped-over.yaml" },
  "logic/nurture-exit-on-entry": { assertedIn: "tests/fixtures/nurture-defects/exit-on-entry.yaml" },
  "logic/nurture-asset-unsendable": { assertedIn: "tests/fixtures/nurture-defects/asset-stage-excluded.yaml" },
  "logic/nurture-consent-blocked": { assertedIn: "tests/fixtures/nurture-defects/consent-blocks-region.yaml" },
  "logic/nurture-no-program": () => validatePolicyDirectory(bundledPolicies).diagnostics,
  "input/unreadable": () => simulated(makeTempDir()),
  "input/format": () => simulated(tempFile("leads.txt", "leadId\n1\n")),
  "input/row": () => simulated(tempFile("leads.csv", `${fullHeader}\n${fullLeadLine({ industry: "widgets" })}\n`)),
  "input/missing-value": () =>
    simulated(tempFile("leads.csv", `${fullHeader}\n${fullLeadLine({ email: "" })}\n${fullLeadLine({ leadId: "" }, 1)}\n`)),
  "input/missing-column": () => simulated(tempFile("leads.csv", `${fullHeader.replace(",country,", ",land,")}\n${fullLeadLine({})}\n`)),
  "input/unmapped": () => simulated(tempFile("leads.csv", "Lead Number,Mail\n1,a@b.example\n")),
  "input/mapping": () =>
    simulated(tempFile("leads.csv", `${fullHeader}\n${fullLeadLine({})}\n`), {
      mapping: tempFile(
        "m.mapping.yaml",
        "apiVersion: leadrules/v1\nkind: LeadMapping\nmetadata: { name: m }\nspec:\n  columns: { noSuchField: Whatever }\n",
      ),
    }),
  "input/join": () =>
    simulated(tempFile("leads.csv", `${fullHeader}\n${fullLeadLine({})}\n`), {
      join: tempFile("deals.csv", "dealId,amount\n1,10\n"),
      on: "leadId",
    }),
  "input/send-log": async () => {
    try {
      await readSendLog(tempFile("sends.csv", "lead,program,step,channel,sent_at\n00Q1,welcome,welcome-email,fax,2026-06-01T09:00:00Z\n"));
      return [];
    } catch (error) {
      return thrown(error);
    }
  },
  "input/signals": async () => {
    try {
      readSignals(tempFile("signals.yaml", "syncLagMinutes: 5\nprograms: { nope: { bounceRate: 0.1 } }\n"), specOf(set, "NurtureProgram")!);
      return [];
    } catch (error) {
      return thrown(error);
    }
  },
  "input/approvals": () => {
    try {
      readTeams(tempFile("teams.json", '{ "northwind/legal": ["alice", 7] }\n'));
      return [];
    } catch (error) {
      return thrown(error);
    }
  },
  "input/duplicate-id": () => simulated(tempFile("leads.csv", `${fullHeader}\n${fullLeadLine({})}\n${fullLeadLine({})}\n`)),
  "input/unknown-lead": async () => {
    try {
      await explainLeadInFile(set, tempFile("leads.csv", `${fullHeader}\n${fullLeadLine({})}\n`), "no-such-lead", { asOf });
      return [];
    } catch (error) {
      return thrown(error);
    }
  },
  "test/case-failed": async () => {
    const dir = policyFolder(
      [
        {
          file: "tests/content.test.yaml",
          replace: "expect: { contentIncludes: [customer-story-acme] }",
          with: "expect: { contentExcludes: [customer-story-acme] }",
        },
      ],
      bundledPolicies,
    );
    return testFailureDiagnostics((await runPolicyTests(validSet(dir), dir)).results);
  },
  "diff/version-gate": async () => {
    const repo = policyRepo();
    // A behaviour change (MQL at 90 points) without the minor version it needs.
    repo.edit("scoring-model.yaml", "minimums: { total: 100, fit: 30 }", "minimums: { total: 90, fit: 30 }");
    const { report } = await diffVersions({
      policies: repo.policies,
      base: "HEAD",
      asOf,
      leads: tempFile("leads.csv", `${fullHeader}\n${fullLeadLine({})}\n`),
    });
    return gateDiagnostics(report!.violations);
  },
  "audit/finding": async () => findingDiagnostics((await audited("complete.csv")).report),
  "audit/limit-exceeded": async () => (await audited("complete.csv", { failOn: { any: { limit: 0, percent: false } } })).problems,
  "audit/not-checked": async () => (await audited("without-production.csv")).problems,
};

function audited(fixture: string, options: Partial<Parameters<typeof auditLeadFile>[1]> = {}) {
  return auditLeadFile(set, {
    policies: bundledPolicies,
    leads: path.join(repoRoot, "tests/fixtures/audit", fixture),
    source: "sfdc-report",
    asOf,
    allowMissing: ["ownerId"],
    ...options,
  });
}

/** Codes the validate golden cases emit (checked exactly by validate-cases.test.ts). */
const goldenCodes = new Set(
  readdirSync(path.join(repoRoot, "tests/cases/validate")).flatMap((name) =>
    (JSON.parse(readFileSync(path.join(repoRoot, "tests/cases/validate", name, "expected.json"), "utf8")) as { code: string }[]).map(
      (d) => d.code,
    ),
  ),
);

describe("every diagnostic code is emitted by a fixture", () => {
  it("each code has a golden case or an emitter; each emitter is for a listed code", () => {
    const codes = Object.keys(diagnosticCodes);
    expect(codes.filter((c) => !goldenCodes.has(c) && !emitters[c])).toEqual([]);
    expect(Object.keys(emitters).filter((c) => !codes.includes(c))).toEqual([]);
    expect([...goldenCodes].filter((c) => !codes.includes(c))).toEqual([]);
  });

  it.each(Object.entries(emitters))(
    "%s",
    async (code, emitter) => {
      if (emitter && "assertedIn" in emitter) {
        // The scenario lives in that test, which asserts this code on its findings.
        // A test names the code in quotes; a defect fixture as its expected `code:`.
        const text = readFileSync(path.join(repoRoot, emitter.assertedIn), "utf8");
        expect(text.includes(`"${code}"`) || text.includes(`code: ${code}\n`), `${emitter.assertedIn} asserts ${code}`).toBe(true);
        return;
      }
      const diagnostics = await emitter!();
      expect(diagnostics.map((d) => d.code)).toContain(code);
    },
    60_000,
  );
});

describe("failed tests, version gates and audit problems are diagnostics, printed by the formatters of every problem", () => {
  const gate = gateDiagnostics([
    { file: "policies/scoring-model.yaml", policy: "default-scoring", message: "version went down: 3.1.0 -> 3.0.0" },
  ]);

  it("a version gate: the line diff --check prints, a workflow annotation on the policy file, json", () => {
    expect(formatProblemLines(gate)).toBe("error: policies/scoring-model.yaml: version went down: 3.1.0 -> 3.0.0\n");
    expect(formatGithub({ diagnostics: gate })).toBe(
      "::error file=policies/scoring-model.yaml,title=diff/version-gate::version went down: 3.1.0 -> 3.0.0\n",
    );
    expect(JSON.parse(formatJson({ diagnostics: gate })).diagnostics[0]).toMatchObject({
      code: "diff/version-gate",
      file: "policies/scoring-model.yaml",
      severity: "error",
    });
  });

  it("a row warning starts with its place, as compilers print; a note reads note:", () => {
    const row: Diagnostic = {
      code: "input/duplicate-id",
      severity: "warning",
      message: 'the lead id "1" on line 3 was already used on line 2',
      hint: "Each lead needs its own id.",
      location: { file: "leads.csv", line: 3, column: 1 },
    };
    expect(formatProblemLines([row], { hint: true })).toBe(
      'leads.csv:3: warning: the lead id "1" on line 3 was already used on line 2 (Each lead needs its own id.)\n',
    );
    expect(
      formatProblemLines([
        {
          code: "audit/not-checked",
          severity: "info",
          message: "audit check not run (allowed by --allow-unchecked): sla/first-touch: no column",
        },
      ]),
    ).toBe("note: audit check not run (allowed by --allow-unchecked): sla/first-touch: no column\n");
  });

  it("a failed policy test case is an error at the case's line, with what differed", async () => {
    const dir = policyFolder(
      [
        {
          file: "tests/content.test.yaml",
          replace: "expect: { contentIncludes: [customer-story-acme] }",
          with: "expect: { contentExcludes: [customer-story-acme] }",
        },
      ],
      bundledPolicies,
    );
    const [failed, ...rest] = testFailureDiagnostics((await runPolicyTests(validSet(dir), dir)).results);
    expect(rest).toEqual([]);
    expect(failed).toMatchObject({
      code: "test/case-failed",
      severity: "error",
      location: { file: expect.stringMatching(/content\.test\.yaml$/), line: expect.any(Number) },
    });
    expect(failed!.message).toContain("contentExcludes");
    expect(formatGithub({ diagnostics: [failed!] })).toMatch(/^::error file=.*content\.test\.yaml,line=\d+,title=test\/case-failed::/);
  }, 60_000);
});
