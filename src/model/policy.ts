/**
 * TypeScript shapes of the seven policy kinds. The JSON Schemas in schemas/ are
 * the contract users see; these types mirror them for the compiler.
 */
import type { Condition } from "./condition.js";
import type { ImportProfile } from "./import-profile.js";

export const apiVersion = "leadrules/v1";

export const policyKinds = [
  "DataDictionary",
  "ScoringModel",
  "Lifecycle",
  "Routing",
  "RetentionSchedule",
  "ContentApproval",
  "NurtureProgram",
] as const;
export type PolicyKind = (typeof policyKinds)[number];

export interface ChangeEntry {
  version: string;
  date: string;
  summary: string;
}

export interface Metadata {
  name: string;
  version: string;
  owners: string[];
  description: string;
  changes?: ChangeEntry[];
}

export interface PolicyDocument<K extends PolicyKind = PolicyKind, S = unknown> {
  apiVersion: typeof apiVersion;
  kind: K;
  metadata: Metadata;
  spec: S;
}

// ---- DataDictionary ----------------------------------------------------------

export const fieldTypes = ["string", "number", "integer", "boolean", "date", "datetime", "email", "picklist", "multipicklist"] as const;
export type FieldType = (typeof fieldTypes)[number];

export interface PicklistValue {
  value: string;
  label: string;
}

export interface FieldMapping {
  field: string;
  /** The column header when the system exports labels (HubSpot's `Lifecycle Stage` for `lifecyclestage`). */
  label?: string;
  /** Further columns read, in order, when `field` is empty. */
  coalesce?: string[];
  direction: "inbound" | "outbound" | "bidirectional" | "read-only";
  winner?: string;
  /** System-specific picklist labels -> dictionary values. */
  values?: Record<string, string>;
}

export interface FieldDefinition {
  name: string;
  label: string;
  type: FieldType;
  description: string;
  pii: "none" | "personal" | "sensitive";
  owner: string;
  sourceOfTruth: string;
  required?: boolean;
  /** Least value of a number or integer field (0 for counts). */
  minimum?: number;
  /**
   * A code written in one case (a state or country code): a string field's text is read in it, so `ca` is
   * `CA` and compares equal to the `CA` a policy writes. Without it, text is kept as written.
   */
  case?: "upper" | "lower";
  values?: PicklistValue[];
  mappings?: Record<string, FieldMapping>;
}

export interface DataObject {
  id: string;
  label: string;
  description: string;
  fields: FieldDefinition[];
}

export interface SystemDefinition {
  id: string;
  name: string;
  kind: "crm" | "marketing-automation" | "file" | "warehouse";
  /** Date values this system writes for "no date" (Salesforce: 12/31/9999, 1/1/1900), read as empty with `--source`. */
  emptyDates?: string[];
  /** How this system's exports are written. */
  profile?: ImportProfile;
}

export interface Conversions {
  nullMarkers: string[];
  trueValues: string[];
  falseValues: string[];
  dateFormats: string[];
}

export interface DictionarySpec {
  idField: string;
  systems: SystemDefinition[];
  conversions: Conversions;
  identityKeys?: string[];
  production?: Partial<Record<"score" | "grade" | "queue" | "owner" | "assignedAt" | "firstTouchAt", string>>;
  objects: DataObject[];
}

// ---- ScoringModel ------------------------------------------------------------

export interface Decay {
  fact: string;
  everyDays: number;
  points: number;
}

export interface Dimension {
  id: string;
  description: string;
  cap: number;
  floor?: number;
  decay?: Decay;
  resetWhen?: Condition;
}

export interface ScoringRule {
  id: string;
  dimension: string;
  description: string;
  points: number;
  when: Condition;
}

export interface GradeBand {
  grade: string;
  min: number;
}

export interface Threshold {
  id: string;
  description: string;
  minimums: Partial<Record<string, number>>;
}

export interface Exclusion {
  id: string;
  description: string;
  when: Condition;
}

/**
 * A funnel alert: the share of counted leads that reached `success`, per value of `groupBy`, must not
 * fall below `minimumRate` (`audit` and `backtest` evaluate it on an export, see simulate/funnel-alerts.ts).
 */
