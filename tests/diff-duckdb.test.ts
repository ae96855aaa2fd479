/**
 * `diff --engine duckdb` (duckdb/diff-duckdb.ts) against the compiled engine's diff: the same report,
 * json and markdown text, on temporary git copies of the bundled policies and sample (a threshold, a
 * routing, a scoring rule and a data dictionary change, and a null-heavy lead file); and the same
 * behaviour diff, every changed lead listed, on generated and null-heavy leads for changes of each kind.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PolicySet } from "../src/index.js";
import { diffBehaviour } from "../src/diff/diff-leads.js";
import { diffBehaviourDuckDb } from "../src/duckdb/diff-duckdb.js";
import type { ReadOptions } from "../src/input/intake.js";
import { runCli } from "./helpers/cli.js";
import { policyRepo, type TempRepo } from "./helpers/git-repo.js";
import { corpusAsOf } from "./helpers/policies.js";
import { makeTempDir } from "./helpers/policy-fixtures.js";
import { bundled, inputs, leadsAt, nullHeavy, variant, type Values } from "./helpers/varied-policies.js";

/** The diff report of both engines, in each format, on a branch `change` made by `change`; what each found. */
async function expectSameReports(change: (repo: TempRepo) => void, extra: (repo: TempRepo) => string[] = () => []) {
  const repo = policyRepo();
  repo.git("checkout", "-q", "-b", "change");
  change(repo);
  repo.commit("change");
  const reports: Record<string, string> = {};
  for (const format of ["json", "markdown"]) {
    const [compiled, duckdb] = await Promise.all(
      ["compiled", "duckdb"].map((engine) =>
        runCli([
          "diff",
          "--policies",
          repo.policies,
          "--base",
          "main",
          "--head",
          "change",
          "--format",
          format,
          "--engine",
          engine,
          "--quiet",
          "--max-bad-rows",
          "100%",
          ...extra(repo),
        ]),
      ),
    );
    expect(compiled!.stderr).toBe(duckdb!.stderr);
    expect(duckdb!.stdout).toBe(compiled!.stdout);
    expect(duckdb!.code).toBe(compiled!.code);
    reports[format] = compiled!.stdout;
  }
  return JSON.parse(reports.json!) as {
    behaviour: { leads: number; changedLeads: number; changes: Record<string, number> };
    leads: { read: { flagged: number } };
    nurture?: { changedLeads: number; programMoves: Record<string, Record<string, number>> };
  };
}

