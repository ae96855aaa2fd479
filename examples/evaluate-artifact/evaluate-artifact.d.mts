/** Types of evaluate-artifact.mjs (for TypeScript services and tests/artifact-consumer.test.ts). */
import type { Event, RuleProperties } from "json-rules-engine";

export type Operator = { name: string; evaluate: (factValue: any, value: any) => boolean };
export type Facts = Record<string, unknown>;
export interface FactType {
  type: string;
  values?: string[];
  /** The step that computes a derived fact. */
  derivedBy?: string;
}
export interface RuleSet {
  file: string;
  step: string;
  rules: RuleProperties[];
  decide: string;
  derivedFacts: string[];
  fallback?: { rule: string; queue: string };
  stageFact?: string;
  initialStage?: string | null;
  recycle?: { from: string[]; to: string; activityFact: string; afterDays: number } | null;
  [key: string]: unknown;
}
export interface Artifact {
  index: { customOperators: string[]; facts: Record<string, FactType>; ruleSets: Omit<RuleSet, "rules">[]; [key: string]: unknown };
  ruleSets: Record<string, RuleSet>;
}
export interface LifecycleDecision {
  before: string | null;
  after: string | null;
  path: string[];
}
export interface RouteDecision {
  rule: string;
  queue: string;
}
export interface RetentionDecision {
  rule: string | null;
  action: string | null;
  dueDate: string | null;
}
export interface ScoreOutcome {
  dimensions: Record<string, number>;
  total: number;
  grade: string | null;
  thresholds: string[];
  excluded: string | null;
}

export function loadArtifact(directory: string): Artifact;
export function runRuleSet(rules: RuleProperties[], facts: Facts, operators: Operator[]): Promise<Event[]>;
export function normalizeFacts(record: Record<string, unknown>, factTypes: Record<string, FactType>): Facts;
export function scoreFacts(score: ScoreOutcome, factTypes: Record<string, FactType>): Facts;
export function decideLifecycle(ruleSet: RuleSet, events: Event[], facts: Facts, operators: Operator[]): LifecycleDecision;
export function decideRoute(ruleSet: RuleSet, events: Event[]): RouteDecision;
export function decideRetention(events: Event[], facts: Facts): RetentionDecision;
export function decideLead(
  artifact: Artifact,
  facts: Facts,
  operators: Operator[],
): Promise<{ lifecycle?: LifecycleDecision; route?: RouteDecision; retention?: RetentionDecision }>;
