/**
 * Decision-logic findings on fixture policies, each with a witness lead that
 * the simulator confirms: the test runs the witness through simulate and
 * checks that it shows the problem.
 */
import { describe, expect, it } from "vitest";
import { diagnosticCodes, validatePolicyDirectory, type Diagnostic } from "../src/index.js";
import { simulateRecords } from "./helpers/leads.js";
import { validSet } from "./helpers/policies.js";
import { policyFolder, type Edit } from "./helpers/policy-fixtures.js";

function analyse(edits: Edit[]) {
  const dir = policyFolder(edits);
  const { diagnostics } = validatePolicyDirectory(dir);
  return {
    dir,
    findings: diagnostics.filter((d) => d.code.startsWith("logic/")),
    errors: diagnostics.filter((d) => d.severity === "error" && !d.code.startsWith("logic/")),
  };
}

const logicCodes = Object.keys(diagnosticCodes).filter((c) => c.startsWith("logic/"));

/** Runs the finding's witness through the simulator, on the fixture policies (their findings allowed). */
async function simulateWitness(dir: string, finding: Diagnostic) {
  expect(finding.witness, `${finding.code} has a witness`).toBeDefined();
  const [row] = await simulateRecords(validSet(dir, logicCodes), [finding.witness!.lead], finding.witness!.asOf);
  return row!;
}

