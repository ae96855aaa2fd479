/**
 * explain simulates the file untraced and evaluates only the lead asked about again, traced: its outcome, owner
 * included (owners rotate in input order), must be the row `simulate` gives that lead.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { explainLeadInFile, simulateFile, type LeadOutcome } from "../src/index.js";
import { corpusAsOf, validSet } from "./helpers/policies.js";
import { repoRoot } from "./helpers/policy-fixtures.js";

const leads = path.join(repoRoot, "policies/samples/leads.csv");

describe("explain's outcome is simulate's row", () => {
  it.each(["compiled", "reference"] as const)("--engine %s, for leads all through the file", async (engine) => {
    const set = validSet();
    const rows: LeadOutcome[] = [];
    await simulateFile(set, leads, { asOf: corpusAsOf, engine }, (row) => rows.push(row));
    const routed = rows.filter((r) => r.route?.owner);
    expect(routed.length).toBeGreaterThan(50);
    for (const row of [routed[0]!, routed[17]!, routed[routed.length - 1]!, rows[rows.length - 1]!]) {
      const { report } = await explainLeadInFile(set, leads, row.id, { asOf: corpusAsOf, engine });
      expect(report.outcome).toStrictEqual(row);
      // The traced evaluation explains every step of the lead.
      expect(report.score?.rules.length).toBeGreaterThan(0);
    }
  });
});
