/**
 * The backtest's two charts as standalone SVG: the ROC curve, and the conversion rate per score band
 * beside the calibration model's prediction. Drawn here with no library, font or network: fixed sizes,
 * numbers written with a fixed number of decimals (the same bytes on every machine), and every text
 * (labels, band ranges, titles) escaped by `xmlText`.
 */
import type { BacktestMeasures } from "../backtest/measure.js";
import { xmlText } from "./escape/xml.js";

const width = 480;
const height = 360;
const margin = { left: 56, right: 16, top: 36, bottom: 52 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

const n = (value: number) => value.toFixed(2);

function frame(title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${xmlText(title)}" font-family="sans-serif" font-size="11">`,
    `<title>${xmlText(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="13">${xmlText(title)}</text>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

function axes(xLabel: string, yLabel: string, yMax: number, yTicks: number[]): string[] {
  const x0 = margin.left;
  const y0 = margin.top + plotHeight;
  const lines = [
    `<line x1="${x0}" y1="${y0}" x2="${x0 + plotWidth}" y2="${y0}" stroke="#333333"/>`,
    `<line x1="${x0}" y1="${margin.top}" x2="${x0}" y2="${y0}" stroke="#333333"/>`,
    `<text x="${x0 + plotWidth / 2}" y="${height - 12}" text-anchor="middle">${xmlText(xLabel)}</text>`,
    `<text x="14" y="${margin.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 14 ${margin.top + plotHeight / 2})">${xmlText(yLabel)}</text>`,
  ];
  for (const tick of yTicks) {
    const y = y0 - (tick / yMax) * plotHeight;
    lines.push(`<line x1="${x0 - 4}" y1="${n(y)}" x2="${x0}" y2="${n(y)}" stroke="#333333"/>`);
    lines.push(`<text x="${x0 - 6}" y="${n(y + 4)}" text-anchor="end">${xmlText(percent(tick))}</text>`);
  }
  return lines;
}

function percent(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}

/** The ROC curve with the diagonal of a score that knows nothing; a note instead of a curve when the AUC is undefined. */
export function rocChartSvg(measures: BacktestMeasures): string {
  const auc = measures.auc === null ? `AUC undefined (${measures.aucUndefined ?? "no leads"})` : `AUC ${measures.auc.toFixed(3)}`;
  const title = `ROC curve of the total score: ${auc}`;
  const x = (fpr: number) => margin.left + fpr * plotWidth;
  const y = (tpr: number) => margin.top + plotHeight - tpr * plotHeight;
  const body = [
    ...axes("false positive rate (share of non-converters at or above the score)", "true positive rate", 1, [0, 0.25, 0.5, 0.75, 1]),
    `<line x1="${n(x(0))}" y1="${n(y(0))}" x2="${n(x(1))}" y2="${n(y(1))}" stroke="#999999" stroke-dasharray="4 4"/>`,
  ];
  for (const tick of [0.25, 0.5, 0.75, 1])
    body.push(`<text x="${n(x(tick))}" y="${margin.top + plotHeight + 14}" text-anchor="middle">${xmlText(percent(tick))}</text>`);
  if (measures.roc.length > 0) {
    const points = measures.roc.map((p) => `${n(x(p.falsePositiveRate))},${n(y(p.truePositiveRate))}`).join(" ");
    body.push(`<polyline points="${points}" fill="none" stroke="#1f77b4" stroke-width="2"/>`);
  } else {
    body.push(
      `<text x="${width / 2}" y="${height / 2}" text-anchor="middle">${xmlText(`no curve: ${measures.aucUndefined ?? "no leads"}`)}</text>`,
    );
  }
  return frame(title, body);
}

/** Observed conversion per score band (bars) and the calibration model's prediction (dots), band 1 the highest scores. */
export function bandsChartSvg(measures: BacktestMeasures): string {
  const title = "Conversion by score band (bars: observed; dots: logistic fit)";
  const rates = measures.bands.flatMap((b) => [b.rate ?? 0, b.predicted ?? 0]);
  const top = Math.max(0.05, ...rates);
  const yMax = Math.ceil(top * 20) / 20;
  const ticks = [0, yMax / 2, yMax];
  const body = axes("score band (1 = highest scores), score range below", "conversion rate", yMax, ticks);
  const slot = measures.bands.length > 0 ? plotWidth / measures.bands.length : plotWidth;
  const y = (rate: number) => margin.top + plotHeight - (rate / yMax) * plotHeight;
  if (measures.baseRate !== null) {
    body.push(
      `<line x1="${margin.left}" y1="${n(y(measures.baseRate))}" x2="${margin.left + plotWidth}" y2="${n(y(measures.baseRate))}" stroke="#999999" stroke-dasharray="4 4"/>`,
    );
  }
  measures.bands.forEach((band, k) => {
    const left = margin.left + k * slot;
    const rate = band.rate ?? 0;
    body.push(
      `<rect x="${n(left + slot * 0.15)}" y="${n(y(rate))}" width="${n(slot * 0.7)}" height="${n(margin.top + plotHeight - y(rate))}" fill="#1f77b4"><title>${xmlText(
        `band ${band.band} (score ${band.minScore}-${band.maxScore}): ${band.positives} of ${band.leads} converted`,
      )}</title></rect>`,
    );
    if (band.predicted !== null) body.push(`<circle cx="${n(left + slot / 2)}" cy="${n(y(band.predicted))}" r="3.5" fill="#ff7f0e"/>`);
    body.push(
      `<text x="${n(left + slot / 2)}" y="${margin.top + plotHeight + 13}" text-anchor="middle">${xmlText(String(band.band))}</text>`,
    );
    body.push(
      `<text x="${n(left + slot / 2)}" y="${margin.top + plotHeight + 25}" text-anchor="middle" font-size="8">${xmlText(
        band.minScore === band.maxScore ? `${band.minScore}` : `${band.minScore}-${band.maxScore}`,
      )}</text>`,
    );
  });
  return frame(title, body);
}