describe("decision-logic analysis", () => {
  it("the base fixture has no findings", () => {
    expect(analyse([]).findings.filter((d) => d.severity !== "info")).toEqual([]);
  });

  it("finds a routing rule shadowed by an earlier one; the witness goes to the earlier rule", async () => {
    const { dir, findings } = analyse([
      {
        file: "routing.yaml",
        replace: "    - id: route.nurture\n",
        with: "    - id: route.mql.us\n      description: US MQLs.\n      when: { all: [{ fact: threshold.mql, operator: equal, value: true }, { fact: country, operator: equal, value: US }] }\n      queue: general\n      sla: { firstTouchHours: 2 }\n    - id: route.nurture\n",
      },
    ]);
    const shadowed = findings.find((d) => d.code === "logic/routing-shadowed")!;
    expect(shadowed.message).toBe(
      "routing rule `route.mql.us` can never be the first match: every lead it matches is taken by an earlier rule (`route.mql`)",
    );
    expect(shadowed.location?.line).toBe(25);
    const row = await simulateWitness(dir, shadowed);
    expect(row.route!.rule).toBe("route.mql");
    expect(row.score!.thresholds).toContain("mql");
  });

  it("finds leads only the fallback catches; the witness reaches the fallback", async () => {
    const { dir, findings } = analyse([
      {
        file: "routing.yaml",
        replace: "when: { fact: threshold.mql, operator: equal, value: false }",
        with: "when: { fact: country, operator: equal, value: DE }",
      },
    ]);
    const gap = findings.find((d) => d.code === "logic/routing-gap")!;
    expect(gap.message).toBe("some leads match no routing rule and only the fallback queue `general` catches them");
    const row = await simulateWitness(dir, gap);
    expect(row.route).toMatchObject({ rule: "fallback", queue: "general" });
  });

  it("finds a scoring rule whose condition contradicts itself", () => {
    const { findings } = analyse([
      {
        file: "scoring.yaml",
        replace: "when: { fact: country, operator: in, value: [US, GB] }",
        with: "when: { all: [{ fact: country, operator: in, value: [US, GB] }, { fact: country, operator: equal, value: DE }] }",
      },
    ]);
    expect(findings.filter((d) => d.severity !== "info").map((d) => [d.code, d.severity, d.ruleId, d.location?.line])).toEqual([
      ["logic/contradiction", "error", "fit.country", 25],
    ]);
    expect(findings[0]!.message).toBe(
      "the condition of `fit.country` can never hold, so it never applies: there is no lead where `country` is one of US, GB and `country` is DE (every case was tried, with scores, stage and queue computed as the pipeline does)",
    );
  });

  it("reports what a contradiction makes impossible downstream", () => {
    const { findings } = analyse([
      {
        file: "scoring.yaml",
        replace: "when: { fact: employees, operator: greaterThanInclusive, value: 1000 }",
        with: "when: { all: [{ fact: employees, operator: greaterThanInclusive, value: 1000 }, { fact: employees, operator: lessThan, value: 100 }] }",
      },
    ]);
    expect(findings.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.ruleId}`)).toEqual([
      "logic/contradiction gate.prices",
      "logic/contradiction lead-to-mql",
      "logic/contradiction route.mql",
      "logic/contradiction fit.big",
      "logic/grade-unreachable A",
      "logic/unreachable-threshold mql",
    ]);
  });

  it("finds a threshold no lead can reach; the witness is the best lead and still falls short", async () => {
    const { dir, findings } = analyse([{ file: "scoring.yaml", replace: "minimums: { total: 60 }", with: "minimums: { total: 95 }" }]);
    const unreachable = findings.find((d) => d.code === "logic/unreachable-threshold")!;
    expect(unreachable.message).toBe(
      "threshold `mql` (total >= 95) can never be reached: the best lead scores fit 40, engagement 40, total 80 (caps allow at most fit 40, engagement 40, total 80; exclusions, resets and decay count too)",
    );
    const row = await simulateWitness(dir, unreachable);
    expect(row.score!.total).toBe(80);
    expect(row.score!.thresholds).toEqual([]);
  });

  it("finds a stage unreachable from the initial stages", () => {
    const { findings } = analyse([
      {
        file: "lifecycle.yaml",
        replace:
          "    - id: mql-to-customer\n      description: Signs.\n      from: [mql]\n      to: customer\n      when: { fact: employees, operator: greaterThanInclusive, value: 5000 }\n",
        with: "",
      },
    ]);
    expect(findings.filter((d) => d.severity !== "info").map((d) => [d.code, d.ruleId])).toEqual([
      ["logic/dead-end-stage", "mql"],
      ["logic/unreachable-stage", "customer"],
    ]);
    expect(findings.find((d) => d.code === "logic/unreachable-stage")!.message).toBe(
      "stage `customer` cannot be reached from the initial stages (lead)",
    );
  });

  it("finds transitions that oscillate; the witness oscillates in the simulator", async () => {
    const { dir, findings } = analyse([
      {
        file: "lifecycle.yaml",
        replace: "  transitions:\n",
        with: "  transitions:\n    - { id: mql-to-lead, description: Back., from: [mql], to: lead, when: { fact: employees, operator: lessThan, value: 5000 } }\n",
      },
    ]);
    const oscillation = findings.find((d) => d.code === "logic/oscillation")!;
    expect(oscillation.message).toBe(
      "a lead can cycle lead -> mql -> lead: recorded in no stage (so starting in the initial one), it takes `lead-to-mql`, then `mql-to-lead`, all of which apply to it at once, and is back in lead",
    );
    const row = await simulateWitness(dir, oscillation);
    expect(row.lifecycle!.oscillation).toEqual(["lead", "mql", "lead"]);
  });

  it("does not report a cycle whose guards exclude each other (exact at date boundaries)", () => {
    const { findings } = analyse([
      {
        file: "lifecycle.yaml",
        replace: "  transitions:\n",
        with: "  transitions:\n    - { id: mql-to-lead, description: Back., from: [mql], to: lead, when: { fact: lastActivityAt, operator: daysSinceGreaterThan, value: 7 } }\n",
      },
      { file: "scoring.yaml", replace: "value: 7 }", with: "value: 7 }\n      # engagement needs activity within 7 days" },
    ]);
    expect(findings.filter((d) => d.code === "logic/oscillation")).toEqual([]);
  });

  it("finds SLAs that escalate before first touch is due, gates nobody passes, missing approvals and retention gaps", async () => {
    const { dir, findings } = analyse([
      { file: "routing.yaml", replace: "sla: { firstTouchHours: 4 }", with: "sla: { firstTouchHours: 4, escalateAfterHours: 2 }" },
      {
        file: "content.yaml",
        replace: "when: { fact: score.grade, operator: equal, value: A }",
        with: "when: { fact: stage, operator: equal, value: customer }",
      },
      {
        file: "content.yaml",
        replace: '- { role: legal, by: Irene, version: "2", date: 2026-05-02 }',
        with: '- { role: legal, by: Irene, version: "1", date: 2026-05-02 }',
      },
      {
        file: "retention.yaml",
        replace: "when: { fact: leadId, operator: exists, value: true }",
        with: "when: { fact: country, operator: in, value: [US, GB] }",
      },
    ]);
    expect(findings.filter((d) => d.severity !== "info").map((d) => d.code)).toEqual([
      "logic/approval-missing",
      "logic/gate-unsatisfiable",
      "logic/retention-gap",
      "logic/sla-order",
    ]);
    const gap = findings.find((d) => d.code === "logic/retention-gap")!;
    const row = await simulateWitness(dir, gap);
    expect(row.retention).toEqual({ rule: null, action: null, dueDate: null });
  });
});
