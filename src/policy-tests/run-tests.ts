/**
 * Runs policy test cases: each case's lead is simulated on its own (fresh
 * queues) at its as-of time and compared with the expected outcome. A
 * failure carries expected vs actual and the explain trace of the lead.
 */
import type { PolicySet } from "../model/policy-set.js";
import { planPolicies } from "../compile/plan.js";
import type { TestCase, TestSuite } from "../validate/read-test-files.js";
import { readDate } from "../model/dates.js";
import type { LeadOutcome } from "../model/outcome.js";
import { explainLead, type ExplainReport } from "../simulate/explain.js";
import type { LeadEvaluation } from "../simulate/pipeline.js";
import { simulateStream } from "../simulate/simulate-leads.js";
import { conditionKey } from "../model/condition-listing.js";
import { createEngine } from "../compile/engines.js";
import type { PolicyPlan } from "../compile/plan.js";
import { touchesOfUnknownSteps, type NurtureTouch } from "../model/nurture-inputs.js";
import { createNurtureJudge, type NurtureDecision } from "../simulate/nurture.js";

export interface Mismatch {
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface CaseResult {
  file: string;
  line: number;
  suite: string;
  name: string;
  passed: boolean;
  mismatches: Mismatch[];
  /** Input problems (e.g. a value the dictionary does not allow). */
  errors: string[];
  outcome: LeadOutcome | null;
  /** Each content gate's decision for this lead (for coverage). */
  gates: Record<string, boolean>;
  /** The nurture decision (when the policies have a NurtureProgram), and the exits whose condition held (`program/exit`, for coverage). */
  nurture: { decision: NurtureDecision; exitsHeld: string[] } | null;
  explain: ExplainReport | null;
}

/** What each expectation key reads from an outcome. */
const actualOf: Record<string, (o: LeadOutcome) => unknown> = {
  grade: (o) => o.score?.grade ?? null,
  thresholds: (o) => o.score?.thresholds ?? [],
  excluded: (o) => o.score?.excluded ?? null,
  stage: (o) => o.lifecycle?.after ?? null,
  path: (o) => o.lifecycle?.path ?? [],
  disposition: (o) => o.lifecycle?.disposition.status ?? null,
  routingRule: (o) => o.route?.rule ?? null,
  queue: (o) => o.route?.assignedQueue ?? null,
  owner: (o) => o.route?.owner ?? null,
  firstTouchDue: (o) => o.route?.sla.firstTouchDue ?? null,
  escalateAt: (o) => o.route?.sla.escalateAt ?? null,
  reassignAt: (o) => o.route?.sla.reassignAt ?? null,
  content: (o) => o.content?.eligible ?? [],
  retentionRule: (o) => o.retention?.rule ?? null,
  retentionAction: (o) => o.retention?.action ?? null,
  retentionDue: (o) => o.retention?.dueDate ?? null,
};

/** What each key of `expect.nurture` reads from a nurture decision. */
const nurtureActualOf: Record<string, (d: NurtureDecision) => unknown> = {
  program: (d) => d.program,
  track: (d) => d.track,
  status: (d) => d.status,
  step: (d) => d.next?.step ?? null,
  channel: (d) => d.next?.channel ?? null,
  escalation: (d) => d.escalation?.id ?? null,
};

export function compareOutcome(
  expected: Record<string, unknown>,
  outcome: LeadOutcome,
  nurture: NurtureDecision | null = null,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const [field, want] of Object.entries(expected)) {
    if (field === "nurture") {
      // Without a NurtureProgram there is no decision: the runner reports that as an input error.
      if (!nurture) continue;
      for (const [key, value] of Object.entries(want as Record<string, unknown>)) {
        const actual = nurtureActualOf[key]!(nurture);
        if (actual !== value) mismatches.push({ field: `nurture.${key}`, expected: value, actual });
      }
    } else if (field === "score") {
      for (const [key, points] of Object.entries(want as Record<string, number>)) {
        const actual = key === "total" ? outcome.score?.total : outcome.score?.dimensions[key];
        if (actual !== points) mismatches.push({ field: `score.${key}`, expected: points, actual: actual ?? null });
      }
    } else if (field === "contentIncludes" || field === "contentExcludes") {
      const eligible = outcome.content?.eligible ?? [];
      const wrong = (want as string[]).filter((a) => eligible.includes(a) !== (field === "contentIncludes"));
      if (wrong.length > 0) mismatches.push({ field, expected: want, actual: eligible });
    } else {
      const actual = actualOf[field]!(outcome);
      const normalise = (v: unknown) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v) ? isoOrText(v) : v);
      if (JSON.stringify(normalise(actual)) !== JSON.stringify(normalise(want))) mismatches.push({ field, expected: want, actual });
    }
  }
  return mismatches;
}

