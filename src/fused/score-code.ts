/**
 * The scoring step of the fused row function: the same decision as
 * simulate/score.ts (exclusion, points per dimension capped, decayed, reset,
 * floored; grade and thresholds), written as straight-line code over one
 * local per dimension, with the score's JSON text built from precomputed
 * pieces (each held rule's text, each key) instead of an outcome object; or
 * its CSV cells (points, total, grade, thresholds), without the JSON's parts.
 */
import { conditionKey } from "../model/condition-listing.js";
import type { ScoringSpec } from "../model/policy.js";
import { gradeFor } from "../simulate/score.js";
import { number, text } from "../render/outcome-json.js";
import { csvCell } from "../render/escape/spreadsheet.js";
import type { FusedCode } from "./fused-code.js";
import type { StepCode } from "./step-code.js";

/** Why the scoring model is left to the reference pipeline, if it is. */
export function scoreDeclines(scoring: ScoringSpec): string | undefined {
  const ids = scoring.dimensions.map((d) => d.id);
  if (new Set(ids).size !== ids.length) return "two scoring dimensions share an id";
  // The pipeline's `byDimension["__proto__"]` is the object's prototype, not a number: not worth copying.
  if (ids.includes("__proto__")) return "a scoring dimension is named __proto__";
  return undefined;
}

/** Keys in the order Object.keys lists them on an object they were set on in this order (integer-like keys first). */
function keyOrder(ids: readonly string[]): string[] {
  const probe: Record<string, number> = {};
  for (const id of ids) probe[id] = 0;
  return Object.keys(probe);
}

