/**
 * Weight of evidence and information value of a yes/no predictor (a scoring rule fires or not). Each of
 * the two bins gets a share of the positives and of the negatives, smoothed by adding 0.5 to every cell
 * (and so 1 to each total), so a bin without positives or negatives has a finite WoE:
 *   WoE(bin) = ln(positiveShare / negativeShare), IV = sum over bins (positiveShare - negativeShare) x WoE.
 * Below 0.02 a predictor is conventionally useless: a rule there "adds points, no signal".
 */

export const uselessBelow = 0.02;

export interface InformationValue {
  /** WoE of the leads it fires for, and of the others. */
  woeFires: number;
  woeOther: number;
  iv: number;
}

export function informationValue(cells: {
  firesPositive: number;
  firesNegative: number;
  positives: number;
  negatives: number;
}): InformationValue {
  const bins = [
    [cells.firesPositive, cells.firesNegative],
    [cells.positives - cells.firesPositive, cells.negatives - cells.firesNegative],
  ] as const;
  const woe = bins.map(([pos, neg]) => {
    const positiveShare = (pos + 0.5) / (cells.positives + 1);
    const negativeShare = (neg + 0.5) / (cells.negatives + 1);
    return { positiveShare, negativeShare, woe: Math.log(positiveShare / negativeShare) };
  });
  const iv = woe.reduce((s, b) => s + (b.positiveShare - b.negativeShare) * b.woe, 0);
  return { woeFires: woe[0]!.woe, woeOther: woe[1]!.woe, iv };
}