export async function runTestCase(set: PolicySet, suite: TestSuite, testCase: TestCase, index: number): Promise<CaseResult> {
  const asOf = testCase.asOf ?? suite.asOf;
  const lead = { ...suite.defaults, ...testCase.lead };
  let captured: { row: LeadOutcome; evaluation: LeadEvaluation } | undefined;
  const { diagnostics } = await simulateStream(
    set,
    [{ record: { row: suite.lines[index] ?? 0, values: lead } }],
    { asOf, file: suite.file, trace: true },
    (row, evaluation) => {
      captured = { row, evaluation };
    },
  );
  const base = { file: suite.file, line: suite.lines[index] ?? 0, suite: suite.name, name: testCase.name };
  if (!captured) {
    return {
      ...base,
      passed: false,
      mismatches: [],
      errors: diagnostics.map((d) => d.message),
      outcome: null,
      gates: {},
      nurture: null,
      explain: null,
    };
  }
  const plan = planPolicies(set);
  const nurture = plan.nurture ? decideNurture(plan, captured.evaluation, testCase, Date.parse(asOf)) : null;
  const errors = nurture
    ? nurture.errors
    : testCase.expect.nurture !== undefined
      ? ["the policies have no NurtureProgram to expect nurture of"]
      : [];
  const mismatches = compareOutcome(testCase.expect, captured.row, nurture?.result.decision ?? null);
  const contentHolds = captured.evaluation.steps.content?.holds ?? [];
  const gates = Object.fromEntries(
    (plan.content?.gates ?? []).map((g) => [g.id, contentHolds[plan.index.content.get(conditionKey("gate", g.id))!] === true]),
  );
  const failed = mismatches.length > 0 || errors.length > 0;
  return {
    ...base,
    passed: !failed,
    mismatches,
    errors,
    outcome: captured.row,
    gates,
    nurture: nurture?.result ?? null,
    explain: failed ? explainLead(plan, captured.evaluation, Date.parse(asOf)) : null,
  };
}

/**
 * The nurture step on the case's lead, as `leadrules nurture` decides it (simulate/nurture-leads.ts): the judge
 * after the pipeline, its conditions' results from the same compiled engine, the case's sends and signals.
 */
function decideNurture(
  plan: PolicyPlan,
  evaluation: LeadEvaluation,
  testCase: TestCase,
  asOfMs: number,
): { result: NonNullable<CaseResult["nurture"]>; errors: string[] } {
  const spec = plan.nurture!;
  const programs = new Set(spec.programs.map((p) => p.id));
  // As for --signals and --sends: a program the policy does not have is an error, never a breaker left closed.
  const errors = [
    ...Object.keys(testCase.signals?.programs ?? {})
      .filter((p) => !programs.has(p))
      .map((p) => `signals name no program of the NurtureProgram: ${p}`),
    ...(testCase.sends ?? [])
      .filter((s) => !programs.has(s.program))
      .map((s) => `a send names no program of the NurtureProgram: ${s.program}`),
    ...touchesOfUnknownSteps(testCase.sends ?? [], spec).map((s) => `a send names a step program ${s.program} does not have: ${s.step}`),
  ];
  const id = evaluation.outcome.id;
  const touches: NurtureTouch[] = (testCase.sends ?? []).map((s) => ({
    lead: id,
    program: s.program,
    step: s.step,
    channel: s.channel,
    asset: s.asset ?? null,
    assetVersion: s.assetVersion ?? null,
    sentAtMs: Date.parse(s.sentAt),
  }));
  const holds = createEngine("compiled", plan, asOfMs).evaluate("nurture", evaluation.facts) as boolean[];
  const decision = createNurtureJudge(plan, spec, asOfMs, testCase.signals ?? {}).decide(evaluation.facts, holds, touches);
  const exitsHeld = spec.programs.flatMap((p) =>
    p.exits.filter((e) => holds[plan.at("nurture", conditionKey("exit", `${p.id}/${e.id}`))] === true).map((e) => `${p.id}/${e.id}`),
  );
  return { result: { decision, exitsHeld }, errors };
}

export async function runTestSuites(set: PolicySet, suites: readonly TestSuite[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const suite of suites) {
    for (const [i, testCase] of suite.cases.entries()) results.push(await runTestCase(set, suite, testCase, i));
  }
  return results;
}

/** An expected instant in canonical form, so 12:00:00Z equals 12:00:00.000Z; a text that is no date stays as written. */
function isoOrText(text: string): string {
  const reading = readDate(text);
  return "problem" in reading ? text : new Date(reading.ms).toISOString();
}