describe("diff --engine duckdb gives the compiled engine's report", () => {
  it("(a) a threshold change: stages, queues and owners move", async () => {
    const { behaviour, nurture } = await expectSameReports((repo) =>
      repo.edit("scoring-model.yaml", "minimums: { total: 100, fit: 30 }", "minimums: { total: 90, fit: 30 }"),
    );
    expect(behaviour.changes.stage).toBeGreaterThan(0);
    expect(behaviour.changes.owner).toBeGreaterThan(0);
    // New MQLs leave the early programs for sales-accepted support: the nurture section is the same on both engines.
    expect(nurture!.changedLeads).toBeGreaterThan(0);
    expect(Object.keys(nurture!.programMoves)).toContain("early-education");
  }, 60_000);

  it("(b) a routing change: a rule's SLA and the order of two rules", async () => {
    const { behaviour } = await expectSameReports((repo) => {
      repo.edit(
        "routing.yaml",
        "      sla: { firstTouchHours: 4, escalateAfterHours: 8, reassignAfterHours: 16 }\n    - id: route.mql.emea",
        "      sla: { firstTouchHours: 2, escalateAfterHours: 8, reassignAfterHours: 16 }\n    - id: route.mql.emea",
      );
      // Named accounts before existing customers: leads that are both change queue.
      repo.edit(
        "routing.yaml",
        "    - id: route.existing-customer\n      description: People at existing customers belong to their account manager.\n      when: { fact: isCustomer, operator: equal, value: true }\n      queue: account-management\n      sla: { firstTouchHours: 8, escalateAfterHours: 16 }\n",
        "",
      );
      repo.edit(
        "routing.yaml",
        "    - id: route.partner\n",
        "    - id: route.existing-customer\n      description: People at existing customers belong to their account manager.\n      when: { fact: isCustomer, operator: equal, value: true }\n      queue: account-management\n      sla: { firstTouchHours: 8, escalateAfterHours: 16 }\n    - id: route.partner\n",
      );
    });
    expect(behaviour.changes.sla).toBeGreaterThan(0);
    expect(behaviour.changes.queue).toBeGreaterThan(0);
  }, 60_000);

  it("(c) a scoring rule's points", async () => {
    const { behaviour } = await expectSameReports((repo) =>
      repo.edit(
        "scoring-model.yaml",
        "      description: VPs own the data platform budget.\n      points: 15",
        "      description: VPs own the data platform budget.\n      points: 40",
      ),
    );
    expect(behaviour.changes.score).toBeGreaterThan(0);
    expect(behaviour.changes.grade).toBeGreaterThan(0);
  }, 60_000);

  it("(d) a data dictionary change (each version its own leads table), with a threshold change", async () => {
    // The head reads the sample's trade-show leads with the source flagged empty.
    const { behaviour, leads } = await expectSameReports((repo) => {
      repo.edit("data-dictionary.yaml", '            - { value: trade-show, label: "Trade Show" }\n', "");
      repo.edit("data-dictionary.yaml", 'OFFLINE: trade-show, "Offline Sources": trade-show, ', "");
      repo.edit("scoring-model.yaml", "minimums: { total: 100, fit: 30 }", "minimums: { total: 90, fit: 30 }");
    });
    expect(leads.read.flagged).toBeGreaterThan(0);
    expect(behaviour.changes.stage).toBeGreaterThan(0);
  }, 60_000);

  it("(e) a null-heavy lead file (--leads): a threshold, and a retention date from a field most leads lack", async () => {
    const file = path.join(makeTempDir(), "null-heavy.ndjson");
    const records = nullHeavy(leadsAt(corpusAsOf, 3_000, 81), 82);
    writeFileSync(file, records.map((l) => `${JSON.stringify(l)}\n`).join(""));
    const { behaviour } = await expectSameReports(
      (repo) => {
        repo.edit("scoring-model.yaml", "minimums: { total: 100, fit: 30 }", "minimums: { total: 40, fit: 10 }");
        // Leads without an opt-out date had no due date; now they have one (a value against none).
        repo.edit("retention-schedule.yaml", "      keepDays: 30\n      from: optOutAt", "      keepDays: 30\n      from: createdAt");
      },
      () => ["--leads", file, "--as-of", corpusAsOf],
    );
    expect(behaviour.leads).toBeGreaterThan(2_500);
    expect(behaviour.changes.stage).toBeGreaterThan(0);
    expect(behaviour.changes.retentionDate).toBeGreaterThan(0);
  }, 60_000);
});

