/**
 * The lifecycle step of the fused row function: the same decision as
 * simulate/lifecycle.ts (recycle on inactivity, the first guarded transition
 * out of the current stage until none applies, oscillations cut short, then
 * the disposition), with the transitions out of each stage in a switch and
 * each guard evaluated at most once per lead, when first needed. Its JSON
 * member, or its CSV cells (stage before, after, the path joined by `;`).
 */
import { conditionKey } from "../model/condition-listing.js";
import { isoOf, parseInstant } from "../model/instants.js";
import type { LifecycleSpec } from "../model/policy.js";
import { text, texts } from "../render/outcome-json.js";
import type { FusedCode } from "./fused-code.js";
import type { StepCode } from "./step-code.js";

const hourMs = 3_600_000;

const notRequired = '{"required":false,"code":null,"dueAt":null,"status":"not-required"}';

/** `stage` is one of `stages`, as code. */
const oneOf = (code: FusedCode, stage: string, stages: readonly string[]): string =>
  stages.length === 0 ? "false" : `(${[...new Set(stages)].map((s) => `${stage} === ${code.value(s)}`).join(" || ")})`;

export function lifecycleCode(code: FusedCode, lifecycle: LifecycleSpec, asOfMs: number): StepCode {
  const lines: string[] = [];
  const recorded = code.local("recorded");
  const before = code.local("before");
  const stage = code.local("stage");
  const path = code.local("path");
  // CSV: the path's ids joined by `;` and how many there are (an id may be empty, as `join` writes it).
  const json = code.csv === undefined;
  const pathCsv = code.local("pathCsv");
  const turns = code.local("turns");
  const oscillation = code.local("oscillation");
  // The stages visited, in order: one array per run, emptied for each lead.
  const visited = code.bind([] as string[]);
  const initial = lifecycle.stages.find((s) => s.initial)?.id ?? null;
  lines.push(
    `const ${recorded} = ${code.read(lifecycle.stageFact)};`,
    `const ${before} = typeof ${recorded} === "string" ? ${recorded} : null;`,
    `let ${stage} = ${before} ?? ${code.value(initial)};`,
    json ? `let ${path} = "";` : `let ${pathCsv} = "", ${turns} = 0;`,
    `let ${oscillation} = "null";`,
    `${visited}.length = 0;`,
    `if (${stage}) ${visited}.push(${stage});`,
  );

  const recycle = lifecycle.recycle;
  if (recycle) {
    const days = code.local("days");
    lines.push(
      `if (${stage} && ${oneOf(code, stage, recycle.from)}) {`,
      `const ${days} = ${code.days(recycle.activityFact)};`,
      `if (${days} !== null && ${days} > ${code.value(recycle.afterDays)}) { ${stage} = ${code.value(recycle.to)}; ${json ? `${path} = ${code.value(text("recycle"))};` : `${pathCsv} = "recycle"; ${turns} = 1;`} if (${visited}.indexOf(${stage}) < 0) ${visited}.push(${stage}); }`,
      "}",
    );
  }

  // Guards: 0 not yet evaluated, 1 holds, 2 does not.
  const guards = lifecycle.transitions.map(() => code.local("guard"));
  const guard = (i: number) =>
    `(${guards[i]} === 0 ? (${guards[i]} = ${code.condition("lifecycle", conditionKey("transition", lifecycle.transitions[i]!.id))} ? 1 : 2) : ${guards[i]}) === 1`;
  const out = new Map<string, number[]>();
  lifecycle.transitions.forEach((t, i) => {
    for (const from of new Set(t.from)) out.set(from, [...(out.get(from) ?? []), i]);
  });
  const next = code.local("next");
  const to = code.local("to");
  const pathJson = code.bind(lifecycle.transitions.map((t) => (json ? text(t.id) : t.id)));
  const targets = code.bind(lifecycle.transitions.map((t) => t.to));
  lines.push(
    ...guards.map((g) => `let ${g} = 0;`),
    // Each transition can fire at most once per evaluation, so this terminates.
    `for (let step = 0; step <= ${lifecycle.transitions.length} && ${stage}; step++) {`,
    `let ${next} = -1;`,
    `switch (${stage}) {`,
    ...[...out].map(
      ([from, indexes]) => `case ${code.value(from)}: ${indexes.map((i) => `if (${guard(i)}) ${next} = ${i};`).join(" else ")} break;`,
    ),
    "}",
    `if (${next} < 0) break;`,
    json
      ? `${path} = ${path} === "" ? ${pathJson}[${next}] : ${path} + "," + ${pathJson}[${next}];`
      : `${pathCsv} = ${turns}++ === 0 ? ${pathJson}[${next}] : ${pathCsv} + ";" + ${pathJson}[${next}];`,
    `const ${to} = ${targets}[${next}];`,
    `if (${visited}.indexOf(${to}) >= 0) { ${oscillation} = ${code.bind(texts)}(${visited}.slice(${visited}.indexOf(${to})).concat(${to})); ${stage} = ${to}; break; }`,
    `${stage} = ${to};`,
    `${visited}.push(${stage});`,
    "}",
  );

  const changed = code.local("changed");
  const entered = code.local("entered");
  const enteredAt = code.local("enteredAt");
  const asOf = new Date(asOfMs).toISOString();
  lines.push(
    `const ${changed} = ${stage} !== ${before};`,
    `const ${entered} = ${lifecycle.stageEnteredFact ? code.read(lifecycle.stageEnteredFact) : "null"};`,
    `const ${enteredAt} = ${changed} ? ${code.value(asOf)} : typeof ${entered} === "string" ? ${entered} : null;`,
  );

  const disposition = code.local("disposition");
  const overdue = code.local("overdue");
  lines.push(`let ${disposition} = ${code.value(notRequired)};`, `let ${overdue} = false;`);
  const rules = lifecycle.dispositions;
  if (rules) {
    const valid = new Map<string, Set<string>>();
    for (const c of rules.codes) for (const s of c.stages) valid.set(s, (valid.get(s) ?? new Set()).add(c.code));
    const validCode = code.bind((s: string, c: string) => valid.get(s)?.has(c) === true);
    const raw = code.local("rawCode");
    const dispositionCode = code.local("code");
    const dueMs = code.local("dueMs");
    const dueAt = code.local("dueAt");
    const enteredMs = lifecycle.stageEnteredFact ? code.ms(lifecycle.stageEnteredFact) : "NaN";
    const late = code.local("late");
    const head = (status: string) => code.value(`,"status":${text(status)}}`);
    // CSV has no disposition: only whether it is overdue (for the summary) is decided.
    const set = (value: string) => (json ? `${disposition} = ${value};` : "");
    lines.push(
      `if (${stage} && ${oneOf(code, stage, rules.stages)}) {`,
      `const ${raw} = ${code.read(rules.codeFact)};`,
      `const ${dispositionCode} = typeof ${raw} === "string" ? ${raw} : null;`,
      // The entered time is the as-of time (changed) or the stage-entered fact, whose instant is parsed once.
      `const ${dueMs} = ${enteredAt} ? (${changed} ? ${code.value(parseInstant(asOf))} : ${enteredMs}) + ${code.value(rules.deadlineHours * hourMs)} : null;`,
      json ? `const ${dueAt} = ${dueMs} === null ? "null" : text(${code.bind(isoOf)}(${dueMs}));` : "",
      `if (${dispositionCode}) {`,
      json
        ? `if (!${validCode}(${stage}, ${dispositionCode})) ${disposition} = '{"required":true,"code":' + text(${dispositionCode}) + ',"dueAt":' + ${dueAt} + ${head("invalid-code")};`
        : "",
      json ? "else {" : "",
      json
        ? `const ${late} = ${dueMs} !== null && typeof ${code.read(rules.loggedAtFact)} === "string" && ${code.ms(rules.loggedAtFact)} > ${dueMs};`
        : "",
      set(
        `'{"required":true,"code":' + text(${dispositionCode}) + ',"dueAt":' + ${dueAt} + (${late} ? ${head("logged-late")} : ${head("logged")})`,
      ),
      json ? "}" : "",
      "} else {",
      `${overdue} = ${dueMs} !== null && asOfMs > ${dueMs};`,
      set(`'{"required":true,"code":null,"dueAt":' + ${dueAt} + (${overdue} ? ${head("overdue")} : ${head("pending")})`),
      "}",
      "}",
    );
  }

  const row = code.local("lifecycle");
  lines.push(
    json
      ? `const ${row} = '{"before":' + text(${before}) + ',"after":' + text(${stage}) + ',"path":[' + ${path} + '],"oscillation":' + ${oscillation} + ',"enteredAt":' + text(${enteredAt}) + ',"disposition":' + ${disposition} + "}";`
      : `const ${row} = cell(${before}) + "," + cell(${stage}) + "," + cell(${pathCsv});`,
    `out.stageAfter = ${stage};`,
    `out.stageChanged = ${changed};`,
    `out.oscillated = ${oscillation} !== "null";`,
    `out.dispositionOverdue = ${overdue};`,
  );
  code.derive("stage", stage);
  return { code: lines.join("\n"), text: row };
}
