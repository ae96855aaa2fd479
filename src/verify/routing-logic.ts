/** Routing: rules that can never be the first match, overlapping rules, and leads only the fallback catches. */
import type { Check } from "../analyse/check.js";
import { problemAt } from "../analyse/check.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { analysisFor, approximate, withWitness } from "./analysis.js";
import { confirmedWitness } from "./witness.js";

export const routingLogic: Check = {
  name: "routing-logic",
  description: "Shadowed and overlapping routing rules, and leads only the fallback catches.",
  codes: ["logic/routing-shadowed", "logic/routing-overlap", "logic/routing-gap"],
  check(ctx) {
    const a = analysisFor(ctx);
    const routing = a?.plan.routing;
    const policy = ctx.set.byKind.Routing;
    if (!a || !routing || !policy) return [];
    const problems: Diagnostic[] = [];
    const rules = routing.rules;
    rules.forEach((rule, i) => {
      const at = { policy, pointer: `/spec/rules/${i}`, ruleId: rule.id };
      const alone = a.solve(rule.when, { ...at, asks: `whether \`${rule.id}\` can ever hold` });
      if (!alone.witness) return; // a contradiction, reported by its own check
      const earlier = rules.slice(0, i);
      const first = a.solve(
        { all: [rule.when, ...earlier.map((e) => ({ not: e.when }))] },
        { ...at, asks: `whether \`${rule.id}\` can be the first match` },
      );
      if (!first.witness && first.complete) {
        const takers = earlier
          .filter((e) => a.solve({ all: [e.when, rule.when] }, { ...at, asks: `whether \`${e.id}\` and \`${rule.id}\` overlap` }).witness)
          .map((e) => `\`${e.id}\``);
        const witness = confirmedWitness(a, alone.witness, (o) => o.route?.rule !== rule.id);
        problems.push(
          withWitness(
            problemAt(
              policy,
              at.pointer,
              "logic/routing-shadowed",
              `routing rule \`${rule.id}\` can never be the first match: every lead it matches is taken by an earlier rule (${takers.join(", ")})${approximate(first.inexact)}`,
              "Move the rule above the rules that take its leads, narrow them, or remove it.",
              { severity: "warning", ruleId: rule.id },
            ),
            witness,
          ),
        );
        return;
      }
      for (const [j, other] of earlier.entries()) {
        if (other.queue === rule.queue) continue;
        const both = a.solve(
          { all: [other.when, rule.when, ...rules.slice(0, j).map((e) => ({ not: e.when }))] },
          { ...at, asks: `whether \`${rule.id}\` overlaps \`${other.id}\`` },
        );
        if (!both.witness) continue;
        const witness = confirmedWitness(a, both.witness, (o) => o.route?.rule === other.id);
        problems.push(
          withWitness(
            problemAt(
              policy,
              at.pointer,
              "logic/routing-overlap",
              `routing rule \`${rule.id}\` (queue ${rule.queue}) overlaps \`${other.id}\` (queue ${other.queue}): leads matching both go to ${other.queue} only because \`${other.id}\` comes first`,
              "Intended? Then nothing to do; otherwise make the conditions exclusive.",
              { severity: "info", ruleId: rule.id },
            ),
            witness,
          ),
        );
      }
    });
    const gap = a.solve(
      { all: rules.map((r) => ({ not: r.when })) },
      { policy, pointer: "/spec/fallback", asks: "whether some leads match no routing rule" },
    );
    if (gap.witness) {
      const witness = confirmedWitness(a, gap.witness, (o) => o.route?.rule === "fallback");
      problems.push(
        withWitness(
          problemAt(
            policy,
            "/spec/fallback",
            "logic/routing-gap",
            `some leads match no routing rule and only the fallback queue \`${routing.fallback.queue}\` catches them${witness ? "" : " (the simulator did not confirm the lead the analysis built)"}`,
            "Add a rule for these leads, or accept the fallback for them.",
            { severity: "warning" },
          ),
          witness,
        ),
      );
    }
    return problems;
  },
};
