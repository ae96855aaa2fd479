/**
 * The rules artifact as another service consumes it: examples/evaluate-artifact
 * (json-rules-engine and leadrules' operators only) on the committed
 * generated/rules, many leads at once, must pick the same routing rule,
 * lifecycle path and retention rule as `simulate`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { generateLeads, leadrulesOperators, simulateLeads, specOf } from "../src/index.js";
import {
  decideLead,
  loadArtifact,
  normalizeFacts,
  runRuleSet,
  scoreFacts,
  type Facts,
} from "../examples/evaluate-artifact/evaluate-artifact.mjs";
import { qualifiedLead } from "./helpers/leads.js";
import { corpusAsOf, validSet } from "./helpers/policies.js";
import { repoRoot } from "./helpers/policy-fixtures.js";

const set = validSet();
const artifact = loadArtifact(path.join(repoRoot, "generated/rules"));
const operators = leadrulesOperators(corpusAsOf);
const factTypes = artifact.index.facts;

/** Leads for which several transitions out of one stage hold (the sample has none): the first listed must win. */
const contested = [
  {
    leadId: "00QORDER01",
    lifecycleStage: "sal",
    emailBounced: true,
    dispositionCode: "bad-timing",
    lastActivityAt: "2026-05-01T00:00:00Z",
  },
  {
    leadId: "00QORDER02",
    lifecycleStage: "sql",
    emailBounced: true,
    dispositionCode: "competitor",
    lastActivityAt: "2026-05-01T00:00:00Z",
  },
  { leadId: "00QORDER03", lifecycleStage: "sql", convertedOpportunityId: "006X1", dispositionCode: "not-a-fit" },
  { leadId: "00QORDER04", lifecycleStage: "lead", emailBounced: true, webinarsAttended: 3, emailClicks: 9 },
].map((overrides) => qualifiedLead(overrides));

/** The bundled sample (CSV text, as a service would receive it), generated leads and contested ones (JSON values): 504 leads. */
function corpusLeads(): Record<string, unknown>[] {
  const csv: Record<string, string>[] = parse(readFileSync(path.join(repoRoot, "policies/samples/leads.csv")), { columns: true });
  const generated = generateLeads(specOf(set, "DataDictionary")!, { count: 200, seed: 21, asOf: corpusAsOf });
  return [...csv, ...generated, ...contested];
}

/**
 * Every lead decided at once, each run started one microtask after the last:
 * the interleaving under which runs overlapping on one shared Engine lost
 * rules for most leads (docs/evaluation.md), so a fresh Engine per run is tested.
 */
async function decideConcurrently(facts: Facts[]) {
  const runs = [];
  for (const f of facts) {
    runs.push(decideLead(artifact, f, operators));
    await Promise.resolve();
  }
  return Promise.all(runs);
}

describe("the rules artifact, evaluated as another service would", () => {
  it("picks the routing rule, lifecycle path and retention rule simulate picks, for 504 leads decided concurrently", async () => {
    const leads = corpusLeads();
    const { rows } = await simulateLeads(
      set,
      leads.map((values, i) => ({ record: { row: i + 1, values } })),
      { asOf: corpusAsOf },
    );
    expect(rows).toHaveLength(leads.length);
    const facts = leads.map((lead, i) => ({ ...normalizeFacts(lead, factTypes), ...scoreFacts(rows[i]!.score!, factTypes) }));
    const decided = await decideConcurrently(facts);
    const expected = rows.map((r) => ({
      lifecycle: { before: r.lifecycle!.before, after: r.lifecycle!.after, path: r.lifecycle!.path },
      route: { rule: r.route!.rule, queue: r.route!.queue },
      retention: r.retention,
    }));
    expect(decided).toEqual(expected);
  });

  it("is tested where the order decides: leads for which several routing rules, transitions or retention rules hold", async () => {
    const leads = corpusLeads();
    const { rows } = await simulateLeads(
      set,
      leads.map((values, i) => ({ record: { row: i + 1, values } })),
      { asOf: corpusAsOf },
    );
    const several = { route: 0, lifecycle: 0, retention: 0 };
    for (const [i, lead] of leads.entries()) {
      const facts = { ...normalizeFacts(lead, factTypes), ...scoreFacts(rows[i]!.score!, factTypes), stage: rows[i]!.lifecycle!.after };
      for (const step of ["route", "lifecycle", "retention"] as const) {
        const events = await runRuleSet(artifact.ruleSets[step]!.rules, facts, operators);
        if (events.length > 1) several[step]++;
      }
    }
    // Without priorities the first event was the quickest rule to finish, not the first listed (docs/evaluation.md).
    expect(several.route).toBeGreaterThan(100);
    expect(several.lifecycle).toBeGreaterThan(100);
    expect(several.retention).toBeGreaterThan(200);
  });

  it("lists every fact the rule sets read, and gives every rule its place as priority (first rule highest)", () => {
    for (const ruleSet of Object.values(artifact.ruleSets)) {
      expect(ruleSet.rules.map((r) => r.priority)).toEqual(ruleSet.rules.map((_, i) => ruleSet.rules.length - i));
      const read = JSON.stringify(ruleSet.rules).matchAll(/"fact":"([^"]+)"/g);
      for (const [, fact] of read) expect(Object.keys(factTypes), `${ruleSet.file} reads ${fact}`).toContain(fact);
      for (const fact of ruleSet.derivedFacts) expect(factTypes[fact]?.derivedBy, fact).toBeDefined();
    }
    expect(artifact.index.customOperators.toSorted()).toEqual(operators.map((o) => o.name).toSorted());
  });

  it("normalizes raw values as leadrules reads them", () => {
    const facts = normalizeFacts(
      {
        employees: " 1500 ",
        demoRequested: "true",
        isCustomer: "",
        country: "us",
        industry: "Widgets",
        lastActivityAt: "2026-05-31T09:30:00",
        createdAt: "2026-05-01T10:00:00+02:00",
      },
      factTypes,
    );
    expect(facts).toMatchObject({
      employees: 1500,
      demoRequested: true,
      isCustomer: null,
      country: "US",
      industry: null,
      lastActivityAt: "2026-05-31T09:30:00.000Z",
      createdAt: "2026-05-01T08:00:00.000Z",
      leadSource: null,
    });
    expect(Object.keys(facts)).toEqual(Object.keys(factTypes).filter((name) => !factTypes[name]!.derivedBy));
  });
});
