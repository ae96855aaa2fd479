/**
 * The leadrules library API. The CLI and the tests call these functions;
 * nothing here prints or exits.
 */

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
export type { PolicySet } from "./model/policy-set.js";
export { specOf } from "./model/policy-set.js";
export { leadrulesOperators, operatorFunctions } from "./compile/operators.js";
export { planPolicies, type PolicyPlan } from "./compile/plan.js";
export { createEngine, type EngineName } from "./compile/engines.js";
export { compileCondition } from "./compile/compile-condition.js";
export { toJsonRulesCondition } from "./compile/json-rules.js";
export { simulateLeads, simulateStream, type SimulateOptions, type SimulationResult } from "./simulate/simulate-leads.js";
export type { DiagnosisOnly, SimulationSummary } from "./simulate/summary.js";
export { createBusinessCalendar } from "./simulate/business-hours.js";
export { generateLeads } from "./sample/generate-leads.js";
export type { ExplainReport } from "./simulate/explain.js";
export { inspectLeads, type Inspection, type InspectOptions, type InspectProfile, type FieldProfile } from "./inspect/inspect-leads.js";
export type { ColumnProfile, ValueCount } from "./inspect/column-profile.js";
export type { DetectedType, NumberFormatSeen } from "./inspect/detect-type.js";
export { suggestLeadMapping, type MappingSuggestion, type SuggestOptions } from "./inspect/suggest-mapping.js";
export { resolveReadSettings } from "./input/read-settings.js";

export {
  validatePolicyDirectory,
  validatePolicyFiles,
  type PolicyValidationOptions,
} from "./api/validate-policy-directory.js";
export { loadPolicyDirectory, policyDirectoryDiagnostics } from "./api/cached-validation.js";
export { policyCacheFor, type PolicyCache } from "./api/policy-cache.js";

export { factLabels } from "./render/fact-labels.js";

export { runPolicyTests } from "./api/run-policy-tests.js";

export { planOwners, type OwnersOptions, type OwnersResult } from "./diff/check-owners.js";
export {
  checkApprovals,
  latestReviews,
  type ApprovalsInput,
  type ApprovalsReport,
  type OwnerApproval,
  type PathApproval,
  type Review,
  type ReviewState,
} from "./diff/approvals.js";
export { readChangedPaths, readReviews, readTeams } from "./diff/read-approval-inputs.js";
export { policyFileOwners } from "./diff/policy-file-owners.js";

