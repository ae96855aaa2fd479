/**
 * Type-checks every condition against the fact catalogue: the fact exists and
 * is available at that pipeline step, the operator fits its type, the value
 * has the right type, picklist values are legal and patterns compile.
 */
import { closest } from "fastest-levenshtein";
import type { Diagnostic } from "../../diagnostics/index.js";
import type { FactCondition } from "../../model/condition.js";
import { factConditions } from "../../model/condition-walk.js";
import type { FieldType, PolicyKind } from "../../model/policy.js";
import type { PolicySet } from "../../model/policy-set.js";
import { patternProblem } from "../../compile/patterns.js";
import { operatorDefinitions } from "../../compile/operators.js";
import { plausibleDates, plausibleDaySpan, readDate } from "../../model/dates.js";
import { problemAt, withArticle, type Check } from "../check.js";
import { listConditions } from "../../model/condition-listing.js";
import { pipelineSteps, stepIndex, type FactInfo } from "../../model/facts.js";

const numeric: FieldType[] = ["number", "integer"];

/** Which field types each operator accepts (each operator's `types` in compile/operators.ts). */
export const operatorTypes = Object.fromEntries(Object.entries(operatorDefinitions).map(([op, d]) => [op, d.types])) as Record<
  FactCondition["operator"],
  readonly FieldType[]
>;

export const conditionTypes: Check = {
  name: "condition-types",
  description: "Facts exist, operators fit their types, values are legal.",
  codes: [
    "crossref/unknown-fact",
    "crossref/operator-type",
    "crossref/value-type",
    "crossref/picklist-value",
    "crossref/invalid-regex",
    "crossref/unsafe-regex",
  ],
  check({ set, facts }) {
    const problems: Diagnostic[] = [];
    const dictionaryLoaded = set.byKind.DataDictionary !== undefined;
    for (const located of listConditions(set)) {
      for (const { condition, pointer: inner } of factConditions(located.condition)) {
        const pointer = located.pointer + inner;
        const at = (sub: string, code: Diagnostic["code"], message: string, hint?: string, suggest?: string) =>
          problems.push(
            problemAt(located.policy, pointer + sub, code, message, hint, {
              ruleId: located.ruleId,
              ...(suggest ? { suggest: [suggest] } : {}),
            }),
          );
        const fact = facts.get(condition.fact);
        if (!fact) {
          // Without a valid dictionary (or the policy computing a derived fact) the schema errors already explain it.
          if (!dictionaryLoaded || producerMissing(condition.fact, set)) continue;
          const guess = closest(condition.fact, [...facts.keys()]);
          at(
            "/fact",
            "crossref/unknown-fact",
            `rule \`${located.ruleId}\` reads the fact \`${condition.fact}\`, which is not a dictionary field or a derived fact`,
            guess ? `Did you mean \`${guess}\`? Otherwise add the field to the data dictionary.` : "Add the field to the data dictionary.",
            guess,
          );
          continue;
        }
        if (stepIndex(fact.availableFrom) > stepIndex(located.step)) {
          at(
            "/fact",
            "crossref/unknown-fact",
            `rule \`${located.ruleId}\` reads \`${fact.name}\`, which is only computed in the ${fact.availableFrom} step, after the ${located.step} step that evaluates this rule`,
            `The pipeline runs ${pipelineSteps.join(" -> ")}; read a fact computed earlier.`,
          );
          continue;
        }
        const accepted = operatorTypes[condition.operator];
        if (!accepted.includes(fact.type)) {
          at(
            "/operator",
            "crossref/operator-type",
            `operator \`${condition.operator}\` does not work on \`${fact.name}\`, ${withArticle(fact.type)} field`,
            operatorDefinitions[condition.operator].advice ?? `Operators for ${fact.type} fields: ${operatorsFor(fact.type).join(", ")}.`,
          );
          continue;
        }
        checkValue(condition, fact, at);
      }
    }
    return problems;
  },
};

const derivedFactProducers: [RegExp, PolicyKind][] = [
  [/^(score|threshold)\./, "ScoringModel"],
  [/^stage$/, "Lifecycle"],
  [/^route\./, "Routing"],
];

function producerMissing(fact: string, set: PolicySet): boolean {
  return derivedFactProducers.some(([pattern, kind]) => pattern.test(fact) && !set.byKind[kind]);
}

