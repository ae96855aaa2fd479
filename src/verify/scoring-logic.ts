/** Scoring: thresholds and grades no lead can reach, and rules that duplicate or stack on others. */
import type { Check } from "../analyse/check.js";
import { problemAt } from "../analyse/check.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { factsOf } from "../model/condition-walk.js";
import { analysisFor, withWitness } from "./analysis.js";
import { findMaximumScore, maximumPoints } from "./score-search.js";
import { confirmedWitness } from "./witness.js";

const listing = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

export const scoringLogic: Check = {
  name: "scoring-logic",
  description: "Thresholds and grades no lead can reach; scoring rules that duplicate or overlap others in their dimension.",
  codes: ["logic/unreachable-threshold", "logic/grade-unreachable", "logic/scoring-duplicate", "logic/scoring-overlap"],
  check(ctx) {
    const a = analysisFor(ctx);
    const scoring = a?.plan.scoring;
    const policy = ctx.set.byKind.ScoringModel;
    if (!a || !scoring || !policy) return [];
    const problems: Diagnostic[] = [];
    let best: ReturnType<typeof findMaximumScore> | undefined;
    const bestLead = () => (best ??= findMaximumScore(a.plan, a.domains, a.operators, a.asOfMs, { limit: 200_000, deadline: a.deadline }));

    scoring.thresholds.forEach((t, i) => {
      const at = { policy, pointer: `/spec/thresholds/${i}`, ruleId: t.id };
      const reach = a.solve(
        { fact: `threshold.${t.id}`, operator: "equal", value: true },
        { ...at, asks: `whether threshold \`${t.id}\` can be reached` },
      );
      if (reach.witness || !reach.complete) return;
      const { best: top, search } = bestLead();
      const witness = top ? confirmedWitness(a, top.assignment, (o) => o.score !== null && !o.score.thresholds.includes(t.id)) : null;
      // The search for the best lead has its own budget: past it, the lead is the best found, not the best.
      const bestWords = search.complete ? "the best lead scores" : "the best lead found within the analysis budget scores";
      const needs = Object.entries(t.minimums)
        .map(([k, v]) => `${k} >= ${v}`)
        .join(" and ");
      problems.push(
        withWitness(
          problemAt(
            policy,
            at.pointer,
            "logic/unreachable-threshold",
            `threshold \`${t.id}\` (${needs}) can never be reached: ${top ? `${bestWords} ${listing(top.score)}` : "no lead scores at all"} (caps allow at most ${listing(maximumPoints(scoring))}; exclusions, resets and decay count too)`,
            "Lower the threshold, raise a cap, narrow an exclusion or reset, or add rules that grant more points.",
            { ruleId: t.id },
          ),
          witness,
        ),
      );
    });

    const bands = scoring.grades.bands;
    bands.forEach((band, i) => {
      const at = { policy, pointer: `/spec/grades/bands/${i}`, ruleId: band.grade };
      const reach = a.solve(
        { fact: "score.grade", operator: "equal", value: band.grade },
        { ...at, asks: `whether grade ${band.grade} can be given` },
      );
      if (reach.witness || !reach.complete) return;
      const before = bands.slice(0, i).find((b) => b.min <= band.min);
      const why = before
        ? `band ${before.grade} (min ${before.min}) is listed before it and takes every lead with ${scoring.grades.dimension} >= ${before.min}; bands are tried in the order listed, so list them highest first`
        : `no lead gets ${scoring.grades.dimension} >= ${band.min} (at most ${maximumPoints(scoring)[scoring.grades.dimension]} by the caps)`;
      // The witness: the best lead, which still does not get the grade.
      const { best: top } = bestLead();
      const witness = top ? confirmedWitness(a, top.assignment, (o) => o.score !== null && o.score.grade !== band.grade) : null;
      problems.push(
        withWitness(
          problemAt(
            policy,
            at.pointer,
            "logic/grade-unreachable",
            `grade ${band.grade} is never given: ${why}`,
            "Order the bands from the highest minimum down, or lower the minimum.",
            { ruleId: band.grade },
          ),
          witness,
        ),
      );
    });

    const rules = scoring.rules;
    rules.forEach((rule, i) => {
      const facts = factsOf([rule.when]).sort().join(",");
      for (const other of rules.slice(0, i)) {
        if (other.dimension !== rule.dimension || factsOf([other.when]).sort().join(",") !== facts) continue;
        const at = { policy, pointer: `/spec/rules/${i}`, ruleId: rule.id };
        const duplicate = JSON.stringify(other.when) === JSON.stringify(rule.when);
        const both = a.solve({ all: [other.when, rule.when] }, { ...at, asks: `whether \`${rule.id}\` and \`${other.id}\` hold together` });
        if (!both.witness) continue;
        const witness = confirmedWitness(a, both.witness, (o) =>
          [rule.id, other.id].every((id) => o.score?.rules.some((r) => r.id === id)),
        );
        problems.push(
          withWitness(
            duplicate
              ? problemAt(
                  policy,
                  at.pointer,
                  "logic/scoring-duplicate",
                  `scoring rule \`${rule.id}\` has the same condition as \`${other.id}\` in dimension ${rule.dimension}: every lead it scores gets both (${other.points} + ${rule.points} points)`,
                  "Remove one, or merge them into one rule with the summed points.",
                  { severity: "warning", ruleId: rule.id },
                )
              : problemAt(
                  policy,
                  at.pointer,
                  "logic/scoring-overlap",
                  `scoring rules \`${other.id}\` and \`${rule.id}\` (dimension ${rule.dimension}) can hold for the same lead, whose points then stack (${other.points} + ${rule.points})`,
                  "Intended (e.g. a bonus on top)? Then nothing to do; otherwise make the conditions exclusive.",
                  { severity: "info", ruleId: rule.id },
                ),
            witness,
          ),
        );
      }
    });
    return problems;
  },
};
