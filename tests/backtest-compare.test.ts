/**
 * Two policy sets backtested on one history (`backtestVersions`): byte-identical output run to run, and a
 * head that only adds a rule on a field unrelated to the outcome (pure noise) shows intervals containing 0.
 * The noise rule's 5 points are less than the ladder's step of 10: it only breaks ties at random, which leaves
 * the expected AUC as it was (a tie counts one half, a random order one half on average), and no lead
 * crosses the mql threshold (60) by it, so precision and recall do not move at all.
 */
import { describe, expect, it } from "vitest";
import { backtestVersions, formatBacktestComparisonMarkdown, formatBacktestComparisonText } from "../src/index.js";
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
