/**
 * The backtest's measures of one scoring model on leads whose outcome is known: AUC and ROC curve, rate and
 * lift per grade and per score band, precision and recall per threshold, the calibration of a logistic fit,
 * and per rule its coverage, rates and information value. Pure: observations in, report out.
 */
import type { ScoringSpec } from "../model/policy.js";
import { rocAuc, rocCurve, type RocPoint } from "./auc.js";
import { scoreBands } from "./bands.js";
import { fitLogistic, predictLogistic, type LogisticFit } from "./calibration.js";
import { informationValue, uselessBelow } from "./information-value.js";

/** One lead as the backtest sees it: what the scoring model decided and whether it converted. */
export interface Observation {
  /** Line or row of the lead in the history. */
  row: number;
  id: string;
  total: number;
  grade: string | null;
  thresholds: readonly string[];
  /** Scoring rules that fired. */
  rules: readonly string[];
  /** The exclusion that applied, if any: excluded leads are left out of every measure. */
  excluded: string | null;
  converted: boolean;
}

/** A group of leads with its conversion rate and lift (rate / base rate); null where a division is by 0. */
export interface RateRow {
  leads: number;
  positives: number;
  rate: number | null;
  lift: number | null;
}

export interface BandRow extends RateRow {
  band: number;
  minScore: number;
  maxScore: number;
  /** The calibration model's mean predicted conversion over the band's leads. */
  predicted: number | null;
}

export interface ThresholdRow {
  threshold: string;
  /** Leads that reached it, and those of them that converted. */
  reached: number;
  truePositives: number;
  precision: number | null;
  recall: number | null;
}

export interface RuleRow {
  rule: string;
  dimension: string;
  points: number;
  fires: number;
  coverage: number | null;
  rateWhenFires: number | null;
  rateWhenNot: number | null;
  woeFires: number;
  woeOther: number;
  iv: number;
  /** IV below 0.02: the rule adds points but tells converters from others no better than chance. */
  noSignal: boolean;
  /** Converters are rarer where it adds points (or commoner where it takes them off): its sign disagrees with the history. */
  againstPoints: boolean;
}

export interface BacktestMeasures {
  /** Leads measured (not excluded), positives and negatives among them. */
  leads: number;
  positives: number;
  negatives: number;
  baseRate: number | null;
  /** Leads left out by a scoring exclusion, per exclusion. */
  excluded: { total: number; byExclusion: Record<string, number> };
  /** Null when undefined (no positives or no negatives); `aucUndefined` says why. */
  auc: number | null;
  aucUndefined?: "no positives" | "no negatives" | "no leads";
  roc: RocPoint[];
  grades: (RateRow & { grade: string })[];
  bands: BandRow[];
  thresholds: ThresholdRow[];
  calibration: LogisticFit;
  rules: RuleRow[];
}

export function measureBacktest(scoring: ScoringSpec, observations: readonly Observation[]): BacktestMeasures {
  const byExclusion: Record<string, number> = {};
  const measured = observations.filter((o) => {
    if (o.excluded === null) return true;
    byExclusion[o.excluded] = (byExclusion[o.excluded] ?? 0) + 1;
    return false;
  });
  const scores = measured.map((o) => o.total);
  const labels = measured.map((o) => o.converted);
  const positives = labels.filter(Boolean).length;
  const negatives = measured.length - positives;
  const baseRate = measured.length > 0 ? positives / measured.length : null;
  const rateRow = (group: readonly Observation[]): RateRow => {
    const pos = group.filter((o) => o.converted).length;
    const rate = group.length > 0 ? pos / group.length : null;
    return { leads: group.length, positives: pos, rate, lift: rate !== null && baseRate ? rate / baseRate : null };
  };
  const auc = rocAuc(scores, labels);
  const fit = fitLogistic(scores, labels);
  const grades = [...scoring.grades.bands.map((b) => b.grade), ...(measured.some((o) => o.grade === null) ? [null] : [])].map((grade) => ({
    grade: grade ?? "(none)",
    ...rateRow(measured.filter((o) => o.grade === grade)),
  }));
  const bands = scoreBands(scores).map((band) => {
    const group = band.leads.map((i) => measured[i]!);
    const predicted = group.length > 0 ? group.reduce((s, o) => s + predictLogistic(fit, o.total), 0) / group.length : null;
    return { band: band.band, minScore: band.minScore, maxScore: band.maxScore, ...rateRow(group), predicted };
  });
  const thresholds = scoring.thresholds.map((t) => {
    const reached = measured.filter((o) => o.thresholds.includes(t.id));
    const truePositives = reached.filter((o) => o.converted).length;
    return {
      threshold: t.id,
      reached: reached.length,
      truePositives,
      precision: reached.length > 0 ? truePositives / reached.length : null,
      recall: positives > 0 ? truePositives / positives : null,
    };
  });
  const rules = scoring.rules.map((r) => {
    const fires = measured.filter((o) => o.rules.includes(r.id));
    const firesPositive = fires.filter((o) => o.converted).length;
    const others = measured.length - fires.length;
    const rateWhenFires = fires.length > 0 ? firesPositive / fires.length : null;
    const rateWhenNot = others > 0 ? (positives - firesPositive) / others : null;
    const value = informationValue({ firesPositive, firesNegative: fires.length - firesPositive, positives, negatives });
    return {
      rule: r.id,
      dimension: r.dimension,
      points: r.points,
      fires: fires.length,
      coverage: measured.length > 0 ? fires.length / measured.length : null,
      rateWhenFires,
      rateWhenNot,
      ...value,
      noSignal: value.iv < uselessBelow,
      againstPoints:
        rateWhenFires !== null && rateWhenNot !== null && Math.sign(r.points) === -Math.sign(rateWhenFires - rateWhenNot) && r.points !== 0,
    };
  });
  return {
    leads: measured.length,
    positives,
    negatives,
    baseRate,
    excluded: { total: observations.length - measured.length, byExclusion: sortedRecord(byExclusion) },
    auc,
    ...(auc === null ? { aucUndefined: measured.length === 0 ? "no leads" : positives === 0 ? "no positives" : "no negatives" } : {}),
    roc: rocCurve(scores, labels),
    grades,
    bands,
    thresholds,
    calibration: fit,
    rules,
  } as BacktestMeasures;
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