// One library function per command that needs orchestration (src/api/).
export type { LeadInputFlags } from "./api/open-leads.js";
export {
  simulateFile,
  simulateLeadFile,
  policiesToSimulate,
  type SimulateFileOptions,
  type SimulateFileResult,
  type SimulationPolicies,
} from "./api/simulate-lead-file.js";
export { explainLeadFile, explainLeadInFile, type ExplainResult } from "./api/explain-lead-file.js";
export { nurtureLeadFile, type NurtureFileOptions, type NurtureFileResult } from "./api/nurture-lead-file.js";
export { readSendLog, type SendLog } from "./input/send-log.js";
export { readMembership, type Membership, type MembershipFile } from "./input/membership.js";
export { readSignals } from "./input/read-signals.js";
export type { NurtureSignals, NurtureTouch } from "./model/nurture-inputs.js";
export { createNurtureJudge, nurtureStatuses, type NurtureDecision, type NurtureStatus } from "./simulate/nurture.js";
export { nurtureStream, type NurtureRunOptions } from "./simulate/nurture-leads.js";
export type { NurtureSummary } from "./simulate/nurture-summary.js";
export type { NurtureExplainReport } from "./simulate/nurture-explain.js";
export { auditLeadFile, type AuditFileOptions, type AuditFileResult } from "./api/audit-lead-file.js";
export {
  backtestLeadFile,
  backtestVersions,
  type BacktestFileOptions,
  type BacktestFileResult,
  type BacktestReport,
  type BacktestComparisonResult,
} from "./api/backtest-lead-file.js";
export { backtestRun, type BacktestRun, type BacktestRunOptions, type OutcomeSummary } from "./backtest/backtest-leads.js";
export {
  measureBacktest,
  type BacktestMeasures,
  type Observation,
  type BandRow,
  type RateRow,
  type RuleRow,
  type ThresholdRow,
} from "./backtest/measure.js";
export { compareBacktests, type BacktestComparison, type ComparisonOptions, type MeasureDifference } from "./backtest/compare.js";
export { rocAuc, rocCurve, type RocPoint } from "./backtest/auc.js";
export { scoreBands, type ScoreBand } from "./backtest/bands.js";
export { fitLogistic, predictLogistic, type LogisticFit } from "./backtest/calibration.js";
export { informationValue, type InformationValue } from "./backtest/information-value.js";
export { pairedBootstrap, type BootstrapInterval } from "./backtest/bootstrap.js";
export { seededRandom } from "./model/seeded-random.js";
export { outcomeReading, readOutcome, type OutcomeReading } from "./backtest/outcome.js";
export {
  backtestFormatters,
  formatBacktestMarkdown,
  formatBacktestText,
  formatBacktestHtml,
  formatBacktestJson,
  type ChartLinks,
} from "./format/backtest-report.js";
export { formatBacktestComparisonMarkdown, formatBacktestComparisonText } from "./format/backtest-comparison.js";
export { bandsChartSvg, rocChartSvg } from "./render/backtest-charts.js";
export { inspectLeadFile, type InspectFileOptions } from "./api/inspect-lead-file.js";
export { sampleLeadFile, maxSampleCount, type SampleFileOptions } from "./api/sample-lead-file.js";
export {
  compilePolicies,
  generateDocs,
  generateRules,
  type FolderCheck,
  type GenerateOptions,
  type GenerateResult,
} from "./api/generate-files.js";
export { ownersFile, type OwnersFileOptions, type OwnersFileResult } from "./api/owners-file.js";
export { checkPullRequestApprovals, type ApprovalsOptions } from "./api/approvals-check.js";
export { approvalsFormatters, formatApprovalsMarkdown, formatApprovalsText } from "./format/approvals-report.js";
export { diffVersions, diffVersionFiles, type DiffOptions, type DiffFileOptions } from "./api/diff-versions.js";
export { sampleCorpus } from "./api/sample-corpus.js";
export { chooseWorkers, type WorkerRequest } from "./parallel/choose-workers.js";

// Problems of every kind as diagnostics.
export { gateDiagnostics, type GateViolation } from "./diff/gates.js";
export { testFailureDiagnostics } from "./policy-tests/test-diagnostics.js";
export { auditProblems, findingDiagnostics, parseAllowUnchecked, parseFailOn, type AuditLimits } from "./audit/audit-problems.js";
export type { AuditAlert, AuditReport, Finding } from "./audit/audit-leads.js";
export { createNurtureAudit, nurtureChecks, type NurtureAuditInputs, type NurtureCheck, type SendFinding } from "./audit/nurture-audit.js";
/**
 * Funnel alerts (ScoringModel `spec.alerts`) over decided leads: `createFunnelAlerts(scoringSpec, asOfMs)`
 * returns an accumulator; feed every decided lead once with `add(lead, outcome)` (the lead's facts as read,
 * its `LeadOutcome` from the pipeline), then `result()` gives per alert, per `groupBy` value (in value order,
 * the empty value last): leads counted, successes, rate, and `fired` / `passed` / `too-few`, with the ids of
 * the leads behind a fired group. `audit` feeds it; `backtest` can do the same. Which alerts an export can
 * feed (the fields they read) is the caller's to tell: `audit` reports the others as not checked.
 */
export {
  createFunnelAlerts,
  type AlertGroup,
  type AlertResult,
  type FunnelAlertAccumulator,
} from "./simulate/funnel-alerts.js";

// What the CLI parses options into.
export { engineNames } from "./compile/engines.js";
export { simulationFormats, type SimulationFormat } from "./format/simulation-formats.js";
export { isBadRowAllowance, type ReadReport } from "./input/read-report.js";
export { fileSize } from "./load/read-leads.js";
