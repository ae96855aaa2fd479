/**
 * Cross-references of schema-valid policy test suites against the policy set they test, so `validate`
 * reports a broken suite before `test` runs it: every field a case's lead (or the suite's defaults) sets is
 * a dictionary field (a misspelt one was silently ignored, and the case tested something else), every id an
 * expectation names is defined in the policies (a stage, transition, grade, threshold, exclusion, routing
 * rule, queue, asset, retention rule, nurture program, track or step), and every touch of a case's send log
 * is a step of its program (`touchesOfUnknownSteps`, the nurture decider's own definition).
 */
import { closest } from "fastest-levenshtein";
import type { Diagnostic } from "../diagnostics/index.js";
import { touchesOfUnknownSteps } from "../model/nurture-inputs.js";
import { specOf, type PolicySet } from "../model/policy-set.js";
import type { TestSuite } from "../validate/read-test-files.js";

/** What an expectation's value may name, by the kind of thing it is. */
interface References {
  [what: string]: readonly string[];
}

function referencesOf(set: PolicySet): References {
  const scoring = specOf(set, "ScoringModel");
  const lifecycle = specOf(set, "Lifecycle");
  const routing = specOf(set, "Routing");
  const retention = specOf(set, "RetentionSchedule");
  const content = specOf(set, "ContentApproval");
  const nurture = specOf(set, "NurtureProgram");
  const programs = nurture?.programs ?? [];
  // Besides the policies' own ids, an outcome names three steps of the pipeline's making: the path's
  // "recycle" (simulate/lifecycle.ts), the routing "fallback" (route.ts) and the retention "legal-hold" (retention.ts).
  return {
    field: (specOf(set, "DataDictionary")?.objects ?? []).flatMap((o) => o.fields.map((f) => f.name)),
    grade: scoring?.grades.bands.map((b) => b.grade) ?? [],
    threshold: scoring?.thresholds.map((t) => t.id) ?? [],
    exclusion: scoring?.exclusions?.map((e) => e.id) ?? [],
    stage: lifecycle?.stages.map((s) => s.id) ?? [],
    transition: [...(lifecycle?.transitions.map((t) => t.id) ?? []), ...(lifecycle?.recycle ? ["recycle"] : [])],
    "routing rule": [...(routing?.rules.map((r) => r.id) ?? []), ...(routing ? ["fallback"] : [])],
    queue: routing?.queues.map((q) => q.id) ?? [],
    asset: content?.assets.map((a) => a.id) ?? [],
    "retention rule": [...(retention?.rules.map((r) => r.id) ?? []), ...(retention?.legalHold ? ["legal-hold"] : [])],
    "nurture program": programs.map((p) => p.id),
    "nurture track": programs.flatMap((p) => p.tracks.map((t) => t.id)),
    "nurture step": programs.flatMap((p) => p.tracks.flatMap((t) => t.steps.map((s) => s.id))),
  };
}

/** The expectation keys whose values are ids, and what they name (`null` values mean "none" and name nothing). */
const expectedIds: Record<string, string> = {
  grade: "grade",
  thresholds: "threshold",
  excluded: "exclusion",
  stage: "stage",
  path: "transition",
  routingRule: "routing rule",
  queue: "queue",
  content: "asset",
  contentIncludes: "asset",
  contentExcludes: "asset",
  retentionRule: "retention rule",
};
const expectedNurtureIds: Record<string, string> = { program: "nurture program", track: "nurture track", step: "nurture step" };

/** The cross-reference problems of test suites that passed their schema. */
export function checkTestSuites(set: PolicySet, suites: readonly TestSuite[]): Diagnostic[] {
  const references = referencesOf(set);
  const diagnostics: Diagnostic[] = [];
  for (const suite of suites) {
    const unknown = (
      pointer: string,
      what: string,
      value: string,
      { key = false, known = references[what]!, where = "the policies" } = {},
    ) => {
      const guess = known.length > 0 ? closest(value, [...known]) : undefined;
      diagnostics.push({
        code: "crossref/unknown-reference",
        severity: "error",
        message: `${what} ${JSON.stringify(value)} is not defined in ${where}`,
        location: suite.sourceMap.locate(pointer, { key }),
        hint: guess ? `Did you mean ${JSON.stringify(guess)}?` : `Name a ${what} defined in ${where}.`,
      });
    };
    const checkFields = (pointer: string, lead: Record<string, unknown>) => {
      for (const field of Object.keys(lead))
        if (!references.field!.includes(field))
          unknown(`${pointer}/${escapePointer(field)}`, "field", field, { key: true, where: "the data dictionary" });
    };
    const checkIds = (pointer: string, expect: Record<string, unknown>, ids: Record<string, string>) => {
      for (const [key, what] of Object.entries(ids)) {
        const value = expect[key];
        const named = Array.isArray(value) ? value.map((v, i) => [`/${i}`, v] as const) : [["", value] as const];
        for (const [at, id] of named)
          if (typeof id === "string" && !references[what]!.includes(id)) unknown(`${pointer}/${key}${at}`, what, id);
      }
    };
    const nurture = specOf(set, "NurtureProgram");
    checkFields("/defaults", suite.defaults);
    suite.cases.forEach((testCase, i) => {
      checkFields(`/cases/${i}/lead`, testCase.lead);
      checkIds(`/cases/${i}/expect`, testCase.expect, expectedIds);
      const expectedNurture = testCase.expect.nurture;
      if (expectedNurture && typeof expectedNurture === "object")
        checkIds(`/cases/${i}/expect/nurture`, expectedNurture as Record<string, unknown>, expectedNurtureIds);
      const sends = testCase.sends ?? [];
      if (nurture)
        for (const send of touchesOfUnknownSteps(sends, nurture)) {
          const program = nurture.programs.find((p) => p.id === send.program)!;
          unknown(`/cases/${i}/sends/${sends.indexOf(send)}/step`, "step", send.step, {
            known: program.tracks.flatMap((t) => t.steps.map((s) => s.id)),
            where: `the nurture program ${JSON.stringify(program.id)}`,
          });
        }
    });
  }
  return diagnostics;
}

/** A JSON pointer token (RFC 6901). */
const escapePointer = (token: string) => token.replaceAll("~", "~0").replaceAll("/", "~1");
