/**
 * `leadrules nurture` on the bundled programs: one hand-built lead per case (a row of the sample with the
 * cells the case is about), the hand-written send log and signals of tests/fixtures/nurture, as of Monday
 * 2026-06-15 12:00 UTC (08:00 in New York, when the americas calendar opens). Each case's expectation is
 * written here by hand from the policy; the golden files only pin the exact text around them.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { nurtureLeadFile, type NurtureDecision } from "../src/index.js";
import { runCli } from "./helpers/cli.js";
import { fullLeadsCsv } from "./helpers/full-leads.js";
import { validSet } from "./helpers/policies.js";
import { makeTempDir, repoRoot, updateGolden } from "./helpers/policy-fixtures.js";

const asOf = "2026-06-15T12:00:00.000Z";
const fixtures = path.join(repoRoot, "tests/fixtures/nurture");
const sends = path.join(fixtures, "sends.csv");
const signals = path.join(fixtures, "signals.yaml");
const goldens = path.join(repoRoot, "tests/cases/nurture");

/** Cells that keep a lead quiet: no engagement that would score it to MQL or move its stage. */
const quiet = {
  demoRequested: "false",
  trialStarted: "false",
  contentDownloads: "0",
  webinarsAttended: "0",
  pricingPageVisits: "0",
  emailClicks: "0",
  emailBounced: "false",
  unsubscribed: "false",
  consentStatus: "granted",
  country: "US",
  stateCode: "NY",
  convertedOpportunityId: "",
  dispositionCode: "",
  dispositionAt: "",
  isCustomer: "false",
  firstTouchAt: "",
  jobFunction: "data",
  lifecycleStage: "lead",
  createdAt: "2025-10-22T05:26:00.000Z",
  lastActivityAt: "2026-06-01T11:00:00.000Z",
};

interface Case {
  id: string;
  cells: Record<string, string>;
  expect: Partial<Pick<NurtureDecision, "status" | "program" | "track">> & { step?: string; plannedAt?: string; because?: string[] };
}

const cases: Case[] = [
  {
    id: "N01",
    cells: { lifecycleStage: "subscriber", createdAt: "2026-06-10T14:00:00.000Z", stageEnteredAt: "2026-06-10T14:00:00.000Z" },
    // Welcome, wait 0: the calendar's next opening, the as-of time itself.
    expect: { status: "scheduled", program: "welcome", track: "welcome", step: "welcome-email", plannedAt: "2026-06-15T12:00:00.000Z" },
  },
  {
    id: "N02",
    cells: { stageEnteredAt: "2026-06-12T14:00:00.000Z" },
    // In the program since it entered its stage on Friday: two business days later is Tuesday's opening.
    expect: {
      status: "scheduled",
      program: "early-education",
      track: "data-practitioners",
      step: "webinar",
      plannedAt: "2026-06-16T12:00:00.000Z",
    },
  },
  {
    id: "N03",
    cells: { jobFunction: "finance", stageEnteredAt: "2025-10-22T05:26:00.000Z" },
    // In its stage since October: the first touch is overdue and goes out at the next opening, now.
    expect: {
      status: "scheduled",
      program: "early-education",
      track: "business-buyers",
      step: "ebook",
      plannedAt: "2026-06-15T12:00:00.000Z",
    },
  },
  {
    id: "N04",
    cells: { emailClicks: "3" },
    // Whitepaper sent Monday 8 June 10:00 New York; the engaged branch skips the e-book; five business days on: Monday 15 June.
    expect: {
      status: "scheduled",
      program: "early-education",
      track: "data-practitioners",
      step: "tour",
      plannedAt: "2026-06-15T12:00:00.000Z",
    },
  },
  {
    id: "N05",
    cells: {},
    // Three emails on 12, 13 and 14 June at 11:00 New York (15:00 UTC): the fourth fits once the first leaves the window, 19 June 15:00 UTC.
    expect: {
      status: "capped",
      program: "early-education",
      step: "webinar",
      plannedAt: "2026-06-19T15:00:00.000Z",
      because: ["contact-cap"],
    },
  },
  {
    id: "N06",
    cells: { firstTouchAt: "2026-06-15T10:00:00.000Z" },
    // A sales touch this morning: no marketing for 3 days, to Thursday 10:00 UTC, the calendar's opening at 12:00 UTC.
    expect: {
      status: "held",
      program: "early-education",
      step: "webinar",
      plannedAt: "2026-06-18T12:00:00.000Z",
      because: ["sales-touch"],
    },
  },
  {
    id: "N07",
    cells: { country: "DE", stateCode: "", consentStatus: "not-asked" },
    expect: { status: "suppressed", program: "early-education", step: "webinar", because: ["consent"] },
  },
  {
    id: "N08",
    cells: { lifecycleStage: "recycled", stageEnteredAt: "2026-05-01T10:00:00.000Z" },
    expect: { status: "paused", program: "recycled-reengagement", track: "reengage", step: "webinar", because: ["breaker"] },
  },
  { id: "N09", cells: { lifecycleStage: "disqualified" }, expect: { status: "none", program: null, track: null } },
  {
    id: "N10",
    // Entered sal this morning: one business day later.
    cells: { lifecycleStage: "sal", stageEnteredAt: "2026-06-15T10:00:00.000Z" },
    expect: { status: "scheduled", program: "sales-accepted", track: "proof", step: "analyst", plannedAt: "2026-06-16T12:00:00.000Z" },
  },
  {
    id: "N11",
    cells: { lifecycleStage: "opportunity", convertedOpportunityId: "006000000000001" },
    expect: { status: "scheduled", program: "open-opportunity", track: "buying-committee", step: "implementation" },
  },
  {
    id: "N12",
    cells: { lifecycleStage: "customer", isCustomer: "true", convertedOpportunityId: "006000000000002" },
    expect: { status: "scheduled", program: "customer-renewal", track: "renewal", step: "adoption" },
  },
  {
    id: "N13",
    cells: { lifecycleStage: "recycled", country: "CA", stateCode: "ON", consentStatus: "denied" },
    // Recycled but a denial: the Canadian gate and the unsubscribe gate both stop email (the breaker pauses first).
    expect: { status: "paused", program: "recycled-reengagement" },
  },
  {
    id: "N14",
    cells: { pricingPageVisits: "0", demoRequested: "true" },
    expect: { status: "escalated", program: "early-education", track: null },
  },
  {
    id: "N15",
    cells: { lifecycleStage: "customer", isCustomer: "true", convertedOpportunityId: "006000000000003" },
    expect: { status: "completed", program: "customer-renewal", track: "renewal" },
  },
];

