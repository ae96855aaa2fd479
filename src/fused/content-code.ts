/**
 * The content step of the fused row function: the assets eligible for the
 * lead's stage and the gates it passes (simulate/content.ts; approvals are
 * settled for the whole run). Every lead of a stage that passes the same
 * gates gets the same list, so each list's JSON text (or CSV cell, the ids
 * joined by `;`) is built once, in a table by stage and the gates passed as bits.
 */
import { conditionKey } from "../model/condition-listing.js";
import type { ContentSpec } from "../model/policy.js";
import { approvalsOf } from "../model/content-approvals.js";
import { texts } from "../render/outcome-json.js";
import { csvCell } from "../render/escape/spreadsheet.js";
import type { FusedCode } from "./fused-code.js";
import type { StepCode } from "./step-code.js";

/** More gates than this would make the table by gates too large: left to the reference pipeline. */
const mostGates = 16;

const noneEligible = '{"eligible":[]}';

interface Candidate {
  id: string;
  stages: Set<string>;
  gates: number[];
}

/** The gate conditions (by their index in the step) that decide some approved asset. */
function candidatesOf(code: FusedCode, content: ContentSpec): { candidates: Candidate[]; gates: number[] } {
  const candidates = content.assets
    .filter((a) => approvalsOf(content, a, code.asOfMs).every((x) => x.status === "approved"))
    .map((a) => ({
      id: a.id,
      stages: new Set(a.stages),
      gates: content.gates.filter((g) => g.assets.includes(a.id)).map((g) => code.plan.at("content", conditionKey("gate", g.id))),
    }));
  return { candidates, gates: [...new Set(candidates.flatMap((c) => c.gates))] };
}

export function contentDeclines(code: FusedCode, content: ContentSpec): string | undefined {
  const { gates } = candidatesOf(code, content);
  return gates.length > mostGates ? `more than ${mostGates} content gates decide approved assets` : undefined;
}

/** `stage` is the expression of the lead's stage as the content step reads it. */
export function contentCode(code: FusedCode, content: ContentSpec, stage: string): StepCode {
  const { candidates, gates } = candidatesOf(code, content);
  const stages = [...new Set(candidates.flatMap((c) => [...c.stages]))];
  const stageIndex = code.bind(new Map(stages.map((s, i) => [s, i])));
  const table = stages.map(() => new Array<string | undefined>(2 ** gates.length));
  const fill = (s: number, passed: number): string => {
    const ids = candidates.filter((c) => c.stages.has(stages[s]!) && c.gates.every((at) => (passed & (1 << gates.indexOf(at))) !== 0));
    const eligible = ids.map((c) => c.id);
    return (table[s]![passed] = code.csv ? csvCell(eligible.join(";"), code.csv) : `{"eligible":${texts(eligible)}}`);
  };
  const gateIds = content.gates.map((g) => [code.plan.at("content", conditionKey("gate", g.id)), g.id] as const);
  const gateId = (at: number) => gateIds.find(([i]) => i === at)![1];
  const row = code.local("content");
  const leadStage = code.local("leadStage");
  const index = code.local("stageIndex");
  const passed = code.local("passed");
  const lines = [
    `let ${row} = ${code.csv ? code.cells("") : code.value(noneEligible)};`,
    `const ${leadStage} = ${stage};`,
    `if (${leadStage} !== null) {`,
    `const ${index} = ${stageIndex}.get(${leadStage});`,
    `if (${index} !== undefined) {`,
    `let ${passed} = 0;`,
    ...gates.map((at, bit) => `if (${code.condition("content", conditionKey("gate", gateId(at)))}) ${passed} |= ${1 << bit};`),
    `${row} = ${code.bind(table)}[${index}][${passed}] ?? ${code.bind(fill)}(${index}, ${passed});`,
    "}",
    "}",
    `out.content = ${row};`,
  ];
  return { code: lines.join("\n"), text: row };
}
