/**
 * Evaluating leadrules' rules artifact (`leadrules compile`, generated/rules/)
 * in another Node service, with json-rules-engine and the operators leadrules
 * exports. Plain JavaScript, no build; README.md beside it says how to use it
 * and tests/artifact-consumer.test.ts runs it on the bundled policies.
 *
 * What a service must get right, each shown below:
 * - a fresh Engine per run (runRuleSet): json-rules-engine keeps its run state
 *   on the Engine, so overlapping run() calls on one Engine skip rules;
 * - allowUndefinedFacts, and leadrules' custom operators registered, bound to
 *   the as-of time every day count is relative to;
 * - the winner by rule order: every rule's priority is its place counted from
 *   the end, so `events` come back in the rule set's order (first-match);
 * - facts normalized the way leadrules reads them (normalizeFacts), every
 *   fact present (null when empty), and the derived facts of earlier steps.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Engine } from "json-rules-engine";

const dayMs = 86_400_000;

/** index.json and every rule set it lists, by pipeline step (score, lifecycle, route, content, retention). */
export function loadArtifact(directory) {
  const index = JSON.parse(readFileSync(path.join(directory, "index.json"), "utf8"));
  const ruleSets = {};
  for (const entry of index.ruleSets) {
    ruleSets[entry.step] = { ...entry, rules: JSON.parse(readFileSync(path.join(directory, entry.file), "utf8")) };
  }
  return { index, ruleSets };
}

/**
 * One rule set on one lead's facts: the events of the rules that hold, in the
 * rule set's order. A new Engine per call costs a fraction of a millisecond
 * and makes concurrent leads safe; never share one Engine between runs that
 * may overlap (a pool of Engines, one per run in flight, works too).
 * `operators` is `leadrulesOperators(asOf)` from leadrules.
 */
export async function runRuleSet(rules, facts, operators) {
  const engine = new Engine(rules, { allowUndefinedFacts: true });
  for (const { name, evaluate } of operators) engine.addOperator(name, evaluate);
  // A copy: json-rules-engine reads the object's own keys as facts.
  const { events } = await engine.run({ ...facts });
  return events;
}

/**
 * A raw record (strings from a CSV or a form, or JSON values) as the facts
 * leadrules decides on, by the types index.json lists: every field present,
 * null when empty or unreadable (leadrules reads a bad value as empty);
 * numbers as numbers, booleans as true/false, datetimes as UTC ISO 8601
 * (2026-06-01T12:00:00.000Z; a time without a zone is read as UTC), dates as
 * YYYY-MM-DD, picklist values as the dictionary's value (not its label;
 * unknown: null), multipicklists as arrays of values. Values in another
 * system's formats or labels must be mapped to these first (the data
 * dictionary's conversions and mappings say how leadrules reads them).
 * Derived facts (score.*, threshold.*, stage, route.queue) are not read here.
 */
export function normalizeFacts(record, factTypes) {
  const facts = {};
  for (const [name, fact] of Object.entries(factTypes)) {
    if (!fact.derivedBy) facts[name] = normalizeValue(record[name], fact);
  }
  return facts;
}

