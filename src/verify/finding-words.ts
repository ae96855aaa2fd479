/**
 * Conditions and score facts in plain words, for the findings that say why no
 * lead exists: a council member reads them, not a parser.
 */
import { operatorDefinitions } from "../compile/operators.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Condition } from "../model/condition.js";
import { factsOf, foldCondition } from "../model/condition-walk.js";

/** A condition in plain words, for the proof of a contradiction: "`employees` is at least 200 and ...". */
export function inWords(condition: Condition): string {
  return foldCondition<string>(condition, {
    all: (parts) => (parts.length === 1 ? parts[0]! : `(${parts.join(" and ")})`),
    any: (parts) => (parts.length === 1 ? parts[0]! : `(${parts.join(" or ")})`),
    not: (part) => `not ${part}`,
    fact: (c) => {
      const value = Array.isArray(c.value) ? c.value.join(", ") : typeof c.value === "boolean" ? (c.value ? "yes" : "no") : String(c.value);
      return `\`${c.fact}\` ${operatorDefinitions[c.operator].words(value)}`;
    },
  }).replace(/^\((.*)\)$/, "$1");
}

/** What the score-derived facts a condition compares mean, so the proof can be followed. */
export function meanings(plan: PolicyPlan, condition: Condition): string {
  const scoring = plan.scoring;
  if (!scoring) return "";
  const facts = factsOf([condition]);
  const said = [
    ...scoring.thresholds
      .filter((t) => facts.includes(`threshold.${t.id}`))
      .map(
        (t) =>
          `threshold \`${t.id}\` needs ${Object.entries(t.minimums)
            .map(([k, v]) => `${k} >= ${v}`)
            .join(" and ")}`,
      ),
    ...(facts.includes("score.grade")
      ? [
          `grades come from ${scoring.grades.dimension}, the first band reached in the order listed: ${scoring.grades.bands.map((b) => `${b.grade} from ${b.min}`).join(", ")}`,
        ]
      : []),
  ];
  // The dimensions those facts count: their caps, floors, decay and resets are often the whole reason.
  const dimensions = new Set<string>();
  for (const f of facts) {
    if (f === "score.total" || f.startsWith("threshold.")) for (const d of scoring.dimensions) dimensions.add(d.id);
    else if (f === "score.grade") dimensions.add(scoring.grades.dimension);
    else if (f.startsWith("score.")) dimensions.add(f.slice("score.".length));
  }
  for (const d of scoring.dimensions) {
    if (!dimensions.has(d.id)) continue;
    const parts = [`capped at ${d.cap}`, ...(d.floor ? [`never below ${d.floor}`] : [])];
    if (d.decay) parts.push(`losing ${d.decay.points} points every ${d.decay.everyDays} days since \`${d.decay.fact}\``);
    if (d.resetWhen) parts.push(`reset when ${inWords(d.resetWhen)}`);
    said.push(`${d.id} is ${parts.join(", ")}`);
  }
  return said.length ? `, where ${said.join("; ")}` : "";
}
