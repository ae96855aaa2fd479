/**
 * A policy folder whose scoring model scores a lead 10 points per full ten employees (up to 90), so a
 * history can be hand-written to known totals; and a writer of such histories as CSV.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { baseFixture, makeTempDir, policyFolder } from "./policy-fixtures.js";

const levels = [1, 2, 3, 4, 5, 6, 7, 8, 9];

export function ladderScoring(extraRules = ""): string {
  const rules = levels
    .map(
      (l) => `    - id: fit.employees.${l * 10}
      dimension: fit
      description: At least ${l * 10} employees.
      points: 10
      when: { fact: employees, operator: greaterThanInclusive, value: ${l * 10} }`,
    )
    .join("\n");
  return `apiVersion: leadrules/v1
kind: ScoringModel
metadata:
  name: test-scoring
  version: 1.0.0
  owners: [marketing-ops]
  description: Ten points per full ten employees.
spec:
  dimensions:
    - { id: fit, description: Fit., cap: 100 }
  rules:
${rules}
${extraRules}
  grades:
    dimension: fit
    bands: [{ grade: A, min: 60 }, { grade: B, min: 30 }, { grade: C, min: 0 }]
  thresholds:
    - { id: mql, description: Qualified., minimums: { total: 60 } }
  exclusions:
    - { id: exclude.test, description: Test leads., when: { fact: title, operator: equal, value: test } }
`;
}

/** A copy of the base fixture scored by the ladder (plus `extraRules`, YAML list items). */
export function ladderPolicies(extraRules = ""): string {
  return policyFolder([{ file: "scoring.yaml", content: ladderScoring(extraRules) }]);
}

/** The base fixture dictionary's field names: the columns of a history. */
export function dictionaryColumns(): string[] {
  const doc = parse(readFileSync(path.join(baseFixture, "dictionary.yaml"), "utf8")) as {
    spec: { objects: { fields: { name: string }[] }[] };
  };
  return doc.spec.objects.flatMap((o) => o.fields.map((f) => f.name));
}

export interface HistoryLead {
  employees: number;
  outcome: string;
  title?: string;
  /** Any other column, by name. */
  extra?: Record<string, string>;
}

/** Writes a CSV history (the dictionary's columns and `outcomeColumn`) to a fresh folder; returns its path. */
export function writeHistory(leads: readonly HistoryLead[], outcomeColumn = "won", options: { extraColumns?: string[] } = {}): string {
  const columns = [...dictionaryColumns(), ...(outcomeColumn ? [outcomeColumn] : []), ...(options.extraColumns ?? [])];
  const lines = [columns.join(",")];
  leads.forEach((lead, i) => {
    const values: Record<string, string> = {
      leadId: `L${String(i + 1).padStart(5, "0")}`,
      employees: String(lead.employees),
      title: lead.title ?? "",
      ...(outcomeColumn ? { [outcomeColumn]: lead.outcome } : {}),
      ...lead.extra,
    };
    lines.push(columns.map((c) => values[c] ?? "").join(","));
  });
  const file = path.join(makeTempDir("leadrules-history-"), "history.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** A small seeded PRNG for the tests (an LCG, independent of the one under test). */
export function testRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