describe("the duckdb behaviour diff counts what the compiled one counts, every changed lead listed", () => {
  const read: ReadOptions = { maxBadRows: "100%" };
  const topLimit = 100_000;
  const leads = [...leadsAt(corpusAsOf, 2_000, 91), ...nullHeavy(leadsAt(corpusAsOf, 800, 92), 93)];
  leads[3]!.leadId = leads[4]!.leadId;

  async function expectSameDiff(base: PolicySet, head: PolicySet, records: readonly Values[] = leads) {
    const compiled = await diffBehaviour(base, head, inputs(records), corpusAsOf, [read, read], { topLimit, keepChanged: true });
    const duckdb = await diffBehaviourDuckDb(
      base,
      head,
      inputs(records),
      corpusAsOf,
      [read, read],
      { topLimit, keepChanged: true },
      undefined,
      { threads: 2 },
    );
    expect(duckdb.behaviour).toEqual(compiled.behaviour);
    expect(JSON.stringify(duckdb)).toBe(JSON.stringify(compiled));
    return duckdb.behaviour;
  }

  it("no change between a version and itself", async () => {
    const behaviour = await expectSameDiff(bundled, bundled);
    expect(behaviour.changedLeads).toBe(0);
    expect(behaviour.leads).toBeGreaterThan(2_500);
  }, 60_000);

  it("points, decay, an SLA, the rules' order, content and retention changed at once", async () => {
    const head = variant(({ ScoringModel: scoring, Routing: routing, RetentionSchedule: retention, ContentApproval: content }) => {
      scoring!.rules[0]!.points += 7;
      scoring!.dimensions[1]!.decay = { fact: "lastActivityAt", everyDays: 5, points: 4 };
      routing!.rules[0]!.sla = { ...routing!.rules[0]!.sla, firstTouchHours: (routing!.rules[0]!.sla.firstTouchHours ?? 4) + 3 };
      routing!.rules.reverse();
      retention!.rules[1]!.keepDays += 10;
      content!.assets[0]!.stages = [...content!.assets[0]!.stages, "lead"];
    });
    const behaviour = await expectSameDiff(bundled, head);
    for (const field of ["score", "grade", "sla", "queue", "owner", "content", "retentionDate"] as const)
      expect(behaviour.changes[field], field).toBeGreaterThan(0);
  }, 60_000);

  it("points moved between dimensions, grade bands, a retention action, a dimension added", async () => {
    // Three fit rules counted as engagement: many leads keep their total, not their points.
    const moved = variant(({ ScoringModel: scoring }) => {
      for (const rule of scoring!.rules.filter((r) => r.dimension === "fit").slice(0, 3)) rule.dimension = "engagement";
    });
    const points = await expectSameDiff(bundled, moved);
    expect(points.top.filter((l) => l.scoreDelta === 0 && l.fields.join() === "score").length).toBeGreaterThan(0);
    const bands = variant(({ ScoringModel: scoring }) => {
      scoring!.grades.bands[0]!.min = 40;
    });
    expect((await expectSameDiff(bundled, bands)).changes.grade).toBeGreaterThan(0);
    const action = variant(({ RetentionSchedule: retention }) => {
      for (const rule of retention!.rules) if (rule.action === "delete") rule.action = "anonymize";
    });
    expect((await expectSameDiff(bundled, action)).changes.retentionAction).toBeGreaterThan(0);
    const added = variant(({ ScoringModel: scoring }) => {
      scoring!.dimensions.push({ id: "intent", description: "", cap: 10 });
    });
    expect((await expectSameDiff(bundled, added, leads.slice(0, 500))).changes.score).toBeGreaterThan(400);
  }, 60_000);

  it("steps only one version has: no lifecycle, no routing and content", async () => {
    const noLifecycle = variant(() => {}, ["Lifecycle"]);
    expect((await expectSameDiff(bundled, noLifecycle)).changes.stage).toBeGreaterThan(0);
    const noRouting = variant(() => {}, ["ContentApproval", "Routing"]);
    expect((await expectSameDiff(noRouting, bundled)).changes.owner).toBeGreaterThan(0);
  }, 60_000);

  it("dictionaries that differ: rows only one version decides still take that version's owners in turn", async () => {
    const otherId = variant(({ DataDictionary: dictionary }) => {
      dictionary!.idField = "email";
    });
    expect((await expectSameDiff(otherId, bundled)).changes.owner).toBeGreaterThan(0);
    const fewerValues = variant(({ DataDictionary: dictionary }) => {
      const jobFunction = dictionary!.objects.flatMap((o) => o.fields).find((f) => f.name === "jobFunction")!;
      jobFunction.values = jobFunction.values!.slice(0, 3);
    });
    await expectSameDiff(bundled, fewerValues);
  }, 60_000);
});