export interface FunnelAlert {
  id: string;
  description: string;
  /** Which leads count; every lead when absent. */
  population?: Condition;
  /** Only leads the policies put over this threshold of the model count, e.g. `mql`. */
  threshold?: string;
  /** What a counted lead must reach to be a success, e.g. a converted opportunity. */
  success: Condition;
  /** A dictionary field: one rate per value of it; one rate over all counted leads when absent. */
  groupBy?: string;
  /** 0..1: the alert fires for a group whose rate is below it. */
  minimumRate: number;
  /** A group with fewer counted leads is not judged ("too few leads"), never reported as passing. */
  minimumLeads: number;
}

export interface ScoringSpec {
  dimensions: Dimension[];
  rules: ScoringRule[];
  grades: { dimension: string; bands: GradeBand[] };
  thresholds: Threshold[];
  exclusions?: Exclusion[];
  /** The history `diff` backtests both versions on by default: a lead file in the policy folder, and its outcome column. */
  backtest?: { history: string; outcome: string };
  /** Funnel alerts on exports (`audit`, `backtest`); the pipeline never reads them. */
  alerts?: FunnelAlert[];
}

// ---- Lifecycle -----------------------------------------------------------------

export interface Stage {
  id: string;
  name: string;
  definition: string;
  owner: string;
  initial?: boolean;
  terminal?: boolean;
  maxDaysInStage?: number;
}

export interface Transition {
  id: string;
  description: string;
  from: string[];
  to: string;
  when: Condition;
}

export interface Recycle {
  afterDays: number;
  activityFact: string;
  from: string[];
  to: string;
}

export interface DispositionCode {
  code: string;
  label: string;
  stages: string[];
}

export interface LifecycleSpec {
  stageFact: string;
  stageEnteredFact?: string;
  nurtureStages?: string[];
  optedOutWhen?: Condition;
  stages: Stage[];
  transitions: Transition[];
  recycle?: Recycle;
  dispositions?: {
    deadlineHours: number;
    codeFact: string;
    loggedAtFact: string;
    stages: string[];
    codes: DispositionCode[];
  };
}

// ---- Routing -------------------------------------------------------------------

export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];

export interface Holiday {
  date: string;
  name: string;
}

export interface Calendar {
  id: string;
  name: string;
  timeZone: string;
  week: Partial<Record<Weekday, string[]>>;
  holidays: Holiday[];
}

export interface QueueMember {
  id: string;
  name: string;
  weight?: number;
  capacity?: number;
  /** New leads first-touched per business day, for the queue-load estimate only (default: `capacity`). */
  dailyCapacity?: number;
}

export interface Queue {
  id: string;
  name: string;
  calendar: string;
  strategy: "round-robin" | "weighted";
  members: QueueMember[];
  overflow?: string;
}

export interface Sla {
  firstTouchHours: number;
  escalateAfterHours?: number;
  reassignAfterHours?: number;
}

export interface RoutingRule {
  id: string;
  description: string;
  when: Condition;
  queue: string;
  sla: Sla;
}

export interface RoutingSpec {
  arrivalFact: string;
  calendars: Calendar[];
  queues: Queue[];
  rules: RoutingRule[];
  fallback: { queue: string; sla: Sla };
}

// ---- RetentionSchedule ---------------------------------------------------------

export interface DataCategory {
  id: string;
  description: string;
  fields: string[];
}

export interface RetentionRule {
  id: string;
  description: string;
  when: Condition;
  categories: string[];
  keepDays: number;
  from: string;
  action: "delete" | "anonymize" | "archive";
  legalBasis: string;
}

export interface RetentionSpec {
  categories: DataCategory[];
  legalHold?: { description: string; when: Condition };
  rules: RetentionRule[];
}

// ---- ContentApproval -----------------------------------------------------------

export interface Role {
  id: string;
  description: string;
}

export interface RiskLevel {
  id: string;
  description: string;
  topics: string[];
  approvers: string[];
  reviewEveryDays: number;
}

export interface Approval {
  role: string;
  by: string;
  version: string;
  date: string;
}

export interface Asset {
  id: string;
  title: string;
  topics: string[];
  stages: string[];
  version: string;
  approvals: Approval[];
}

export interface Gate {
  id: string;
  description: string;
  assets: string[];
  when: Condition;
}

export interface ContentSpec {
  roles: Role[];
  riskLevels: RiskLevel[];
  assets: Asset[];
  gates: Gate[];
}

// ---- NurtureProgram ------------------------------------------------------------

/** How a step reaches the lead; `call-task` is a sales touch (a task for the lead's owner), the others marketing touches. */
export const nurtureChannels = ["email", "call-task", "direct-mail", "ad-audience"] as const;
export type NurtureChannel = (typeof nurtureChannels)[number];

