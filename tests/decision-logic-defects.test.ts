/**
 * The acceptance suite of the decision-logic analysis (tracker issue 21): each
 * fixture in tests/fixtures/defects/ is one small, hand-written defect in a copy
 * of the bundled policies, with the finding `validate` must report. When the
 * finding is about leads, its witness is replayed through the library's
 * `simulate` with both engines, and the output row must show the defect in
 * the fields the fixture names (written by hand, not copied from the analysis).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  engineNames,
  hasErrors,
  loadPolicies,
  readPolicyFiles,
  simulateLeadFile,
  specOf,
  type Diagnostic,
  type ValidationResult,
} from "../src/index.js";
import { buildPolicySet } from "../src/model/policy-set.js";
import { bundledPolicies, repoRoot } from "./helpers/policy-fixtures.js";

const fixtures = path.join(repoRoot, "tests/fixtures/defects");

/** A value a `shows` path must have: itself, or `{ not: v }`, `{ contains: v }`, `{ containsAll: [v...] }`, `{ lacks: v }`, `{ atLeast: n }`. */
type Shown = unknown;

type Severity = "error" | "warning" | "info";
const oneOf = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

interface DefectFixture {
  description: string;
  edits: { file: string; find: string; replace: string }[];
  expect:
    | {
        /** The finding's code; a list when either finding states the defect. */
        code: string | string[];
        severity: Severity | Severity[];
        /** The id the finding names; absent when it names none (a routing or retention gap). */
        ruleId?: string;
        witness: boolean;
        /** Fields of the witness's simulate NDJSON row (dot paths) that prove the defect. */
        shows?: Record<string, Shown>;
        /** Without a witness: words the message must contain, saying why no lead can exist. */
        says?: string[];
      }
    | { absent: string; ruleId?: string }
    | { errors: 0 };
}

const files = readdirSync(fixtures)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

/**
 * A copy of the bundled policies with the fixture's edits; each `find` must occur exactly once. The nurture
 * programs are left out unless the fixture edits them: these defects are about the other kinds, the nurture
 * analysis has fixtures of its own (tests/nurture-logic.test.ts), and it would add seconds to every validation.
 */
function editedPolicies(fixture: DefectFixture): string {
  const dir = mkdtempSync(path.join(tmpdir(), "leadrules-defect-"));
  cpSync(bundledPolicies, dir, { recursive: true });
  if (!fixture.edits.some((e) => e.file === "nurture-programs.yaml")) {
    rmSync(path.join(dir, "nurture-programs.yaml"));
    rmSync(path.join(dir, "tests", "nurture.test.yaml"));
  }
  for (const edit of fixture.edits) {
    const file = path.join(dir, edit.file);
    const text = readFileSync(file, "utf8");
    const occurrences = text.split(edit.find).length - 1;
    if (occurrences !== 1) throw new Error(`${edit.file}: \`find\` must occur exactly once, occurs ${occurrences} times: ${edit.find}`);
    writeFileSync(
      file,
      text.replace(edit.find, () => edit.replace),
    );
  }
  return dir;
}

/** The bound on one validate; the test fails, and the search is stopped, when it is exceeded. */
const validateSeconds = 60;

/**
 * The library's validate on a folder, in a worker thread so a search that does not finish can be stopped at
 * the bound (a synchronous call would hold the test, and every test after it, however long it ran). One
 * worker serves the fixtures in turn; a stopped one is replaced.
 */
let validator: Worker | null = null;

function startValidator(): Worker {
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const index = JSON.stringify(pathToFileURL(path.join(repoRoot, "src/index.ts")).href);
  const script = `(async () => {
    const { parentPort } = await import("node:worker_threads");
    (await import(${tsx})).register();
    const { validatePolicyDirectory } = await import(${index});
    parentPort.on("message", (dir) => {
      const started = performance.now();
      const { diagnostics } = validatePolicyDirectory(dir);
      parentPort.postMessage({ diagnostics, seconds: (performance.now() - started) / 1000 });
    });
    parentPort.postMessage("ready");
  })()`;
  return new Worker(script, { eval: true });
}

async function validateBounded(dir: string): Promise<{ diagnostics: Diagnostic[]; seconds: number } | "timeout"> {
  if (!validator) {
    const worker = startValidator();
    await new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    validator = worker;
  }
  const worker = validator;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      validator = null;
      void worker.terminate().then(() => resolve("timeout"));
    }, validateSeconds * 1000);
    // One pair of listeners per fixture, both removed when either fires (they would pile up on the shared worker).
    const onMessage = (result: { diagnostics: Diagnostic[]; seconds: number }) => {
      clearTimeout(timer);
      worker.off("error", onError);
      resolve(result);
    };
    const onError = (error: Error) => {
      clearTimeout(timer);
      worker.off("message", onMessage);
      validator = null;
      reject(error);
    };
    worker.once("message", onMessage);
    worker.once("error", onError);
    worker.postMessage(dir);
  });
}

afterAll(async () => {
  await validator?.terminate();
});

/** The schema-valid policy set `simulate` runs (what validate returns beside its diagnostics). */
function policySetOf(dir: string) {
  return buildPolicySet(loadPolicies(readPolicyFiles(dir)).policies);
}

/** The findings, for a failure message; notes (info) only when asked, they are many. */
function listed(diagnostics: readonly Diagnostic[], notes = false): string {
  const shown = diagnostics.filter((d) => notes || d.severity !== "info");
  const hidden = diagnostics.length - shown.length;
  return (
    shown.map((d) => `  ${d.severity} ${d.code} [${d.ruleId ?? "-"}] ${d.message}`).join("\n") +
      (hidden > 0 ? `\n  (and ${hidden} notes)` : "") || "  (none)"
  );
}

