/**
 * The pipeline compiled to SQL (sql/) decides what the compiled engine decides, step by step as the SQL
 * compiler covers them, every field of each step's outcome, on leads as the input contract hands them on:
 * generated leads, null-heavy leads (most values missing or bad, so read as empty), and hand-varied
 * policy sets (fractional points, decay, resets, no exclusions, a dimension no rule feeds).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { planPolicies } from "../src/compile/plan.js";
import { createIntake } from "../src/input/intake.js";
import type { PolicySet } from "../src/index.js";
import { simulateLeads, specOf } from "../src/index.js";
import { chainSql, stepSqlContext } from "../src/sql/step-sql.js";
import { scoreSteps } from "../src/sql/score-sql.js";
import { lifecycleSteps } from "../src/sql/lifecycle-sql.js";
import { duckdb, loadLeads, openDuckDb } from "./helpers/duckdb.js";
import { corpusAsOf } from "./helpers/policies.js";
import { bundled, inputs, leadsAt, nullHeavy, variant, type Values } from "./helpers/varied-policies.js";

const asOfMs = Date.parse(corpusAsOf);
let connection: DuckDBConnection;
beforeEach(async () => {
  connection = await openDuckDb();
});
afterEach(() => connection.closeSync());

/** The leads as normalized by the set's dictionary, in input order (rejected records left out, as simulate does). */
function normalized(set: PolicySet, leads: readonly Values[]): Values[] {
  const intake = createIntake(planPolicies(set), { file: "leads.ndjson", checkHeader: false });
  return inputs(leads).flatMap(({ record }) => {
    const taken = intake.take(record.values, record.row);
    return taken ? [{ ...taken.lead } as Values] : [];
  });
}

/** Each lead's outcome of the steps the SQL compiler covers, in the compiled engine's shape. */
async function sqlOutcomes(set: PolicySet, leads: readonly Values[]) {
  const plan = planPolicies(set);
  const scoring = specOf(set, "ScoringModel")!;
  const lifecycle = specOf(set, "Lifecycle")!;
  await loadLeads(connection, plan.dictionary, normalized(set, leads));
  const context = stepSqlContext(plan, duckdb, asOfMs);
  const query = chainSql("leads", [...scoreSteps(scoring, context), ...lifecycleSteps(lifecycle, context)], duckdb);
  const rows = (await connection.runAndReadAll(`${query} ORDER BY "__lead_order"`)).getRowObjectsJS();
  const column = (row: Record<string, unknown>, name: string) => row[name];
  return rows.map((row) => ({
    score: scoreOf(row),
    lifecycle: {
      before: column(row, "lifecycle.before"),
      after: column(row, "stage"),
      path: column(row, "lifecycle.path"),
      oscillation: column(row, "lifecycle.oscillation"),
      enteredAt: column(row, "lifecycle.enteredAt"),
      disposition: {
        required: column(row, "disposition.required"),
        code: column(row, "disposition.code"),
        dueAt: column(row, "disposition.dueAt"),
        status: column(row, "disposition.status"),
      },
    },
  }));

  function scoreOf(row: Record<string, unknown>) {
    return {
      dimensions: Object.fromEntries(scoring.dimensions.map((d) => [d.id, column(row, `score.${d.id}`)])),
      total: column(row, "score.total"),
      grade: column(row, "score.grade"),
      thresholds: scoring.thresholds.filter((t) => column(row, `threshold.${t.id}`) === true).map((t) => t.id),
      excluded: column(row, "score.exclusion"),
      rules: scoring.rules
        .filter((r) => column(row, `holds:rule:${r.id}`) === true)
        .map((r) => ({ id: r.id, dimension: r.dimension, points: r.points })),
      decay: Object.fromEntries(
        scoring.dimensions
          .filter((d) => (column(row, `score.${d.id}.decay`) as number) > 0)
          .map((d) => [d.id, column(row, `score.${d.id}.decay`)]),
      ),
      reset: scoring.dimensions.filter((d) => column(row, `score.${d.id}.reset`) === true).map((d) => d.id),
    };
  }
}

