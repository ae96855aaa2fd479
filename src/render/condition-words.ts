/**
 * Conditions in plain words ("Country is one of US, CA and Employees is at
 * least 200"), for docs, explain output and impact reports.
 */
import type { Condition, FactCondition } from "../model/condition.js";

/** Fact name -> human label (dictionary labels; derived facts keep their names). */
export type FactLabels = ReadonlyMap<string, string>;

const phrases: Record<FactCondition["operator"], (v: string) => string> = {
  equal: (v) => `is ${v}`,
  notEqual: (v) => `is not ${v}`,
  lessThan: (v) => `is less than ${v}`,
  lessThanInclusive: (v) => `is at most ${v}`,
  greaterThan: (v) => `is more than ${v}`,
  greaterThanInclusive: (v) => `is at least ${v}`,
  in: (v) => `is one of ${v}`,
  notIn: (v) => `is none of ${v}`,
  contains: (v) => `includes ${v}`,
  doesNotContain: (v) => `does not include ${v}`,
  matches: (v) => `matches the pattern ${v}`,
  exists: (v) => (v === "yes" ? "is filled in" : "is empty"),
  daysSinceGreaterThan: (v) => `was more than ${v} days ago`,
  daysSinceLessThanInclusive: (v) => `was at most ${v} days ago`,
};

export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(describeValue).join(", ");
  if (value === true) return "yes";
  if (value === false) return "no";
  if (value === null || value === undefined) return "empty";
  return String(value);
}

export function describeFactCondition(c: FactCondition, labels: FactLabels): string {
  const value = c.operator === "matches" ? `\`${String(c.value)}\`` : describeValue(c.value);
  return `${labels.get(c.fact) ?? c.fact} ${phrases[c.operator](value)}`;
}

export function describeCondition(condition: Condition, labels: FactLabels): string {
  const inner = (c: Condition): string => {
    if ("all" in c) return c.all.length === 1 ? inner(c.all[0]!) : `(${c.all.map(inner).join(" and ")})`;
    if ("any" in c) return c.any.length === 1 ? inner(c.any[0]!) : `(${c.any.map(inner).join(" or ")})`;
    if ("not" in c) return `not ${inner(c.not)}`;
    return describeFactCondition(c, labels);
  };
  const text = inner(condition);
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
export function factLabelsFor(dictionaryFields: readonly { name: string; label: string }[], derived: readonly string[]): Map<string, string> {
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