function valueAt(row: unknown, dotted: string): unknown {
  let value = row;
  for (const key of dotted.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function checkShown(actual: unknown, expected: Shown, where: string): void {
  // A misspelt path would make `not` and `lacks` hold vacuously.
  expect(actual, `${where}: the path is in the row`).not.toBeUndefined();
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    const matcher = expected as Record<string, unknown>;
    if ("not" in matcher) return void expect(actual, where).not.toEqual(matcher.not);
    if ("contains" in matcher) return void expect(actual, where).toContainEqual(matcher.contains);
    if ("containsAll" in matcher) {
      for (const item of matcher.containsAll as unknown[]) expect(actual, where).toContainEqual(item);
      return;
    }
    if ("lacks" in matcher) return void expect(actual, where).not.toContainEqual(matcher.lacks);
    if ("atLeast" in matcher) return void expect(actual, where).toBeGreaterThanOrEqual(matcher.atLeast as number);
  }
  expect(actual, where).toEqual(expected);
}

/** The witness through the library's `simulate` (NDJSON) with one engine; the output row, parsed. */
async function simulateWitness(
  validation: ValidationResult,
  dir: string,
  witness: NonNullable<Diagnostic["witness"]>,
  engine: (typeof engineNames)[number],
): Promise<Record<string, unknown>> {
  const leads = path.join(mkdtempSync(path.join(tmpdir(), "leadrules-witness-")), "witness.ndjson");
  writeFileSync(leads, `${JSON.stringify(witness.lead)}\n`);
  // A witness names only the fields that matter; the others are decided as empty, as the analysis did.
  const dictionary = specOf(validation.set, "DataDictionary")!;
  const absent = dictionary.objects.flatMap((o) => o.fields.map((f) => f.name)).filter((f) => !(f in witness.lead));
  let out = "";
  await simulateLeadFile(
    validation,
    {
      policies: dir,
      leads,
      asOf: witness.asOf,
      format: "ndjson",
      engine,
      workers: 1,
      maxBadRows: "100%",
      allowMissing: absent,
      allowInvalid: hasErrors(validation.diagnostics),
    },
    (text) => void (out += text),
  );
  const rows = out.trim().split("\n");
  expect(rows, `one row for the witness (${engine})`).toHaveLength(1);
  return JSON.parse(rows[0]!) as Record<string, unknown>;
}

describe("decision-logic defect fixtures", () => {
  it("there are at least 34 defect fixtures", () => {
    expect(files.length).toBeGreaterThanOrEqual(34);
  });

  for (const name of files) {
    const fixture = parse(readFileSync(path.join(fixtures, name), "utf8")) as DefectFixture;
    it(`${name.replace(/\.yaml$/, "")}: ${fixture.description}`, { timeout: (validateSeconds + 120) * 1000 }, async () => {
      const dir = editedPolicies(fixture);
      const validated = await validateBounded(dir);
      expect(validated, `validate finishes in under ${validateSeconds} s`).not.toBe("timeout");
      if (validated === "timeout") return;
      expect(validated.seconds, `validate finishes in under ${validateSeconds} s`).toBeLessThan(validateSeconds);
      const { diagnostics } = validated;
      // Within the analysis budget: every question about the fixture was decided.
      expect(diagnostics.filter((d) => d.code === "logic/undecided").map((d) => d.message)).toEqual([]);
      const validation: ValidationResult = { set: policySetOf(dir), diagnostics };
      const expected = fixture.expect;

      if ("errors" in expected) {
        expect(
          diagnostics.filter((d) => d.severity === "error"),
          listed(diagnostics),
        ).toEqual([]);
        return;
      }
      if ("absent" in expected) {
        const found = diagnostics.filter(
          (d) => d.code === expected.absent && (expected.ruleId === undefined || d.ruleId === expected.ruleId),
        );
        expect(found, `no ${expected.absent} for ${expected.ruleId ?? "any rule"}; found:\n${listed(found, true)}`).toEqual([]);
        return;
      }

      const finding = diagnostics.find(
        (d) =>
          oneOf(expected.code).includes(d.code) &&
          oneOf(expected.severity).includes(d.severity as Severity) &&
          (expected.ruleId === undefined || d.ruleId === expected.ruleId),
      );
      expect(
        finding,
        `a ${oneOf(expected.severity).join("/")} ${oneOf(expected.code).join(" or ")} naming ${expected.ruleId ?? "any rule"}; the findings were:\n${listed(diagnostics, oneOf(expected.severity).includes("info"))}`,
      ).toBeDefined();
      // Other errors than decision-logic findings would mean the edit broke the policies instead of their logic.
      const broken = diagnostics.filter((d) => d.severity === "error" && !d.code.startsWith("logic/"));
      expect(broken, listed(broken)).toEqual([]);
      if (!expected.witness) {
        expect(finding!.witness, "an impossibility has no witness lead").toBeUndefined();
        for (const words of expected.says ?? []) expect(finding!.message, "the message says why no lead can exist").toContain(words);
        return;
      }
      expect(finding!.witness, "the finding carries a witness lead").toBeDefined();
      for (const engine of engineNames) {
        const row = await simulateWitness(validation, dir, finding!.witness!, engine);
        for (const [dotted, value] of Object.entries(expected.shows ?? {}))
          checkShown(valueAt(row, dotted), value, `${engine}: ${dotted} of the witness's row ${JSON.stringify(row)}`);
        if (hasErrors(diagnostics)) expect(row.diagnosisOnly, "simulated for diagnosis only").toBe(true);
      }
    });
  }
});
