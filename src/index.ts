/**
 * The leadrules library API. The CLI and the tests call these functions;
 * nothing here prints or exits.
 */
import { readPolicyFiles } from "./load/read-policy-files.js";
import { validatePolicies, type ValidationResult } from "./verify/validate-policies.js";
import type { PolicySet } from "./model/policy-set.js";
import { planPolicies } from "./compile/plan.js";
import { compileRuleSets } from "./compile/compile-rules.js";
import { readLeadRecords } from "./load/read-leads.js";
import { displayPath } from "./load/read-policy-files.js";
import { simulateStream, type SimulateOptions } from "./simulate/simulate-leads.js";
import { explainLead, type ExplainReport } from "./simulate/explain.js";
import type { LeadEvaluation } from "./simulate/pipeline.js";
import { UsageError } from "./diagnostics/index.js";
import type { Diagnostic } from "./diagnostics/index.js";
import type { LeadInput } from "./load/lead-input.js";
import type { LeadOutcome } from "./model/outcome.js";
import type { ReadReport } from "./input/read-report.js";
import { readTestSuites, testDirectory } from "./validate/read-test-files.js";
import { runTestSuites } from "./policy-tests/run-tests.js";
import { measureCoverage } from "./policy-tests/coverage.js";
import { readAsOf } from "./model/dates.js";
import { resolveReadSettings } from "./input/read-settings.js";
import { specOf } from "./model/policy-set.js";

export * from "./diagnostics/index.js";
export type { Condition, FactCondition, Operator } from "./model/condition.js";
export * from "./model/policy.js";
export type { Lead, FactValue } from "./model/lead.js";
export type * from "./model/outcome.js";
export { readPolicyFiles, type PolicyFile } from "./load/read-policy-files.js";
export { loadPolicies } from "./load/load-policies.js";
export type { LoadedPolicy } from "./model/loaded-policy.js";
export { readLeadRecords, defaultLeadLayout, type ReadLeadOptions } from "./load/read-leads.js";
export type { LeadInput, LeadLayout, DroppedLine } from "./load/lead-input.js";
export { validatePolicies, type ValidationResult } from "./verify/validate-policies.js";
export { summarizePolicies, type PolicySummaryRow } from "./analyse/summarize.js";
export { type PolicySet } from "./model/policy-set.js";
export { specOf };
export { leadrulesOperators, operatorFunctions } from "./compile/operators.js";
export { planPolicies, type PolicyPlan } from "./compile/plan.js";
export { createEngine, type EngineName } from "./compile/engines.js";
export { compileCondition } from "./compile/compile-condition.js";
export { toJsonRulesCondition } from "./compile/json-rules.js";
export { simulateLeads, simulateStream, type SimulateOptions, type SimulationResult } from "./simulate/simulate-leads.js";
export type { SimulationSummary } from "./simulate/summary.js";
export { createBusinessCalendar } from "./simulate/business-hours.js";
export { generateLeads } from "./sample/generate-leads.js";
export type { ExplainReport } from "./simulate/explain.js";
export { inspectLeads, type Inspection, type InspectOptions, type InspectProfile, type FieldProfile } from "./inspect/inspect-leads.js";
export type { ColumnProfile, ValueCount } from "./inspect/column-profile.js";
export type { DetectedType, NumberFormatSeen } from "./inspect/detect-type.js";
export { suggestLeadMapping, type MappingSuggestion, type SuggestOptions } from "./inspect/suggest-mapping.js";
export { resolveReadSettings } from "./input/read-settings.js";

/** Reads and validates a policy folder; `sources` maps each file to its text for code frames. */
export function validatePolicyDirectory(directory: string): ValidationResult & { sources: Map<string, string> } {
  const files = readPolicyFiles(directory);
  return { ...validatePolicies(files), sources: new Map(files.map((f) => [f.file, f.text])) };
}

/** The json-rules-engine rule sets of a valid policy set: file name -> JSON text. */
export function compilePolicies(set: PolicySet): Map<string, string> {
  return compileRuleSets(planPolicies(set));
}

/** Simulates the leads in a file (CSV, NDJSON, JSON, YAML or XLSX), streaming; `drain` is awaited between batches of rows. */
export async function simulateFile(set: PolicySet, file: string, options: SimulateOptions, onRow: Parameters<typeof simulateStream>[3], drain?: () => Promise<void>) {
  const read = options.read ?? resolveReadSettings(specOf(set, "DataDictionary")!, options.source !== undefined ? { source: options.source } : {});
  return simulateStream(set, readLeadRecords(file, { layout: read.layout }), { file: displayPath(file), ...options, read }, onRow, drain);
}

export { factLabels } from "./render/fact-labels.js";

/** Explains one lead of a file. The whole file is simulated so queue assignment matches `simulate`. */
export async function explainLeadInFile(set: PolicySet, file: string, leadId: string, options: SimulateOptions, inputs?: AsyncIterable<LeadInput>): Promise<{ report: ExplainReport; diagnostics: Diagnostic[]; read: ReadReport }> {
  let found: LeadEvaluation | undefined;
  const onRow = (row: LeadOutcome, evaluation: LeadEvaluation) => {
    if (row.id === leadId) found ??= evaluation;
  };
  const traced = { ...options, trace: true };
  const { diagnostics, read } = inputs ? await simulateStream(set, inputs, { file: displayPath(file), ...traced }, onRow) : await simulateFile(set, file, traced, onRow);
  if (!found) throw new UsageError(`no lead with id "${leadId}" in ${file}`, read.decided < read.rows ? `Check the id; ${read.rows - read.decided} row(s) of the file could not be decided (see above), and explain looks the lead up among the decided ones.` : "Check the id; explain looks it up in the dictionary's id field.");
  return { report: explainLead(planPolicies(set), found, readAsOf(options.asOf)), diagnostics, read };
}

/** Runs every test suite in <policies>/tests/ and measures coverage. */
export async function runPolicyTests(set: PolicySet, policiesDirectory: string) {
  const { suites, diagnostics } = readTestSuites(testDirectory(policiesDirectory));
  const results = await runTestSuites(set, suites);
  return { results, coverage: measureCoverage(set, results), diagnostics };
}

export { planOwners, type OwnersOptions, type OwnersResult } from "./diff/check-owners.js";
