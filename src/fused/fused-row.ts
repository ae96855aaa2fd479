/**
 * The fused row function of a policy set: one generated function that takes
 * a normalized lead through every step and writes its row directly (the text
 * before and after the assignment, which is decided later, in input order),
 * with no outcome object, no array of condition results and no generic
 * serialisation. The row is the outcome's JSON, or its CSV cells: it means
 * exactly what the reference pipeline (simulate/pipeline.ts) and
 * render/outcome-json.ts, or render/simulation-rows.ts and the CSV cells of
 * render/escape/spreadsheet.ts, write together: tests/fused-row.test.ts
 * compares the two, byte for byte. Policy-constant CSV cells are worked out
 * once, when the function is generated.
 *
 * Generated like the conditions (compile/codegen.ts): policy text enters the
 * code only as JSON literals or bound values, and local names are generated.
 */
import { generate } from "../compile/codegen.js";
import type { PolicyPlan } from "../compile/plan.js";
import type { Lead } from "../model/lead.js";
import { flaggedJson } from "../render/outcome-json.js";
import { describeFlagged } from "../render/simulation-rows.js";
import type { LeadCounts } from "../simulate/summary.js";
import { contentCode, contentDeclines } from "./content-code.js";
import { FusedCode } from "./fused-code.js";
import { lifecycleCode } from "./lifecycle-code.js";
import { retentionCode } from "./retention-code.js";
import { routeCode } from "./route-code.js";
import { scoreCode, scoreDeclines } from "./score-code.js";

/** One decided lead, as the fused function leaves it: reused for every lead, so read it before the next. */
export interface FusedLead extends LeadCounts {
  id: string;
  /** The score's total (0 without scoring), each dimension's points in model order, and the exclusion that applies. */
  total: number;
  points: number[];
  excluded: string | null;
  /** The route's SLA and the content step as the row writes them (diff compares them); null without those steps. */
  sla: string | null;
  content: string | null;
  /** The queue the lead is routed to (null without routing): the assignment is decided from it. */
  queue: string | null;
  /** The row up to the assignment; the whole row when `tail` is null (no routing). */
  head: string;
  /** The row after the assignment (the writer's `assignment(queue, owner)` goes between), or null. */
  tail: string | null;
}

/** Decides one normalized lead and fills `out`; `flagged` are the fields the intake read as empty. */
export type FusedRow = (lead: Lead, flagged: readonly { field: string; steps: readonly string[] }[], out: FusedLead) => void;

/** The row the fused function writes: the outcome's JSON, or its CSV cells (render/simulation-rows.ts). */
export type FusedRowOptions =
  | {
      json: {
        /**
         * What replaces the outcome's closing brace: `}\n` for an NDJSON line, `,"diagnosisOnly":true}\n` for one
         * of policies simulated with decision-logic errors, `}` for a row of a JSON list.
         */
        end: string;
      };
    }
  | {
      csv: {
        /** Cells exactly as they are, without the spreadsheet-formula guard (`--raw-csv`). */
        raw: boolean;
        /** The dimensions whose points the row lists, in order (the writer's `simulationColumns`). */
        dimensions: readonly string[];
      };
    };

export function newFusedLead(plan: PolicyPlan): FusedLead {
  return {
    id: "",
    total: 0,
    points: [],
    excluded: null,
    sla: null,
    content: null,
    queue: null,
    head: "",
    tail: null,
    scored: plan.scoring !== undefined,
    grade: null,
    thresholds: [],
    staged: plan.lifecycle !== undefined,
    stageAfter: null,
    stageChanged: false,
    oscillated: false,
    dispositionOverdue: false,
    routeRule: null,
    arrivedOutsideHours: false,
    retentionAction: null,
    retentionDueDate: null,
  };
}

/** Why a policy set is left to the reference pipeline, or undefined when it can be fused. */
export function whyNotFused(plan: PolicyPlan, asOfMs: number): string | undefined {
  return (
    (plan.scoring && scoreDeclines(plan.scoring)) ||
    (plan.content && contentDeclines(new FusedCode(plan, asOfMs), plan.content)) ||
    undefined
  );
}

/** The fused function of a policy set at an as-of time; undefined when it declines (see `whyNotFused`). */
export function fusedRow(plan: PolicyPlan, asOfMs: number, options: FusedRowOptions): FusedRow | undefined {
  if (whyNotFused(plan, asOfMs) !== undefined) return undefined;
  const csv = "csv" in options ? options.csv : undefined;
  const code = new FusedCode(plan, asOfMs, csv && { raw: csv.raw });
  const body: string[] = [];
  const id = code.local("id");
  body.push(`const ${id} = String(${code.read(plan.dictionary.idField)} ?? "");`, `out.id = ${id};`);

  let score: string | undefined;
  if (plan.scoring) {
    const step = scoreCode(code, plan.scoring, csv?.dimensions ?? []);
    body.push(step.code);
    score = step.text;
  }
  let lifecycle: string | undefined;
  let stage: string | undefined;
  if (plan.lifecycle) {
    const step = lifecycleCode(code, plan.lifecycle, asOfMs);
    body.push(step.code);
    lifecycle = step.text;
    stage = code.read("stage");
  }
  const route = plan.routing && routeCode(code, plan.routing);
  if (route) body.push(route.code);
  let content: string | undefined;
  if (plan.content) {
    // The stage after the lifecycle, else the lead's own `stage` fact (as the pipeline's content step reads it).
    const step = contentCode(code, plan.content, `${stage ? `${stage} ?? ` : ""}${code.read("stage")} ?? null`);
    body.push(step.code);
    content = step.text;
  }
  let retention: string | undefined;
  if (plan.retention) {
    const step = retentionCode(code, plan.retention);
    body.push(step.code);
    retention = step.text;
  }

  let head: string;
  let tail: string;
  if (csv) {
    // The cells of simulationCells, a missing step's cells empty; the assignment's two cells go between head and tail.
    const cells = (expression: string | undefined, count: number) => expression ?? code.cells(...new Array<null>(count).fill(null));
    const join = (parts: string[]) => parts.join(' + "," + ');
    head = `${join([
      `cell(${id})`,
      score ?? cells(undefined, csv.dimensions.length + 3),
      cells(lifecycle, 3),
      cells(route?.head, 1),
    ])} + ","`;
    tail = `"," + ${join([
      cells(route?.sla, 3),
      cells(content, 1),
      cells(retention, 3),
      `(flagged.length > 0 ? cell(${code.bind(describeFlagged)}(flagged)) : "")`,
    ])} + ${code.value("\n")}`;
    if (!route) head = `${head} + ${code.cells(null, null)}`;
  } else {
    const end = "json" in options ? options.json.end : "";
    const json = (expression: string | undefined) => expression ?? code.value("null");
    head = `'{"id":' + text(${id}) + ',"score":' + ${json(score)} + ',"lifecycle":' + ${json(lifecycle)} + ${route ? route.head : `',"route":null'`}`;
    tail = `${route ? `${route.sla} + ` : ""}',"content":' + ${json(content)} + ',"retention":' + ${json(retention)} + (flagged.length > 0 ? ${code.bind(flaggedJson)}(flagged) : "") + ${code.value(end)}`;
  }
  if (route) body.push(`out.head = ${head};`, `out.tail = ${tail};`, `out.queue = ${route.queue};`);
  else body.push(`out.head = ${head} + ${tail};`, "out.tail = null;", "out.queue = null;", "out.routeRule = null;");

  return generate<FusedRow>(code.bindings, `return function fusedRow(f, flagged, out) {\n${code.prelude()}\n${body.join("\n")}\n};`);
}
