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

export function compareOutcome(expected: Record<string, unknown>, outcome: LeadOutcome): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const [field, want] of Object.entries(expected)) {
    if (field === "score") {
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
    return { ...base, passed: false, mismatches: [], errors: diagnostics.map((d) => d.message), outcome: null, gates: {}, explain: null };
  }
  const plan = planPolicies(set);
  const mismatches = compareOutcome(testCase.expect, captured.row);
  const contentHolds = captured.evaluation.steps.content?.holds ?? [];
  const gates = Object.fromEntries(
    (plan.content?.gates ?? []).map((g) => [g.id, contentHolds[plan.index.content.get(conditionKey("gate", g.id))!] === true]),
  );
  return {
    ...base,
    passed: mismatches.length === 0,
    mismatches,
    errors: [],
    outcome: captured.row,
    gates,
    explain: mismatches.length > 0 ? explainLead(plan, captured.evaluation, Date.parse(asOf)) : null,
  };
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
