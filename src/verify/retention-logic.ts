/** Retention: leads no rule covers, rules no lead reaches first, categories no rule schedules. */
import type { Check } from "../analyse/check.js";
import { problemAt } from "../analyse/check.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { Condition } from "../model/condition.js";
import { analysisFor, approximate, withWitness } from "./analysis.js";
import { confirmedWitness } from "./witness.js";

export const retentionLogic: Check = {
  name: "retention-logic",
  description: "Leads no retention rule covers, rules that never apply first, and categories no rule schedules.",
  codes: ["logic/retention-gap", "logic/retention-shadowed", "logic/retention-category-unused"],
  check(ctx) {
    const a = analysisFor(ctx);
    const retention = a?.plan.retention;
    const policy = ctx.set.byKind.RetentionSchedule;
    if (!a || !retention || !policy) return [];
    const problems: Diagnostic[] = [];
    const notHeld: Condition[] = retention.legalHold ? [{ not: retention.legalHold.when }] : [];
    retention.rules.forEach((rule, i) => {
      const at = { policy, pointer: `/spec/rules/${i}`, ruleId: rule.id };
      const alone = a.solve(
        { all: [...notHeld, rule.when] },
        { ...at, asks: `whether \`${rule.id}\` can hold for a lead not on legal hold` },
      );
      if (!alone.witness) return; // never holds: a contradiction, reported by its own check
      const earlier = retention.rules.slice(0, i);
      const first = a.solve(
        { all: [...notHeld, rule.when, ...earlier.map((e) => ({ not: e.when }))] },
        { ...at, asks: `whether \`${rule.id}\` can be the first rule that applies` },
      );
      if (first.witness || !first.complete) return;
      const takers = earlier.filter(
        (e) => a.solve({ all: [e.when, rule.when] }, { ...at, asks: `whether \`${e.id}\` and \`${rule.id}\` overlap` }).witness,
      );
      const witness = confirmedWitness(a, alone.witness, (o) => o.retention?.rule !== rule.id);
      problems.push(
        withWitness(
          problemAt(
            policy,
            at.pointer,
            "logic/retention-shadowed",
            `retention rule \`${rule.id}\` never applies: every lead it matches is taken by an earlier rule (${takers.map((e) => `\`${e.id}\``).join(", ")})${approximate(first.inexact)}`,
            "Move the rule above the rules that take its leads, narrow them, or remove it.",
            { severity: "warning", ruleId: rule.id },
          ),
          witness,
        ),
      );
    });
    const gap = a.solve(
      { all: [...notHeld, ...retention.rules.map((r) => ({ not: r.when }))] },
      { policy, pointer: "/spec/rules", asks: "whether some leads match no retention rule" },
    );
    if (gap.witness) {
      const witness = confirmedWitness(a, gap.witness, (o) => o.retention?.rule === null);
      problems.push(
        withWitness(
          problemAt(
            policy,
            "/spec/rules",
            "logic/retention-gap",
            `some leads match no retention rule, so nothing says how long their data is kept${approximate(gap.inexact)}`,
            "Add a final catch-all rule (e.g. `{ fact: leadId, operator: exists, value: true }`).",
            { severity: "warning" },
          ),
          witness,
        ),
      );
    }
    const scheduled = new Set(retention.rules.flatMap((r) => r.categories));
    retention.categories.forEach((category, i) => {
      if (scheduled.has(category.id)) return;
      problems.push(
        problemAt(
          policy,
          `/spec/categories/${i}`,
          "logic/retention-category-unused",
          `data category \`${category.id}\` is in no retention rule, so nothing says when its fields are deleted`,
          "List the category in the rules that should delete or anonymise it, or remove it.",
          { severity: "warning", ruleId: category.id },
        ),
      );
    });
    return problems;
  },
};