let leadsFile: string;
let decisions: Map<string, NurtureDecision>;

beforeAll(async () => {
  leadsFile = path.join(makeTempDir(), "leads.csv");
  writeFileSync(leadsFile, fullLeadsCsv(cases.map((c) => ({ ...quiet, ...c.cells, leadId: c.id }))));
  decisions = new Map();
  await nurtureLeadFile(
    validSet(),
    { leads: leadsFile, asOf, sends, sendsTimeZone: "America/New_York", signals },
    (d) => void decisions.set(d.id, d),
  );
});

describe("nurture: one lead per case, expectations written from the policy", () => {
  it.each(cases)("$id", ({ id, expect: wanted }) => {
    const d = decisions.get(id)!;
    expect(d, `no decision for ${id}`).toBeDefined();
    if (wanted.status !== undefined) expect(d.status).toBe(wanted.status);
    if (wanted.program !== undefined) expect(d.program).toBe(wanted.program);
    if (wanted.track !== undefined) expect(d.track).toBe(wanted.track);
    if (wanted.step !== undefined) expect(d.next?.step).toBe(wanted.step);
    if (wanted.plannedAt !== undefined) expect(d.next?.plannedAt).toBe(wanted.plannedAt);
    if (wanted.because !== undefined) expect(d.because.map((b) => b.by)).toEqual(wanted.because);
  });
});

describe("nurture (golden)", () => {
  const golden = (name: string, text: string) => {
    const file = path.join(goldens, name);
    if (updateGolden) writeFileSync(file, text);
    // Golden files never write themselves: a missing one fails until it is written on purpose and reviewed.
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(text).toBe(readFileSync(file, "utf8"));
  };
  const cli = (...args: string[]) =>
    runCli([
      "nurture",
      "--leads",
      leadsFile,
      "--as-of",
      asOf,
      "--sends",
      sends,
      "--sends-time-zone",
      "America/New_York",
      "--signals",
      signals,
      ...args,
    ]);

  it("rows (ndjson) and summary (text)", async () => {
    const rows = await cli("--format", "ndjson");
    expect(rows.code).toBe(0);
    golden("rows.ndjson", rows.stdout);
    const summary = await cli();
    expect(summary.code).toBe(0);
    golden("summary.txt", summary.stdout.replace(leadsFile, "leads.csv"));
  });

  it.each(["N04", "N05", "N07", "N08", "N09"])("explain %s", async (id) => {
    const run = await cli("--lead", id);
    expect(run.code).toBe(0);
    golden(`explain-${id}.txt`, run.stdout);
  });
});
