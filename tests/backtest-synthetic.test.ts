/**
 * A seeded synthetic history with a known generating model: a lead with employees in [10 L, 10 L + 9]
 * scores 10 L (the ladder model) and converts with probability p(L) = 1 / (1 + e^-(-2 + 0.5 L)). The
 * backtest must recover the AUC expected from those probabilities, each band's expected lift, and the
 * logistic slope, within tolerances stated below (about four standard errors).
 */
import { describe, expect, it } from "vitest";
import { backtestLeadFile } from "../src/index.js";
import { ladderPolicies, testRandom, writeHistory, type HistoryLead } from "./helpers/backtest-history.js";
import { validSet } from "./helpers/policies.js";

const asOf = "2026-06-01T12:00:00.000Z";
const p = (level: number) => 1 / (1 + Math.exp(-(-2 + 0.5 * level)));

function synthetic(n: number, seed: number) {
  const random = testRandom(seed);
  const leads: (HistoryLead & { level: number; p: number })[] = [];
  for (let i = 0; i < n; i++) {
    const level = Math.floor(random() * 10);
    const converted = random() < p(level);
    leads.push({ employees: level * 10 + Math.floor(random() * 10), outcome: converted ? "true" : "false", level, p: p(level) });
  }
  return leads;
}

/** E[AUC] from the probabilities: sum over ordered pairs of p_i (1 - p_j) ([s_i > s_j] + 1/2 [s_i = s_j]), normalised. */
function expectedAuc(leads: readonly { level: number; p: number }[]): number {
  // Grouped by level (the score), the pairs sum in O(levels^2); i = j is left out.
  let numerator = 0;
  let denominator = 0;
  for (const a of leads)
    for (const b of leads) {
      if (a === b) continue;
      const w = a.p * (1 - b.p);
      denominator += w;
      numerator += w * (a.level > b.level ? 1 : a.level === b.level ? 0.5 : 0);
    }
  return numerator / denominator;
}

describe("backtest on a synthetic history with a known generating model", () => {
  const leads = synthetic(2000, 20261130);
  const policies = ladderPolicies();
  const history = writeHistory(leads);

  it("recovers the expected AUC, the lift per band and the logistic slope", async () => {
    const { report, read } = await backtestLeadFile(validSet(policies), { policies, leads: history, asOf, outcome: "won" });
    expect(read.failures).toEqual([]);
    expect(report.leads).toBe(2000);
    expect(report.outcome.reading).toBe("yes/no");
    // Every total is the lead's level times ten.
    const expected = expectedAuc(leads);
    // The AUC's standard error here is about 0.01 (Hanley-McNeil at n = 2000, AUC 0.75): 0.04 is four of them.
    expect(Math.abs(report.auc! - expected)).toBeLessThan(0.04);
    expect(expected).toBeGreaterThan(0.7);

    // Bands never split a score: their ranges are disjoint, highest first, and cover every lead.
    report.bands.forEach((band, k) => {
      if (k > 0) expect(band.maxScore).toBeLessThan(report.bands[k - 1]!.minScore);
    });
    expect(report.bands.reduce((s, b) => s + b.leads, 0)).toBe(2000);
    expect(report.bands.length).toBeGreaterThanOrEqual(8);
    const meanP = leads.reduce((s, l) => s + l.p, 0) / leads.length;
    for (const band of report.bands) {
      const inBand = leads.filter((l) => l.level * 10 >= band.minScore && l.level * 10 <= band.maxScore);
      expect(inBand).toHaveLength(band.leads);
      const bandP = inBand.reduce((s, l) => s + l.p, 0) / inBand.length;
      const variance = inBand.reduce((s, l) => s + l.p * (1 - l.p), 0) / inBand.length ** 2;
      // Four standard errors of the band's rate, in lift units.
      expect(Math.abs(band.lift! - bandP / meanP)).toBeLessThan((4 * Math.sqrt(variance)) / meanP);
    }
    // The logistic fit's slope per point: 0.5 per level of ten points = 0.05, within 0.01.
    expect(Math.abs(report.calibration.slope / report.calibration.sd - 0.05)).toBeLessThan(0.01);
    // The threshold at 60 points: precision and recall from the counts.
    const reached = leads.filter((l) => l.level >= 6);
    const truePositives = reached.filter((l) => l.outcome === "true").length;
    const positives = leads.filter((l) => l.outcome === "true").length;
    expect(report.thresholds).toEqual([
      {
        threshold: "mql",
        reached: reached.length,
        truePositives,
        precision: truePositives / reached.length,
        recall: truePositives / positives,
      },
    ]);
  }, 60_000);

  it("leaves excluded leads out of every measure and counts them", async () => {
    const withExcluded = [
      ...leads.slice(0, 100),
      { employees: 95, outcome: "true", title: "test" },
      { employees: 0, outcome: "false", title: "test" },
    ];
    const file = writeHistory(withExcluded);
    const { report } = await backtestLeadFile(validSet(policies), { policies, leads: file, asOf, outcome: "won" });
    expect(report.leads).toBe(100);
    expect(report.excluded).toEqual({ total: 2, byExclusion: { "exclude.test": 2 } });
    expect(report.positives).toBe(leads.slice(0, 100).filter((l) => l.outcome === "true").length);
  }, 60_000);
});
