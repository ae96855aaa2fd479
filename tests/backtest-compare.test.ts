/**
 * Two policy sets backtested on one history (`backtestVersions`): byte-identical output run to run, and a
 * head that only adds a rule on a field unrelated to the outcome (pure noise) shows intervals containing 0.
 * The noise rule's 5 points are less than the ladder's step of 10: it only breaks ties at random, which leaves
 * the expected AUC as it was (a tie counts one half, a random order one half on average), and no lead
 * crosses the mql threshold (60) by it, so precision and recall do not move at all.
 */
import { describe, expect, it } from "vitest";
import {
  backtestVersions,
  compareBacktests,
  formatBacktestComparisonMarkdown,
  formatBacktestComparisonText,
  measureBacktest,
  seededRandom,
} from "../src/index.js";
import type { ScoringSpec } from "../src/model/policy.js";
import { ladderPolicies, testRandom, writeHistory, type HistoryLead } from "./helpers/backtest-history.js";
import { validSet } from "./helpers/policies.js";

const asOf = "2026-06-01T12:00:00.000Z";
const noiseRule = `    - id: fit.country.us
      dimension: fit
      description: Noise - the country is drawn independently of the outcome.
      points: 5
      when: { fact: country, operator: equal, value: US }`;

function history(n: number, seed: number): string {
  const random = testRandom(seed);
  const leads: HistoryLead[] = [];
  for (let i = 0; i < n; i++) {
    const level = Math.floor(random() * 10);
    const converted = random() < 1 / (1 + Math.exp(-(-2 + 0.5 * level)));
    const country = random() < 0.5 ? "US" : "DE";
    leads.push({ employees: level * 10, outcome: converted ? "yes" : "no", extra: { country } });
  }
  return writeHistory(leads);
}

describe("backtestVersions", () => {
  const base = ladderPolicies();
  const head = ladderPolicies(noiseRule);
  const leads = history(600, 99);
  const compare = () => backtestVersions(validSet(base), validSet(head), { policies: head, leads, asOf, outcome: "won" });

  it("gives the same bytes twice, and a noise rule's differences have intervals containing 0", async () => {
    const first = await compare();
    const second = await compare();
    const markdown = String(formatBacktestComparisonMarkdown(first.comparison));
    expect(String(formatBacktestComparisonMarkdown(second.comparison))).toBe(markdown);
    expect(JSON.stringify(second.comparison)).toBe(JSON.stringify(first.comparison));
    expect(formatBacktestComparisonText(second.comparison)).toEqual(formatBacktestComparisonText(first.comparison));

    const c = first.comparison;
    expect(c.resamples).toBe(1000);
    expect(c.leads).toBe(600);
    expect(c.differences.map((d) => d.measure)).toEqual(["AUC", "mql precision", "mql recall"]);
    for (const d of c.differences) {
      expect(d.resamples).toBeGreaterThan(990);
      expect(d.low!).toBeLessThanOrEqual(0);
      expect(d.high!).toBeGreaterThanOrEqual(0);
      expect(d.difference).toBeCloseTo(d.head! - d.base!, 12);
    }
    expect(c.differences[0]!.difference).not.toBe(0);
    expect(c.differences[0]!.low!).toBeLessThan(c.differences[0]!.high!);
    expect(c.differences.slice(1).map((d) => [d.difference, d.low, d.high])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(markdown).toContain("| AUC |");
    expect(markdown).toContain("no clear change");
    expect(c.grades.map((g) => g.grade)).toEqual(["A", "B", "C"]);
  }, 60_000);

  it("another seed gives other intervals around the same estimates", async () => {
    const a = (await compare()).comparison;
    const b = (
      await backtestVersions(validSet(base), validSet(head), { policies: head, leads, asOf, outcome: "won", seed: 2, resamples: 200 })
    ).comparison;
    expect(b.differences.map((d) => d.difference)).toEqual(a.differences.map((d) => d.difference));
    expect(b.differences[0]!.low).not.toBe(a.differences[0]!.low);
    expect(b.resamples).toBe(200);
  }, 60_000);
});

describe("compareBacktests against a bootstrap built by hand", () => {
  it("gives the intervals of materialized resamples measured by measureBacktest, drawn by the same PRNG", () => {
    const random = testRandom(5);
    const scoring = {
      dimensions: [{ id: "fit", description: "Fit.", cap: 100 }],
      rules: [],
      grades: { dimension: "fit", bands: [{ grade: "A", min: 0 }] },
      thresholds: [{ id: "mql", description: "x", minimums: { total: 50 } }],
    } as unknown as ScoringSpec;
    const n = 80;
    const leads = Array.from({ length: n }, (_, i) => {
      const base = Math.floor(random() * 10) * 10;
      const head = base + (random() < 0.3 ? 20 : 0);
      return { i, base, head, converted: random() < 0.2 + base / 200, excludedBase: random() < 0.05, excludedHead: random() < 0.05 };
    });
    const side = (which: "base" | "head") =>
      leads.map((l) => {
        const total = l[which];
        const excluded = which === "base" ? l.excludedBase : l.excludedHead;
        return {
          row: l.i + 2,
          id: `L${l.i}`,
          total,
          grade: "A",
          thresholds: !excluded && total >= 50 ? ["mql"] : [],
          rules: [],
          excluded: excluded ? "x" : null,
          converted: l.converted,
        };
      });
    const sides = { base: side("base"), head: side("head") };
    const run = {
      outcome: { field: "won", column: "won", reading: "yes/no" as const, positives: 0, negatives: 0 },
      sides: [
        { scoring, observations: sides.base, read: {} as never, alerts: [] },
        { scoring, observations: sides.head, read: {} as never, alerts: [] },
      ],
    };
    const resamples = 60;
    const c = compareBacktests(run, { resamples, seed: 11 });

    // The reference: each resample drawn index by index (as resampleCounts draws), materialized, measured.
    const draw = seededRandom(11);
    const values: number[][] = [[], [], []];
    for (let r = 0; r < resamples; r++) {
      const picked = Array.from({ length: n }, () => Math.floor(draw() * n));
      const measure = (obs: typeof sides.base) =>
        measureBacktest(
          scoring,
          picked.map((k) => obs[k]!),
        );
      const [b, h] = [measure(sides.base), measure(sides.head)];
      const pairs = [
        [b.auc, h.auc],
        [b.thresholds[0]!.precision, h.thresholds[0]!.precision],
        [b.thresholds[0]!.recall, h.thresholds[0]!.recall],
      ];
      pairs.forEach(([x, y], k) => {
        if (x !== null && y !== null && x !== undefined && y !== undefined) values[k]!.push(y - x);
      });
    }
    const quantile = (sorted: number[], q: number) => {
      const at = (sorted.length - 1) * q;
      return sorted[Math.floor(at)]! + (at - Math.floor(at)) * (sorted[Math.ceil(at)]! - sorted[Math.floor(at)]!);
    };
    c.differences.forEach((d, k) => {
      const sorted = values[k]!.sort((a, b) => a - b);
      expect(d.resamples).toBe(sorted.length);
      expect(d.low!).toBeCloseTo(quantile(sorted, 0.025), 12);
      expect(d.high!).toBeCloseTo(quantile(sorted, 0.975), 12);
      expect(d.low!).toBeLessThan(d.high!);
    });
  });
});
