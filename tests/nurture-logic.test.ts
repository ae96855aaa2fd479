/**
 * The decision-logic analysis of nurture programs (issue 15, part 3): each fixture in
 * tests/fixtures/nurture-defects/ is one hand-written defect in a copy of the bundled policies, with the exact
 * finding `validate` must report (code, severity, file, line, column, message). When the finding is about
 * leads, its witness lead (and the send log it names) goes through the library's `nurture` with both engines,
 * as of the witness's time, and the lead's decision must show the defect in the fields the fixture names
 * (written by hand, not copied from the analysis). A finding without a witness is an impossibility.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  engineNames,
  loadPolicies,
  nurtureLeadFile,
  readPolicyFiles,
  specOf,
  validatePolicyDirectory,
  type Diagnostic,
  type NurtureDecision,
} from "../src/index.js";
import { buildPolicySet } from "../src/model/policy-set.js";
import { bundledPolicies, type Edit, makeTempDir, policyFolder, repoRoot } from "./helpers/policy-fixtures.js";

const fixtures = path.join(repoRoot, "tests/fixtures/nurture-defects");
const files = readdirSync(fixtures)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

interface NurtureDefect {
  description: string;
  edits: Edit[];
  expect: {
    code: string;
    severity: "error" | "warning" | "info";
    ruleId: string;
    file: string;
    line: number;
    column: number;
    message: string;
    /** The send log rows the witness needs (program and step; each sent at the witness's time). */
    sends?: { program: string; step: string }[];
    /** Fields of the witness's nurture decision (dot paths): a value, or `{ not: v }`, `{ contains: v }`. Absent: no witness. */
    decision?: Record<string, unknown>;
  };
}

function valueAt(decision: unknown, dotted: string): unknown {
  let value = decision;
  for (const key of dotted.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function checkShown(actual: unknown, expected: unknown, where: string): void {
  // A misspelt path would make `not` hold vacuously.
  expect(actual, `${where}: the path is in the decision`).not.toBeUndefined();
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    const matcher = expected as Record<string, unknown>;
    if ("not" in matcher) return void expect(actual, where).not.toEqual(matcher.not);
    if ("contains" in matcher) return void expect(actual, where).toContainEqual(matcher.contains);
  }
  expect(actual, where).toEqual(expected);
}

/** The witness through the library's `nurture` (the command's path: intake, pipeline, nurture step, decider) with one engine. */
async function nurtureWitness(dir: string, witness: NonNullable<Diagnostic["witness"]>, engine: (typeof engineNames)[number]) {
  const folder = makeTempDir("leadrules-nurture-witness-");
  const leads = path.join(folder, "witness.ndjson");
  writeFileSync(leads, `${JSON.stringify(witness.lead)}\n`);
  const sends = witness.sends ? path.join(folder, "sends.ndjson") : undefined;
  if (sends) writeFileSync(sends, witness.sends!.map((row) => JSON.stringify(row)).join("\n") + "\n");
  const set = buildPolicySet(loadPolicies(readPolicyFiles(dir)).policies);
  // A witness names only the fields that matter; the others are decided as empty, as the analysis did.
  const absent = specOf(set, "DataDictionary")!
    .objects.flatMap((o) => o.fields.map((f) => f.name))
    .filter((f) => !(f in witness.lead));
  const decisions: NurtureDecision[] = [];
  await nurtureLeadFile(
    set,
    { leads, asOf: witness.asOf, engine, allowMissing: absent, maxBadRows: "100%", ...(sends ? { sends } : {}) },
    (d) => decisions.push(d),
  );
  expect(decisions, `one decision for the witness (${engine})`).toHaveLength(1);
  return decisions[0]!;
}

describe("nurture decision-logic fixtures", () => {
  it("covers every nurture finding code", () => {
    const codes = new Set(files.map((f) => (parse(readFileSync(path.join(fixtures, f), "utf8")) as NurtureDefect).expect.code));
    expect([...codes].sort()).toEqual([
      "logic/nurture-asset-unsendable",
      "logic/nurture-consent-blocked",
      "logic/nurture-exit-on-entry",
      "logic/nurture-no-program",
      "logic/nurture-overlap",
      "logic/nurture-unreachable-step",
    ]);
  });

  for (const name of files) {
    const fixture = parse(readFileSync(path.join(fixtures, name), "utf8")) as NurtureDefect;
    it(`${name.replace(/\.yaml$/, "")}: ${fixture.description}`, { timeout: 240_000 }, async () => {
      const dir = policyFolder(fixture.edits, bundledPolicies);
      const { diagnostics } = validatePolicyDirectory(dir);
      // Within the analysis budget: every question about the fixture was decided.
      expect(diagnostics.filter((d) => d.code === "logic/undecided").map((d) => d.message)).toEqual([]);
      const broken = diagnostics.filter((d) => d.severity === "error");
      expect(
        broken.map((d) => `${d.code} ${d.message}`),
        "the edit breaks the logic, not the policies",
      ).toEqual([]);
      const expected = fixture.expect;
      const found = diagnostics.filter((d) => d.code === expected.code && d.ruleId === expected.ruleId);
      const finding = found.find((d) => d.message === expected.message);
      expect(finding, `the findings were:\n${found.map((d) => d.message).join("\n")}`).toBeDefined();
      expect({
        severity: finding!.severity,
        file: path.basename(finding!.location?.file ?? ""),
        line: finding!.location?.line,
        column: finding!.location?.column,
      }).toEqual({ severity: expected.severity, file: expected.file, line: expected.line, column: expected.column });
      if (!expected.decision) {
        expect(finding!.witness, "an impossibility has no witness lead").toBeUndefined();
        return;
      }
      expect(finding!.witness, "the finding carries a witness lead").toBeDefined();
      expect((finding!.witness!.sends ?? []).map(({ program, step }) => ({ program, step }))).toEqual(expected.sends ?? []);
      for (const engine of engineNames) {
        const decision = await nurtureWitness(dir, finding!.witness!, engine);
        for (const [dotted, value] of Object.entries(expected.decision))
          checkShown(valueAt(decision, dotted), value, `${engine}: ${dotted} of the witness's decision ${JSON.stringify(decision)}`);
      }
    });
  }
});
