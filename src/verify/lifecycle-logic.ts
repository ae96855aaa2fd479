/** Lifecycle: unreachable stages, dead ends, transitions never taken first, and walks that come back to a stage. */
import type { Check } from "../analyse/check.js";
import { problemAt } from "../analyse/check.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { analysisFor, approximate, withWitness } from "./analysis.js";
import { oscillatingWalks } from "./derived-facts.js";
import { confirmedWitness } from "./witness.js";

export const lifecycleLogic: Check = {
  name: "lifecycle-logic",
  description: "Unreachable stages, dead ends, shadowed transitions and oscillating walks (recycling included).",
  codes: ["logic/unreachable-stage", "logic/dead-end-stage", "logic/transition-shadowed", "logic/oscillation"],
  check(ctx) {
    const a = analysisFor(ctx);
    const lifecycle = a?.plan.lifecycle;
    const policy = ctx.set.byKind.Lifecycle;
    if (!a || !lifecycle || !policy) return [];
    const problems: Diagnostic[] = [];
    const transitions = lifecycle.transitions;
    const pointerOf = (id: string) => `/spec/transitions/${transitions.findIndex((t) => t.id === id)}`;
    // A transition whose guard was not decided counts as live: only a proof removes one.
    const live = transitions.filter((t) => {
      const guard = a.solve(t.when, { policy, pointer: pointerOf(t.id), ruleId: t.id, asks: `whether the guard of \`${t.id}\` can hold` });
      return guard.witness !== null || !guard.complete;
    });

    for (const t of live) {
      const shadowedFrom = t.from.filter((from) => {
        const earlier = transitions.slice(0, transitions.indexOf(t)).filter((e) => e.from.includes(from));
        if (earlier.length === 0) return false;
        const first = a.solve(
          { all: [t.when, ...earlier.map((e) => ({ not: e.when }))] },
          { policy, pointer: pointerOf(t.id), ruleId: t.id, asks: `whether \`${t.id}\` can be the first transition out of ${from}` },
        );
        return !first.witness && first.complete;
      });
      if (shadowedFrom.length === 0) continue;
      const from = shadowedFrom[0]!;
      const alone = a.solve(t.when, { policy, pointer: pointerOf(t.id), ruleId: t.id, asks: `whether the guard of \`${t.id}\` can hold` });
      const witness = alone.witness
        ? confirmedWitness(a, new Map(alone.witness).set(lifecycle.stageFact, from), (o) => !o.lifecycle?.path.includes(t.id))
        : null;
      problems.push(
        withWitness(
          problemAt(
            policy,
            pointerOf(t.id),
            "logic/transition-shadowed",
            `transition \`${t.id}\` is never taken out of ${shadowedFrom.join(", ")}: whenever its guard holds, an earlier transition out of the same stage holds too and is taken first`,
            "Move it above the transitions that pre-empt it, narrow them, or remove it.",
            { severity: "warning", ruleId: t.id },
          ),
          witness,
        ),
      );
    }

    const edges = [
      ...live.flatMap((t) => t.from.map((from) => [from, t.to] as const)),
      ...(lifecycle.recycle ? lifecycle.recycle.from.map((from) => [from, lifecycle.recycle!.to] as const) : []),
    ];
    const reached = new Set(lifecycle.stages.filter((s) => s.initial).map((s) => s.id));
    for (let grew = true; grew; ) {
      grew = false;
      for (const [from, to] of edges) {
        if (reached.has(from) && !reached.has(to)) {
          reached.add(to);
          grew = true;
        }
      }
    }
    lifecycle.stages.forEach((s, i) => {
      if (!reached.has(s.id))
        problems.push(
          problemAt(
            policy,
            `/spec/stages/${i}`,
            "logic/unreachable-stage",
            `stage \`${s.id}\` cannot be reached from the initial stages (${
              lifecycle.stages
                .filter((x) => x.initial)
                .map((x) => x.id)
                .join(", ") || "none marked initial"
            })`,
            "Add a transition into it, mark it initial, or remove it.",
            { severity: "warning", ruleId: s.id },
          ),
        );
      if (!s.terminal && !edges.some(([from]) => from === s.id))
        problems.push(
          problemAt(
            policy,
            `/spec/stages/${i}`,
            "logic/dead-end-stage",
            `stage \`${s.id}\` is not terminal, but no transition or recycling leaves it`,
            "Add a way out, or mark it `terminal: true`.",
            { severity: "warning", ruleId: s.id },
          ),
        );
    });

    // Every walk the lifecycle can take, recycling included, that comes back to a stage it visited.
    const walks = oscillatingWalks(a.plan);
    if (walks === null)
      a.undecided.push({
        question: { policy, pointer: "/spec/transitions", asks: "whether a lead can cycle between stages" },
        why: "the lifecycle has more than 2,000 walks to try",
      });
    const reported = new Set<string>();
    for (const walk of walks ?? []) {
      const cycle = walk.cycle.join(" -> ");
      if (reported.has(cycle)) continue;
      const closing = walk.steps[walk.steps.length - 1]!;
      const result = a.solve(walk.when, {
        policy,
        pointer: pointerOf(closing),
        ruleId: closing,
        asks: `whether a lead can cycle ${cycle}`,
      });
      if (!result.witness) continue;
      reported.add(cycle);
      const witness = confirmedWitness(
        a,
        result.witness,
        (o) => o.lifecycle?.oscillation !== null && o.lifecycle?.oscillation !== undefined,
      );
      problems.push(
        withWitness(
          problemAt(
            policy,
            pointerOf(closing),
            "logic/oscillation",
            `a lead can cycle ${cycle}: recorded in ${walk.start ?? "no stage (so starting in the initial one)"}, it takes ${walk.steps.map((s) => (s === "recycle" ? "recycling" : `\`${s}\``)).join(", then ")}, all of which apply to it at once, and is back in ${walk.cycle[0]}${approximate(result.inexact)}`,
            "Make one guard exclude another (e.g. require what the way back forbids).",
            { ruleId: closing },
          ),
          witness,
        ),
      );
    }
    return problems;
  },
};