function normalizeValue(raw, fact) {
  if (raw === undefined || raw === null) return null;
  const value = typeof raw === "string" ? raw.trim() : raw;
  if (value === "") return null;
  switch (fact.type) {
    case "number":
    case "integer": {
      const n = typeof value === "number" ? value : Number(value);
      return Number.isFinite(n) && (fact.type === "number" || Number.isInteger(n)) ? n : null;
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      return value === "true" ? true : value === "false" ? false : null;
    case "datetime": {
      // ISO 8601; a day alone is its midnight, a time without an offset is UTC (as leadrules reads an export by default).
      const text = String(value);
      const iso = /^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T00:00:00Z` : /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
      const ms = Date.parse(iso);
      return Number.isNaN(ms) ? null : new Date(ms).toISOString();
    }
    case "date": {
      const ms = Date.parse(String(value).slice(0, 10));
      return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
    }
    case "picklist":
      return pickValue(fact.values, String(value));
    case "multipicklist": {
      const items = Array.isArray(value) ? value.map(String) : String(value).split(/[;,]/);
      const chosen = [];
      for (const item of items.map((i) => i.trim()).filter(Boolean)) {
        const picked = pickValue(fact.values, item);
        if (picked === null) return null;
        if (!chosen.includes(picked)) chosen.push(picked);
      }
      return chosen;
    }
    default:
      return typeof value === "object" ? null : String(value);
  }
}

/** The picklist's own spelling of a value, matched ignoring case; null when the list does not hold it. */
function pickValue(values, text) {
  return values.find((v) => v === text) ?? values.find((v) => v.toLowerCase() === text.toLowerCase()) ?? null;
}

/**
 * The score step's derived facts the rule sets read (index.json: derivedBy
 * "score"), which this artifact cannot compute (caps, decay, resets, grades
 * and thresholds live in the scoring policy): here from the `score` of a
 * leadrules simulate row (`--format ndjson`), or from your own scoring.
 */
export function scoreFacts(score, factTypes) {
  const facts = {};
  for (const [name, fact] of Object.entries(factTypes)) {
    if (fact.derivedBy !== "score") continue;
    const [kind, id] = [name.slice(0, name.indexOf(".")), name.slice(name.indexOf(".") + 1)];
    if (kind === "threshold") facts[name] = score.thresholds.includes(id);
    else if (id === "total") facts[name] = score.total;
    else if (id === "grade") facts[name] = score.grade;
    else if (id === "excluded") facts[name] = score.excluded !== null;
    else facts[name] = score.dimensions[id] ?? null;
  }
  return facts;
}

/** An element's id from its event type (`route:route.partner` -> `route.partner`; the legal hold's event `hold` is rule `legal-hold`). */
const elementId = (type) => (type === "hold" ? "legal-hold" : type.slice(type.indexOf(":") + 1));

/**
 * Lifecycle: from the recorded stage (or the initial one), recycle after
 * inactivity, then follow the first transition (in rule order) out of the
 * current stage whose event fired, until none applies or a stage repeats.
 */
export function decideLifecycle(ruleSet, events, facts, operators) {
  const recorded = facts[ruleSet.stageFact];
  const before = typeof recorded === "string" ? recorded : null;
  let stage = before ?? ruleSet.initialStage;
  const path = [];
  const visited = new Set(stage ? [stage] : []);
  const recycle = ruleSet.recycle;
  const daysSinceGreaterThan = operators.find((o) => o.name === "daysSinceGreaterThan").evaluate;
  if (recycle && stage && recycle.from.includes(stage) && daysSinceGreaterThan(facts[recycle.activityFact], recycle.afterDays)) {
    stage = recycle.to;
    path.push("recycle");
    visited.add(stage);
  }
  for (let moves = 0; stage && moves <= events.length; moves++) {
    const current = stage;
    const next = events.find((e) => e.params.from.includes(current));
    if (!next) break;
    path.push(elementId(next.type));
    stage = next.params.to;
    if (visited.has(stage)) break; // an oscillation: leadrules reports it and stops there
    visited.add(stage);
  }
  return { before, after: stage, path };
}

/** Routing: the first event wins; none, the fallback. */
export function decideRoute(ruleSet, events) {
  const first = events[0];
  return first ? { rule: elementId(first.type), queue: first.params.queue } : { ...ruleSet.fallback };
}

/** Retention: the first event wins (the legal hold is the first rule); due keepDays after its `from` date. */
export function decideRetention(events, facts) {
  const first = events[0];
  if (!first) return { rule: null, action: null, dueDate: null };
  if (first.params.action === "hold") return { rule: elementId(first.type), action: "hold", dueDate: null };
  const from = facts[first.params.from];
  const fromMs = typeof from === "string" ? Date.parse(from) : Number.NaN;
  const dueDate = Number.isNaN(fromMs) ? null : new Date(fromMs + first.params.keepDays * dayMs).toISOString().slice(0, 10);
  return { rule: elementId(first.type), action: first.params.action, dueDate };
}

/**
 * Lifecycle, routing and retention of one lead, in pipeline order (each step
 * adds the derived fact the next reads). `facts`: normalized, with the score
 * step's derived facts (scoreFacts). Leads may be decided concurrently.
 */
export async function decideLead(artifact, facts, operators) {
  const known = { ...facts };
  const decided = {};
  const { lifecycle, route, retention } = artifact.ruleSets;
  if (lifecycle) {
    decided.lifecycle = decideLifecycle(lifecycle, await runRuleSet(lifecycle.rules, known, operators), known, operators);
    known.stage = decided.lifecycle.after;
  }
  if (route) {
    decided.route = decideRoute(route, await runRuleSet(route.rules, known, operators));
    known["route.queue"] = decided.route.queue;
  }
  if (retention) decided.retention = decideRetention(await runRuleSet(retention.rules, known, operators), known);
  return decided;
}
