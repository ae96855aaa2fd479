/**
 * Conditions in plain words ("Country is one of US, CA and Employees is at
 * least 200"), for docs, explain output and impact reports.
 */
import type { Condition, FactCondition } from "../model/condition.js";
import { foldCondition } from "../model/condition-walk.js";
import { operatorDefinitions } from "../compile/operators.js";

/** Fact name -> human label (dictionary labels; derived facts keep their names). */
export type FactLabels = ReadonlyMap<string, string>;

export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(describeValue).join(", ");
  if (value === true) return "yes";
  if (value === false) return "no";
  if (value === null || value === undefined) return "empty";
  return String(value);
}

export function describeFactCondition(c: FactCondition, labels: FactLabels): string {
  const value = c.operator === "matches" ? `\`${String(c.value)}\`` : describeValue(c.value);
  return `${labels.get(c.fact) ?? c.fact} ${operatorDefinitions[c.operator].words(value)}`;
}

export function describeCondition(condition: Condition, labels: FactLabels): string {
  const text = foldCondition<string>(condition, {
    all: (parts) => (parts.length === 1 ? parts[0]! : `(${parts.join(" and ")})`),
    any: (parts) => (parts.length === 1 ? parts[0]! : `(${parts.join(" or ")})`),
    not: (part) => `not ${part}`,
    fact: (c) => describeFactCondition(c, labels),
  });
  const sentence = text.startsWith("(") && text.endsWith(")") && balanced(text.slice(1, -1)) ? text.slice(1, -1) : text;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === "(") depth++;
    else if (ch === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

/** Labels of every fact: dictionary labels, and readable names for derived facts. */
export function factLabelsFor(
  dictionaryFields: readonly { name: string; label: string }[],
  derived: readonly string[],
): Map<string, string> {
  const labels = new Map(dictionaryFields.map((f) => [f.name, f.label] as const));
  for (const fact of derived) {
    if (fact.startsWith("threshold.")) labels.set(fact, `${fact.slice("threshold.".length).toUpperCase()} reached`);
    else if (fact === "score.grade") labels.set(fact, "Grade");
    else if (fact === "score.excluded") labels.set(fact, "Excluded from scoring");
    else if (fact.startsWith("score.")) labels.set(fact, `${capitalize(fact.slice("score.".length))} score`);
    else if (fact === "stage") labels.set(fact, "Stage");
    else if (fact === "route.queue") labels.set(fact, "Queue");
  }
  return labels;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