/** The signals a circuit breaker watches, given to `nurture` and `audit` as inputs (`--signals FILE`). */
export const breakerSignals = ["sync-lag-minutes", "bounce-rate", "unsubscribe-rate"] as const;
export type BreakerSignal = (typeof breakerSignals)[number];

/** A branch taken after its step was sent: the first branch whose condition holds jumps to a later step of the track. */
export interface NurtureBranch {
  id: string;
  description: string;
  when: Condition;
  goto: string;
}

export interface NurtureStep {
  id: string;
  description: string;
  channel: NurtureChannel;
  /** A ContentApproval asset, approved for its version and open to the lead's stage when the step sends; a call task may have none. */
  asset?: string;
  /** Business days (the program's calendar) after the previous step was sent, or after entry for the first step. */
  waitDays: number;
  branches?: NurtureBranch[];
}

export interface NurtureTrack {
  id: string;
  description: string;
  /** Which of the program's leads take this track; the first track whose condition holds (none: every lead). */
  when?: Condition;
  steps: NurtureStep[];
}

export interface NurtureExit {
  id: string;
  description: string;
  when: Condition;
}

/** High intent hands the lead to sales: it leaves the program for the routing rule's queue. */
export interface NurtureEscalation {
  id: string;
  description: string;
  when: Condition;
  route: string;
}

export interface NurtureProgramDefinition {
  id: string;
  name: string;
  description: string;
  /** Lower runs first when a lead qualifies for several programs; programs whose audiences overlap need different priorities. */
  priority?: number;
  /** A downstream program (sales-accepted, open opportunities, customers) may send to leads in an open opportunity. */
  downstream?: boolean;
  /** A Routing calendar: waits count its business days, and sends go out in its working hours. */
  calendar: string;
  entry: Condition;
  exits: NurtureExit[];
  escalations?: NurtureEscalation[];
  tracks: NurtureTrack[];
}

export interface QuietPeriod {
  id: string;
  description: string;
  from: string;
  to: string;
}

/** One contact policy over every program: what keeps leads from fatigue and programs from colliding. */
export interface ContactPolicy {
  /** At most this many marketing touches (every channel but `call-task`) per lead in any `windowDays` days. */
  maxTouches: number;
  windowDays: number;
  /** Days, inclusive of both ends, with no marketing touch at all. */
  quietPeriods?: QuietPeriod[];
  /** No marketing touch within `holdDays` of a sales touch: the latest of these date-time fields, or a `call-task` sent. */
  salesTouch?: { facts: string[]; holdDays: number };
  /** Leads in an open opportunity: only downstream programs may touch them. */
  openOpportunity?: Condition;
}

/** What a channel needs in a region before it may touch a lead (GDPR opt-in, CASL, CAN-SPAM opt-out...). */
export interface ConsentGate {
  id: string;
  description: string;
  /** Which leads the gate applies to. */
  region: Condition;
  channels: NurtureChannel[];
  basis: "opt-in" | "opt-out" | "legitimate-interest";
  /** What must hold for a send on those channels. */
  requires: Condition;
}

export interface CircuitBreaker {
  id: string;
  description: string;
  signal: BreakerSignal;
  /** The program pauses while the signal is above this (minutes for the sync lag, 0..1 for rates). */
  above: number;
  /** The programs it pauses; every program when absent. */
  programs?: string[];
}

export interface NurtureSpec {
  contactPolicy: ContactPolicy;
  consentGates: ConsentGate[];
  breakers?: CircuitBreaker[];
  programs: NurtureProgramDefinition[];
}

/** A one-off export's read settings (`--mapping FILE`): not a policy, read beside the policies. */
export interface LeadMappingDocument {
  apiVersion: typeof apiVersion;
  kind: "LeadMapping";
  metadata: { name: string; description?: string; version?: string };
  spec: {
    profile?: ImportProfile;
    /** Dictionary field -> a column, or columns whose first non-empty value is read. */
    columns: Record<string, string | string[]>;
    /** Dictionary field -> export label -> picklist value. */
    values?: Record<string, Record<string, string>>;
    /** Fields the export does not carry, decided as if empty (`--allow-missing` written down). */
    absent?: string[];
  };
}

export interface SpecByKind {
  DataDictionary: DictionarySpec;
  ScoringModel: ScoringSpec;
  Lifecycle: LifecycleSpec;
  Routing: RoutingSpec;
  RetentionSchedule: RetentionSpec;
  ContentApproval: ContentSpec;
  NurtureProgram: NurtureSpec;
}