function operatorsFor(type: FieldType): string[] {
  return Object.entries(operatorTypes)
    .filter(([, types]) => types.includes(type))
    .map(([op]) => op);
}

type Report = (sub: string, code: Diagnostic["code"], message: string, hint?: string, suggest?: string) => void;

function checkValue(condition: FactCondition, fact: FactInfo, at: Report): void {
  const { operator, value } = condition;
  const expectType = (v: unknown, sub: string) => {
    const ok = numeric.includes(fact.type)
      ? typeof v === "number" && (fact.type !== "integer" || Number.isInteger(v))
      : fact.type === "boolean"
        ? typeof v === "boolean"
        : typeof v === "string";
    if (!ok) {
      const wanted = numeric.includes(fact.type) ? "a number" : fact.type === "boolean" ? "true or false" : "text";
      at(
        sub,
        "crossref/value-type",
        `\`${fact.name}\` is ${withArticle(fact.type)} field, so the value must be ${wanted}, got ${JSON.stringify(v)}`,
      );
      return false;
    }
    return true;
  };
  const expectLegal = (v: unknown, sub: string) => {
    // A field read in one case holds no text in another: the comparison could never hold.
    const spelled = typeof v === "string" && fact.case ? (fact.case === "upper" ? v.toUpperCase() : v.toLowerCase()) : v;
    if (spelled !== v) {
      at(
        sub,
        "crossref/value-type",
        `\`${fact.name}\` is read in ${fact.case} case, so ${JSON.stringify(v)} never matches it`,
        `Write ${JSON.stringify(spelled)}.`,
        spelled as string,
      );
      return;
    }
    if (fact.values && typeof v === "string" && !fact.values.includes(v)) {
      const guess = closest(v, fact.values);
      at(
        sub,
        "crossref/picklist-value",
        `${JSON.stringify(v)} is not a value of the picklist \`${fact.name}\``,
        `Allowed: ${fact.values.join(", ")}.${guess ? ` Did you mean \`${guess}\`?` : ""}`,
        guess,
      );
    }
  };
  // What the value must be is the operator's `value` in compile/operators.ts.
  switch (operatorDefinitions[operator].value) {
    case "list":
      if (!Array.isArray(value)) {
        at(
          "/value",
          "crossref/value-type",
          `\`${operator}\` needs a list of values, got ${JSON.stringify(value)}`,
          "Write the value as a list, e.g. [US, CA].",
        );
        return;
      }
      value.forEach((v, i) => expectType(v, `/value/${i}`) && expectLegal(v, `/value/${i}`));
      return;
    case "one":
      if (typeof value !== "string") at("/value", "crossref/value-type", `\`${operator}\` needs one value, got ${JSON.stringify(value)}`);
      else expectLegal(value, "/value");
      return;
    case "boolean":
      if (typeof value !== "boolean")
        at("/value", "crossref/value-type", `\`${operator}\` needs true or false, got ${JSON.stringify(value)}`);
      return;
    case "pattern":
      if (typeof value !== "string")
        at("/value", "crossref/value-type", `\`${operator}\` needs a regular expression as text, got ${JSON.stringify(value)}`);
      else {
        const problem = patternProblem(value);
        if (problem)
          at("/value", problem.kind === "invalid" ? "crossref/invalid-regex" : "crossref/unsafe-regex", problem.message, problem.hint);
      }
      return;
    case "days":
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > plausibleDaySpan)
        at(
          "/value",
          "crossref/value-type",
          `\`${operator}\` needs a whole number of days from 0 to ${plausibleDaySpan} (the span of plausible dates, ${plausibleDates}), got ${JSON.stringify(value)}`,
        );
      return;
    case "typed":
      if (fact.type === "date" || fact.type === "datetime") {
        if (typeof value !== "string" || "problem" in readDate(value))
          at(
            "/value",
            "crossref/value-type",
            `\`${fact.name}\` is ${withArticle(fact.type)} field, so the value must be an RFC 3339 date from ${plausibleDates}, got ${JSON.stringify(value)}`,
            "Write a real day such as 2026-06-01 or a time such as 2026-06-01T12:00:00Z.",
          );
        return;
      }
      if (expectType(value, "/value")) expectLegal(value, "/value");
  }
}