async function compiledOutcomes(set: PolicySet, leads: readonly Values[]) {
  const result = await simulateLeads(set, inputs(leads), { asOf: corpusAsOf, engine: "compiled", checkHeader: false });
  return result.rows.map((row) => ({ score: row.score, lifecycle: row.lifecycle }));
}

async function expectSameOutcomes(set: PolicySet, leads: readonly Values[]) {
  const expected = await compiledOutcomes(set, leads);
  expect(expected.length).toBeGreaterThan(0);
  const actual = await sqlOutcomes(set, leads);
  // The first lead that differs, whole, rather than a diff of thousands.
  const first = expected.findIndex((e, i) => JSON.stringify(e) !== JSON.stringify(actual[i]));
  if (first >= 0) expect({ lead: first, ...actual[first] }).toEqual({ lead: first, ...expected[first] });
  expect(actual).toEqual(expected);
}

describe("scoring in SQL", () => {
  it("scores 2,000 generated leads as the compiled engine does", async () => {
    await expectSameOutcomes(bundled, leadsAt(corpusAsOf, 2_000, 41));
  }, 60_000);

  it("scores 2,000 null-heavy leads as the compiled engine does", async () => {
    await expectSameOutcomes(bundled, nullHeavy(leadsAt(corpusAsOf, 2_000, 42), 43));
  }, 60_000);

  it("scores varied sets: fractional points, steep decay, no exclusions, an unfed dimension", async () => {
    const set = variant((specs) => {
      const scoring = specs.ScoringModel!;
      scoring.rules.forEach((r, i) => {
        r.points = r.points + (i % 3) * 0.1;
      });
      scoring.dimensions.forEach((d) => {
        if (d.decay) d.decay = { ...d.decay, everyDays: 3, points: 7 };
        d.floor = -5;
      });
      scoring.dimensions.push({ id: "unfed", description: "no rule", cap: 10, floor: 2 });
      delete scoring.exclusions;
    });
    await expectSameOutcomes(set, [...leadsAt(corpusAsOf, 1_000, 44), ...nullHeavy(leadsAt(corpusAsOf, 500, 45), 46)]);
  }, 60_000);

  it("walks a lifecycle that oscillates, recycles often and recycles into a stage it recycles from", async () => {
    const set = variant((specs) => {
      const lifecycle = specs.Lifecycle!;
      lifecycle.transitions.push(
        { id: "back-to-lead", description: "always", from: ["mql", "recycled"], to: "lead", when: { all: [] } },
        { id: "lead-to-recycled", description: "always", from: ["lead"], to: "recycled", when: { all: [] } },
      );
      lifecycle.recycle = { ...lifecycle.recycle!, afterDays: 10, from: ["mql", "sal", "recycled"] };
    });
    const leads = [...leadsAt(corpusAsOf, 1_500, 48), ...nullHeavy(leadsAt(corpusAsOf, 500, 49), 50)];
    const outcomes = await compiledOutcomes(set, leads);
    expect(outcomes.some((o) => o.lifecycle !== null && o.lifecycle.oscillation !== null)).toBe(true);
    // Recycled again from "recycled", then back round to it: the stages visited hold it once.
    expect(outcomes.some((o) => o.lifecycle?.before === "recycled" && o.lifecycle.path[0] === "recycle" && o.lifecycle.oscillation)).toBe(
      true,
    );
    await expectSameOutcomes(set, leads);
  }, 60_000);

  it("scores a set where excluded leads would reach a threshold and decay counts every day", async () => {
    const set = variant((specs) => {
      const scoring = specs.ScoringModel!;
      scoring.thresholds.push({ id: "anyone", description: "every lead not excluded", minimums: { total: -1_000 } });
      scoring.dimensions.forEach((d) => {
        if (d.decay) d.decay = { ...d.decay, everyDays: 1, points: 1 };
      });
    });
    const leads = leadsAt(corpusAsOf, 1_500, 47);
    const scores = (await compiledOutcomes(set, leads)).map((o) => o.score);
    // The set is only a test if both kinds of lead are in it.
    expect(scores.some((s) => s !== null && s.excluded !== null)).toBe(true);
    expect(scores.some((s) => s !== null && Object.keys(s.decay).length > 0)).toBe(true);
    await expectSameOutcomes(set, leads);
  }, 60_000);
});