/** `columns`: the dimensions a CSV row lists, in order (the writer's; a dimension not in the model is an empty cell). */
export function scoreCode(code: FusedCode, scoring: ScoringSpec, columns: readonly string[]): StepCode {
  const json = code.csv === undefined;
  const lines: string[] = [];
  const dimensionIds = scoring.dimensions.map((d) => d.id);
  const excluded = code.local("excluded");
  lines.push(`let ${excluded} = null;`);
  (scoring.exclusions ?? []).forEach((e, i) => {
    lines.push(
      `${i > 0 ? "else " : ""}if (${code.condition("score", conditionKey("exclusion", e.id))}) ${excluded} = ${code.value(e.id)};`,
    );
  });

  // Every rule is evaluated: the held ones are listed even when the lead is excluded.
  const rules = code.local("rules");
  const sums = scoring.dimensions.map(() => code.local("sum"));
  lines.push(`let ${rules} = "";`, ...sums.map((s) => `let ${s} = 0;`));
  for (const rule of scoring.rules) {
    const ruleJson = `{"id":${text(rule.id)},"dimension":${text(rule.dimension)},"points":${number(rule.points)}}`;
    const k = dimensionIds.indexOf(rule.dimension);
    const add = k >= 0 ? ` ${sums[k]} += ${code.value(rule.points)};` : "";
    // CSV lists no rules: a rule of no dimension changes nothing in its row.
    if (!json) {
      if (add) lines.push(`if (${code.condition("score", conditionKey("rule", rule.id))}) {${add} }`);
      continue;
    }
    lines.push(
      `if (${code.condition("score", conditionKey("rule", rule.id))}) { ${rules} = ${rules} === "" ? ${code.value(ruleJson)} : ${rules} + ${code.value("," + ruleJson)};${add} }`,
    );
  }

  const points = scoring.dimensions.map(() => code.local("points"));
  const lost = scoring.dimensions.map((d) => (d.decay ? code.local("lost") : undefined));
  const reset = code.local("reset");
  lines.push(`let ${reset} = "";`);
  lines.push(...scoring.dimensions.map((d, k) => `let ${points[k]} = ${code.value(d.floor ?? 0)};`));
  lines.push(...lost.filter((l) => l !== undefined).map((l) => `let ${l} = 0;`));
  lines.push(`if (!${excluded}) {`);
  scoring.dimensions.forEach((d, k) => {
    const p = points[k]!;
    const floor = code.value(d.floor ?? 0);
    lines.push(`${p} = Math.min(${code.value(d.cap)}, ${sums[k]});`);
    if (d.decay) {
      const days = code.local("days");
      lines.push(`const ${days} = ${code.days(d.decay.fact)};`);
      lines.push(
        `${lost[k]} = ${days} !== null && ${days} > 0 ? Math.floor(${days} / ${code.value(d.decay.everyDays)}) * ${code.value(d.decay.points)} : 0;`,
      );
      lines.push(`if (${lost[k]} > 0) ${p} -= ${lost[k]};`);
    }
    if (d.resetWhen) {
      const idJson = text(d.id);
      const listed = json ? ` ${reset} = ${reset} === "" ? ${code.value(idJson)} : ${reset} + ${code.value("," + idJson)};` : "";
      lines.push(`if (${code.condition("score", conditionKey("reset", d.id))}) {${listed} ${p} = ${floor}; }`);
    }
    lines.push(`${p} = Math.max(${floor}, ${p});`);
  });
  lines.push("}");

  const total = code.local("total");
  lines.push(`let ${total} = 0;`, ...points.map((p) => `${total} += ${p};`));
  const gradeIndex = dimensionIds.indexOf(scoring.grades.dimension);
  const grade = code.local("grade");
  lines.push(`const ${grade} = ${code.bind(gradeFor)}(${code.bind(scoring.grades.bands)}, ${gradeIndex >= 0 ? points[gradeIndex] : "0"});`);

  const reached = scoring.thresholds.map(() => code.local("reached"));
  const thresholds = code.local("thresholds");
  lines.push(`let ${thresholds} = "";`, "out.thresholds.length = 0;");
  scoring.thresholds.forEach((t, i) => {
    const minimums = Object.entries(t.minimums).map(([key, min]) => {
      const k = dimensionIds.indexOf(key);
      return `${key === "total" ? total : k >= 0 ? points[k] : "0"} >= ${code.value(min ?? 0)}`;
    });
    const idJson = text(t.id);
    lines.push(`const ${reached[i]} = !${excluded}${minimums.map((m) => ` && ${m}`).join("")};`);
    const listed = json
      ? ` ${thresholds} = ${thresholds} === "" ? ${code.value(idJson)} : ${thresholds} + ${code.value("," + idJson)};`
      : "";
    lines.push(`if (${reached[i]}) {${listed} out.thresholds.push(${code.value(t.id)}); }`);
  });

  // Maps of numbers list their keys as Object.keys does; decay lists only the dimensions that lost points.
  const inOrder = keyOrder(dimensionIds).map((id) => dimensionIds.indexOf(id));
  const dimensions = inOrder.map((k, i) => `${code.value(`${i > 0 ? "," : ""}${text(dimensionIds[k]!)}:`)} + number(${points[k]})`);
  const decay = code.local("decay");
  lines.push(`let ${decay} = "";`);
  const decayed = json ? scoring.dimensions.filter((d) => d.decay).map((d) => d.id) : [];
  for (const k of keyOrder(decayed).map((id) => dimensionIds.indexOf(id))) {
    const key = `${text(dimensionIds[k]!)}:`;
    lines.push(
      `if (${lost[k]} > 0) ${decay} = (${decay} === "" ? ${code.value(key)} : ${decay} + ${code.value("," + key)}) + number(${lost[k]});`,
    );
  }

  const score = code.local("score");
  if (json)
    lines.push(
      `const ${score} = '{"dimensions":{' + ${dimensions.join(" + ") || '""'} + '},"total":' + number(${total}) + ',"grade":' + text(${grade}) + ',"thresholds":[' + ${thresholds} + '],"excluded":' + text(${excluded}) + ',"rules":[' + ${rules} + '],"decay":{' + ${decay} + '},"reset":[' + ${reset} + ']}';`,
    );
  else {
    // Numbers are cells as String writes them; each grade's cell is worked out once; the thresholds reached are joined.
    const gradeCells = code.bind(new Map(scoring.grades.bands.map((b) => [b.grade, csvCell(b.grade, code.csv)])));
    const cells = [
      ...columns.map((c) => (dimensionIds.includes(c) ? `"" + ${points[dimensionIds.indexOf(c)]}` : code.cells(null))),
      `"" + ${total}`,
      `(${grade} === null ? "" : ${gradeCells}.get(${grade}))`,
      'cell(out.thresholds.join(";"))',
    ];
    lines.push(`const ${score} = ${cells.join(' + "," + ')};`);
  }
  lines.push(
    `out.grade = ${grade};`,
    `out.total = ${total};`,
    ...points.map((p, k) => `out.points[${k}] = ${p};`),
    `out.excluded = ${excluded};`,
  );

  // The facts later steps read, in the order the pipeline writes them.
  const isExcluded = code.local("isExcluded");
  lines.push(`const ${isExcluded} = ${excluded} !== null;`);
  scoring.dimensions.forEach((d, k) => code.derive(`score.${d.id}`, points[k]!));
  code.derive("score.total", total);
  code.derive("score.grade", grade);
  code.derive("score.excluded", isExcluded);
  scoring.thresholds.forEach((t, i) => code.derive(`threshold.${t.id}`, reached[i]!));
  return { code: lines.join("\n"), text: score };
}
