/**
 * Finite candidate values per fact, partitioning each fact's domain at the
 * constants the policies compare it with (each operator's `domain` in
 * compile/operators.ts names them): every condition's truth is constant
 * between two neighbouring candidates, so searching the candidates is exact.
 * Where that cannot hold (regular expressions, very large multipicklists) the
 * domain is marked inexact and findings say so.
 */
import type { Condition } from "../model/condition.js";
import { factConditions } from "../model/condition-walk.js";
import { operatorDefinitions } from "../compile/operators.js";
import type { FactValue } from "../model/lead.js";
import type { FactCatalogue } from "../model/facts.js";
import { isPlausibleInstant } from "../model/dates.js";
import { emailPattern } from "../input/convert-values.js";

const dayMs = 86_400_000;

export interface FactDomain {
  values: FactValue[];
  /** Why the candidates do not cover every case (a pattern, a large multipicklist); absent when they do. */
  inexact?: string;
}

/** Builds domains for every fact read by the given conditions, at an analysis time. */
export function buildDomains(
  conditions: readonly Condition[],
  facts: FactCatalogue,
  asOfMs: number,
  neverNull: ReadonlySet<string> = new Set(),
  required: ReadonlySet<string> = new Set(),
): Map<string, FactDomain> {
  const constants = new Map<string, { values: unknown[]; days: number[]; patterns: string[] }>();
  for (const condition of conditions) {
    for (const { condition: c } of factConditions(condition)) {
      const entry = constants.get(c.fact) ?? { values: [], days: [], patterns: [] };
      const used = operatorDefinitions[c.operator].domain(c.value);
      entry.values.push(...(used.values ?? []));
      entry.days.push(...(used.days ?? []));
      entry.patterns.push(...(used.patterns ?? []));
      constants.set(c.fact, entry);
    }
  }
  const domains = new Map<string, FactDomain>();
  for (const [name, used] of [...constants].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const fact = facts.get(name);
    if (!fact) continue;
    const values: FactValue[] = [];
    let inexact: string | undefined;
    switch (fact.type) {
      case "boolean":
        values.push(true, false);
        break;
      case "number":
      case "integer": {
        // Each constant, and a value inside every gap between neighbouring constants and beyond the ends:
        // for integers the neighbours themselves, for numbers the midpoints (so `> c and < c + 0.4` has c + 0.2).
        const numbers = [...new Set(used.values.filter((v): v is number => typeof v === "number"))].sort((a, b) => a - b);
        const points = new Set<number>([0]);
        numbers.forEach((n, i) => {
          points.add(n);
          const next = numbers[i + 1];
          if (fact.type === "integer") {
            if (Number.isInteger(n)) [n - 1, n + 1].forEach((p) => points.add(p));
            else [Math.floor(n), Math.ceil(n)].forEach((p) => points.add(p));
          } else if (next !== undefined) points.add(n / 2 + next / 2); // halves first: no overflow near the largest numbers
        });
        if (fact.type !== "integer" && numbers.length > 0) points.add(numbers[0]! - 1).add(numbers[numbers.length - 1]! + 1);
        values.push(...[...points].filter((p) => fact.type !== "integer" || Number.isInteger(p)).sort((a, b) => a - b));
        break;
      }
      case "date":
      case "datetime": {
        const days = new Set<number>([1]);
        for (const d of used.days) [d - 1, d, d + 1].forEach((p) => p >= 0 && days.add(p));
        for (const d of [...days].sort((a, b) => a - b)) {
          // A witness date must be one a lead can have; day counts beyond the plausible dates have none.
          if (!isPlausibleInstant(asOfMs - d * dayMs)) continue;
          const iso = new Date(asOfMs - d * dayMs).toISOString();
          values.push(fact.type === "date" ? iso.slice(0, 10) : iso);
        }
        if (used.values.length > 0) inexact = `\`${name}\` is compared with fixed dates`;
        break;
      }
      case "picklist": {
        const mentioned = [...new Set(used.values.map(String))].filter((v) => fact.values?.includes(v));
        const other = fact.values?.find((v) => !mentioned.includes(v));
        values.push(...mentioned, ...(other ? [other] : []));
        break;
      }
      case "multipicklist": {
        const mentioned = [...new Set(used.values.map(String))];
        if (mentioned.length > 6) {
          inexact = `\`${name}\` has ${mentioned.length} values in use, more than the six whose every combination is tried`;
          values.push([], ...mentioned.map((m) => [m]), mentioned);
        } else {
          for (let mask = 0; mask < 1 << mentioned.length; mask++) values.push(mentioned.filter((_, i) => mask & (1 << i)));
        }
        break;
      }
      default: {
        // An email field only ever holds an address (the import blanks anything else): candidates are made addresses.
        const make = fact.type === "email" ? asEmail : (text: string) => text;
        const texts = [...new Set(used.values.map(String))];
        const other = make("x");
        values.push(...texts, other);
        if (used.patterns.length > 0) {
          // A pattern's language is not partitioned: strings built from its alternatives are tried. That is
          // exact when those strings (other than the constants) show every combination of the patterns matching.
          const samples = used.patterns.flatMap(samplesFor).map(make);
          values.push(...samples);
          const patterns = [...new Set(used.patterns)];
          const seen = new Set(
            [...samples, other]
              .filter((v) => !texts.includes(v))
              .map((v) => patterns.map((p) => (operatorDefinitions.matches.evaluate(v, p, asOfMs) ? 1 : 0)).join("")),
          );
          if (seen.size < 2 ** patterns.length)
            inexact = `\`${name}\` is compared with ${patterns.length > 1 ? "patterns" : "a pattern"}, and the strings tried do not show every way ${patterns.length > 1 ? "they" : "it"} can match`;
        }
      }
    }
    if (!neverNull.has(name)) required.has(name) ? values.push(null) : values.unshift(null);
    domains.set(name, { values: dedupe(values), ...(inexact ? { inexact } : {}) });
  }
  return domains;
}

/** An email address built from a candidate string: `gmail` -> `gmail@example.com`, `@gmail.com` -> `x@gmail.com`. */
function asEmail(text: string): string {
  if (emailPattern.test(text)) return text;
  const plain = text.replace(/\s+/g, "-");
  const address = plain.startsWith("@") ? `x${plain}` : plain.includes("@") ? plain : `${plain}@example.com`;
  return emailPattern.test(address) ? address : "x@example.com";
}

/** A few strings that a simple pattern matches: its alternatives, and an email for mailbox patterns. */
function samplesFor(pattern: string): string[] {
  const body = pattern.replace(/^\(\?i\)/, "");
  const group = /\(([^()]*)\)/.exec(body);
  const words = group ? group[1]!.split("|") : [body];
  return words.map((w) => w.replace(/\\b|\\\.|\\/g, (m) => (m === "\\." ? "." : ""))).flatMap((w) => [w, `@${w}.com`]);
}

function dedupe(values: FactValue[]): FactValue[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
